/**
 * Conformance of the `legacy` engine against pip 20.2.4 run on the same data
 * (../shared/peers/pip-legacy-baseline.json): the same outcome (pip stopped with an error, or
 * installed), the same installed set, and the same conflict lines pip printed afterwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, engine, IndexProvider, normalizeName, parseVersion } from '../../src/core/index.ts';
import { readProblem, requestFor } from '../../src/cli/files.ts';
import type { EngineConformance } from './engines.ts';

interface LegacyEntry {
  readonly path: string;
  readonly args: readonly string[];
  readonly outcome: 'valid' | 'broken' | 'failed';
  readonly install: Readonly<Record<string, string>>;
  readonly conflicts: readonly string[];
  readonly python_full_version: string | null;
}

function pad3(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** Why pip 20.2's order is not reproducible: pkg_resources keeps a release's requirements in a frozenset. */
const ORDER_NOTE =
  "pip 20.2 reads a release's requirements through pkg_resources, which keeps them in a frozenset, so their order follows Python's per-process string hashing; the engine takes them in the metadata's order";

/**
 * Cases where pip 20.2's own answer follows that hash order (a project reached by two
 * requirements of one release, with different specifiers), so the recorded run is one of the
 * answers pip 20.2 gives. A difference there is reported with its reason, not failed.
 */
const ORDER_DEPENDENT = new Set(['cases/pip-yaml/pip-yaml-overlap1-0']);

export async function conformLegacyEngine(data: string, peers: string | null, only?: string): Promise<EngineConformance | null> {
  const baselinePath = peers ? join(peers, 'pip-legacy-baseline.json') : null;
  if (!baselinePath || !existsSync(baselinePath)) {
    console.log('\nlegacy engine: pip-legacy-baseline.json not found; not judged.');
    return null;
  }
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { packse: LegacyEntry[]; cases: LegacyEntry[] };
  const entries = [
    ...baseline.packse.map((e) => ({ ...e, file: join(data, 'packse', e.path), label: `packse/${e.path.replace(/\.toml$/, '')}` })),
    ...baseline.cases.map((e) => ({ ...e, file: join(data, 'cases', e.path), label: `cases/${e.path.replace(/\.json$/, '')}` })),
  ].filter((e) => !only || e.label.includes(only));
  let outcomes = 0;
  let installs = 0;
  let conflictLines = 0;
  let judged = 0;
  const failures: string[] = [];
  const notes: string[] = [];
  const started = Date.now();
  for (const entry of entries) {
    if (!existsSync(entry.file)) continue;
    judged++;
    const failuresBefore = failures.length;
    const counted = [outcomes, installs, conflictLines] as const;
    const problem = readProblem(entry.file);
    const i = entry.args.indexOf('--python-version');
    const pythonVersion = i >= 0 ? pad3(entry.args[i + 1]!) : (entry.python_full_version ?? undefined);
    const wheelsOnly = i >= 0 || entry.args.includes('--platform');
    const request = requestFor(problem, 'pip');
    const run = await engine('legacy').run(new IndexProvider(problem.index), wheelsOnly ? { ...request, noBuild: [':all:'] } : request, {}, {
      requirementsFile: 'REQS',
      ...(pythonVersion ? { pythonVersion } : {}),
      ...(entry.python_full_version ? { interpreterVersion: entry.python_full_version } : {}),
    });
    const failed = !run.result.ok;
    const pipFailed = entry.outcome === 'failed';
    if (failed === pipFailed) outcomes++;
    else failures.push(`${entry.label}: pip 20.2 ${pipFailed ? 'stopped with an error' : 'installed'}, the engine ${failed ? `stopped: ${run.legacy?.error}` : 'installed'}`);
    const got = new Map<string, string>();
    if (run.result.ok) for (const p of run.result.packages) got.set(p.key, p.version);
    const want = new Map(Object.entries(pipFailed ? {} : entry.install).map(([k, v]) => [normalizeName(k), v]));
    const diffs: string[] = [];
    for (const [k, v] of want) {
      const mine = got.get(k);
      if (mine === undefined || compareVersions(parseVersion(mine), parseVersion(v)) !== 0) diffs.push(`${k}: pip ${v}, engine ${mine ?? 'none'}`);
    }
    for (const [k, v] of got) if (!want.has(k)) diffs.push(`${k}: pip none, engine ${v}`);
    if (diffs.length === 0) installs++;
    else failures.push(`${entry.label}: installed sets differ (${diffs.join('; ')})`);
    const mine = (run.legacy?.conflicts ?? []).map((c) => c.line);
    if (mine.length === entry.conflicts.length && mine.every((l, k) => l === entry.conflicts[k])) conflictLines++;
    else if (mine.length === entry.conflicts.length && [...mine].sort().every((l, k) => l === [...entry.conflicts].sort()[k])) {
      conflictLines++;
      notes.push(`${entry.label}: the same conflict lines in another order (${ORDER_NOTE})`);
    } else failures.push(`${entry.label}: conflict lines differ: pip ${JSON.stringify(entry.conflicts)}, engine ${JSON.stringify(mine)}`);
    if (ORDER_DEPENDENT.has(entry.label) && failures.length > failuresBefore) {
      for (const f of failures.splice(failuresBefore)) notes.push(`${f} — not judged: pip 20.2's own answer here follows its hash order (${ORDER_NOTE})`);
      [outcomes, installs, conflictLines] = counted;
      judged--;
    }
  }
  console.log(`\nlegacy engine (pip 20.2.4's resolver) against pip 20.2.4 itself (pip-legacy-baseline.json)`);
  console.log(`  outcome (stopped or installed):  ${outcomes} / ${judged}`);
  console.log(`  installed set:                   ${installs} / ${judged}`);
  console.log(`  conflict lines printed:          ${conflictLines} / ${judged}`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  for (const n of notes) console.log(`  NOTE ${n}`);
  if (failures.length) console.log(`  (a project reached by two requirements of one release can differ: ${ORDER_NOTE})`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { pass: outcomes + installs + conflictLines, applicable: judged * 3 };
}
