/**
 * PEP 440 speed against @renovatebot/pep440, on the same inputs: a realistic mix of a
 * package's release history and the specifiers that requirements put on it.
 *
 * `npx tsx bench/pep440.ts` prints a table; `benchPep440()` gives the rows.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { clean, compare, satisfies } from '@renovatebot/pep440';
import {
  compareVersions,
  compileSpecifierSet,
  containsVersion,
  formatVersion,
  parseSpecifierSet,
  parseVersion,
  type Version,
  type VersionPredicate,
} from '../src/core/pep440/index.ts';

export interface BenchRow {
  readonly label: string;
  readonly oursOpsPerSec: number;
  readonly oracleOpsPerSec: number;
  /** ours / oracle */
  readonly ratio: number;
}

/** A release history like numpy's or requests': finals, pre-releases, posts, dev, local, one epoch. */
function versionMix(): string[] {
  const out: string[] = [];
  for (let minor = 14; minor <= 26; minor++) {
    out.push(`1.${minor}.0rc1`, `1.${minor}.0`);
    for (let patch = 1; patch <= 4; patch++) out.push(`1.${minor}.${patch}`);
  }
  out.push(
    '1.21.0.post1', '1.22.0.dev0', '1.24.0b1', '2.0.0a1', '2.0.0b1', '2.0.0rc1', '2.0.0rc2', '2.0.0',
    '2.0.1', '2.0.2', '2.1.0.dev20240101', '2.1.0rc1', '2.1.0', '2.1.1+cpu', '2.1.1+cu121', '2.2.0',
    '0.9.8', '0.10.0', '2023.10.1', '2024.2.0', '1!1.0', 'v1.25.2', '3.0.0.dev0', '1.26.4+local.7',
  );
  return out;
}

const SPECIFIER_MIX = [
  '>=1.20',
  '>=1.20,<2',
  '~=1.21.0',
  '==1.22.*',
  '!=1.23.0,>=1.22',
  '>=2.0.0rc1',
  '<3',
  '==1.26.4',
  '>1.19,<=1.25.2',
  '~=2023.10',
  '>=1.0,!=1.24.*,<3',
  '==2.1.1+cpu',
  '>=1.21.0.post1,<1.25',
  '~=2.0',
  '!=2.0.0',
  '>=1.16, <2.0, !=1.19.3',
];

/** Runs `batch` (which does `n` operations) until `ms` have passed; operations per second. */
function opsPerSec(batch: () => void, n: number, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    batch();
    ops += n;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

let sink = 0;

interface Case {
  readonly label: string;
  /** One batch of our operations, and how many operations it is. */
  readonly ours: () => void;
  readonly oracle: () => void;
  readonly n: number;
}

function cases(): Case[] {
  const texts = versionMix();
  const versions: Version[] = texts.map(parseVersion);
  const specTexts = SPECIFIER_MIX;
  const predicates: VersionPredicate[] = specTexts.map((s) => compileSpecifierSet(parseSpecifierSet(s)));
  const pairs = texts.length * specTexts.length;
  const compareRounds = texts.length;

  return [
    {
      label: 'containment, pre-parsed version, compiled set',
      n: pairs,
      ours: () => {
        for (const p of predicates) for (const v of versions) if (p(v)) sink++;
      },
      oracle: () => {
        for (const s of specTexts) for (const t of texts) if (satisfies(t, s, { prereleases: true })) sink++;
      },
    },
    {
      label: 'containment from strings (parse both, default pre-release filter)',
      n: pairs,
      ours: () => {
        for (const s of specTexts) {
          for (const t of texts) if (containsVersion(parseSpecifierSet(s), parseVersion(t))) sink++;
        }
      },
      oracle: () => {
        for (const s of specTexts) for (const t of texts) if (satisfies(t, s)) sink++;
      },
    },
    {
      label: 'compare two version strings',
      n: compareRounds * texts.length,
      ours: () => {
        for (const a of texts) for (const b of texts) sink += compareVersions(parseVersion(a), parseVersion(b));
      },
      oracle: () => {
        for (const a of texts) for (const b of texts) sink += compare(a, b);
      },
    },
    {
      label: 'parse and normalise a version string',
      n: texts.length,
      ours: () => {
        for (const t of texts) sink += formatVersion(parseVersion(t)).length;
      },
      oracle: () => {
        for (const t of texts) sink += clean(t)?.length ?? 0;
      },
    },
  ];
}

/** Each case: warm up both sides, then time each for a while (hundreds of thousands of operations). */
export function benchPep440(options: { ms?: number } = {}): BenchRow[] {
  const ms = options.ms ?? 600;
  return cases().map((c) => {
    opsPerSec(c.ours, c.n, ms / 3);
    opsPerSec(c.oracle, c.n, ms / 3);
    const oursOpsPerSec = opsPerSec(c.ours, c.n, ms);
    const oracleOpsPerSec = opsPerSec(c.oracle, c.n, ms);
    return { label: c.label, oursOpsPerSec, oracleOpsPerSec, ratio: oursOpsPerSec / oracleOpsPerSec };
  });
}

function formatRate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M/s` : `${(n / 1e3).toFixed(0)} k/s`;
}

/** The rows as an aligned text table. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const header = ['case', 'ours', '@renovatebot/pep440', 'ratio'];
  const body = rows.map((r) => [r.label, formatRate(r.oursOpsPerSec), formatRate(r.oracleOpsPerSec), `${r.ratio.toFixed(1)}x`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = benchPep440();
  console.log(formatBenchTable(rows));
  if (sink === 0.5) console.log('');
}
