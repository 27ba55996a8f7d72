/**
 * Which releases an advisory affects: the OSV evaluation for ecosystem PyPI
 * (https://ossf.github.io/osv-schema/#evaluation). A release is affected when, for one of the
 * record's `affected[]` entries of its project, it is listed in `versions` (PEP 440 equality;
 * string equality for versions that are not PEP 440) or lies in an `ECOSYSTEM` range: events
 * sorted by PEP 440 order (a stable sort), `introduced` switches on at v >= x (`"0"` from the
 * start), `fixed` switches off at v >= x, `last_affected` at v > x, and a `limit` caps the
 * range at v < limit. Withdrawn records affect nothing. Checked against PyPA's own figures in
 * ../shared/data/advisories/EXPECTED.md (computed with Python's `packaging`).
 */
import { compareVersions, tryParseVersion, type Version } from '../pep440/index.ts';
import { normalizeName } from '../pep508/index.ts';
import type { Advisory } from '../index/model.ts';

/** What a plan, a report or a voice says of one advisory affecting one release. */
export interface AdvisoryHit {
  readonly id: string;
  readonly summary: string;
  readonly aliases: readonly string[];
  /** Versions that fix it (the `fixed` events of the ranges that hold this project), ascending. */
  readonly fixed: readonly string[];
  /** The last affected versions named (`last_affected`), when the record gives no fix. */
  readonly lastAffected: readonly string[];
  readonly url: string | null;
}

interface CompiledEvent {
  readonly kind: 'introduced' | 'fixed' | 'last_affected';
  readonly at: Version | null; // null: "0", the start
}

interface CompiledRange {
  readonly events: readonly CompiledEvent[];
  readonly limits: readonly Version[];
}

interface CompiledEntry {
  readonly listedText: ReadonlySet<string>;
  /** Listed versions by equality key (confirmed with compareVersions, so the key may be loose). */
  readonly listedVersions: ReadonlyMap<string, readonly Version[]>;
  readonly ranges: readonly CompiledRange[];
}

interface CompiledAdvisory {
  readonly hit: AdvisoryHit;
  readonly entries: readonly CompiledEntry[];
}

export interface MatchProblem {
  readonly advisory: string;
  readonly message: string;
}

/** Whether `v` lies in one ECOSYSTEM range whose events are sorted (the OSV pseudo-code). */
function inRange(v: Version, range: CompiledRange): boolean {
  let affected = false;
  for (const event of range.events) {
    if (event.kind === 'introduced') {
      if (event.at === null || compareVersions(v, event.at) >= 0) affected = true;
    } else if (event.kind === 'fixed') {
      if (event.at !== null && compareVersions(v, event.at) >= 0) affected = false;
    } else if (event.at !== null && compareVersions(v, event.at) > 0) {
      affected = false;
    }
  }
  if (affected && range.limits.length > 0) affected = range.limits.some((limit) => compareVersions(v, limit) < 0);
  return affected;
}

/** Equal versions (PEP 440: 1.0 == 1.0.0) share this key. */
function equalityKey(v: Version): string {
  let end = v.release.length;
  while (end > 1 && v.release[end - 1] === 0) end--;
  return `${v.epoch}!${v.release.slice(0, end).join('.')}|${v.pre?.join('') ?? ''}|${v.post ?? ''}|${v.dev ?? ''}|${v.local?.join('.') ?? ''}`;
}

function entryAffects(entry: CompiledEntry, text: string, v: Version | null, key: string | null): boolean {
  if (entry.listedText.has(text)) return true;
  if (v === null) return false;
  const same = entry.listedVersions.get(key!);
  if (same) for (const listed of same) if (compareVersions(v, listed) === 0) return true;
  for (const range of entry.ranges) if (inRange(v, range)) return true;
  return false;
}

const byVersion = (a: string, b: string) => {
  const va = tryParseVersion(a);
  const vb = tryParseVersion(b);
  return va && vb ? compareVersions(va, vb) : a < b ? -1 : a > b ? 1 : 0;
};

/** Advisories compiled per project for fast matching (a whole snapshot is 28k releases). */
export class AdvisoryIndex {
  private readonly byProject = new Map<string, CompiledAdvisory[]>();
  /** Events that are not PEP 440 (skipped, as packaging would fail on them). */
  readonly problems: MatchProblem[] = [];
  readonly size: number;

  constructor(advisories: readonly Advisory[]) {
    let size = 0;
    for (const advisory of advisories) {
      if (advisory.withdrawn) continue;
      size++;
      const perProject = new Map<string, { entries: CompiledEntry[]; fixed: Set<string>; lastAffected: Set<string> }>();
      for (const affected of advisory.affected) {
        const key = normalizeName(affected.name);
        let slot = perProject.get(key);
        if (!slot) perProject.set(key, (slot = { entries: [], fixed: new Set(), lastAffected: new Set() }));
        const ranges: CompiledRange[] = [];
        for (const range of affected.ranges ?? []) {
          if (range.type !== 'ECOSYSTEM') continue;
          const events: CompiledEvent[] = [];
          const limits: Version[] = [];
          for (const event of range.events) {
            if (event.kind === 'introduced' && event.version === '0') {
              events.push({ kind: 'introduced', at: null });
              continue;
            }
            const at = tryParseVersion(event.version);
            if (!at) {
              this.problems.push({ advisory: advisory.id, message: `${advisory.id}: ${event.kind} ${JSON.stringify(event.version)} is not a PEP 440 version; event skipped` });
              continue;
            }
            if (event.kind === 'limit') limits.push(at);
            else events.push({ kind: event.kind, at });
            if (event.kind === 'fixed') slot.fixed.add(event.version);
            if (event.kind === 'last_affected') slot.lastAffected.add(event.version);
          }
          // Stable: equal versions keep the order published, as Python's sorted() does.
          events.sort((a, b) => (a.at === null ? (b.at === null ? 0 : -1) : b.at === null ? 1 : compareVersions(a.at, b.at)));
          ranges.push({ events, limits });
        }
        const listedVersions = new Map<string, Version[]>();
        for (const text of affected.versions) {
          const v = tryParseVersion(text);
          if (!v) continue;
          const key = equalityKey(v);
          listedVersions.set(key, [...(listedVersions.get(key) ?? []), v]);
        }
        slot.entries.push({ listedText: new Set(affected.versions), listedVersions, ranges });
      }
      const reference = advisory.references?.find((r) => r.type === 'ADVISORY') ?? advisory.references?.[0];
      for (const [key, slot] of perProject) {
        const hit: AdvisoryHit = {
          id: advisory.id,
          summary: advisory.summary || firstSentence(advisory.details ?? ''),
          aliases: advisory.aliases ?? [],
          fixed: [...slot.fixed].sort(byVersion),
          lastAffected: [...slot.lastAffected].sort(byVersion),
          url: reference?.url ?? null,
        };
        const list = this.byProject.get(key) ?? [];
        list.push({ hit, entries: slot.entries });
        this.byProject.set(key, list);
      }
    }
    this.size = size;
  }

  /** Whether any advisory names the project. */
  has(project: string): boolean {
    return this.byProject.has(normalizeName(project));
  }

  projects(): string[] {
    return [...this.byProject.keys()];
  }

  /** The advisories that affect `version` of `project`, ordered by id (`parsed`: the version, when the caller has it). */
  affecting(project: string, version: string, parsed?: Version | null): AdvisoryHit[] {
    const list = this.byProject.get(this.byProject.has(project) ? project : normalizeName(project));
    if (!list) return [];
    const v = parsed !== undefined ? parsed : tryParseVersion(version);
    const key = v ? equalityKey(v) : null;
    const hits: AdvisoryHit[] = [];
    const seen = new Set<string>();
    for (const advisory of list) {
      if (seen.has(advisory.hit.id)) continue;
      if (advisory.entries.some((entry) => entryAffects(entry, version, v, key))) {
        hits.push(advisory.hit);
        seen.add(advisory.hit.id);
      }
    }
    return hits.sort((a, b) => compareIds(a.id, b.id));
  }
}

/** "PYSEC-2023-192" before "PYSEC-2023-1000": numbers compared as numbers. */
export function compareIds(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function firstSentence(text: string): string {
  const line = text.trim().split(/\n/)[0] ?? '';
  const end = line.search(/\.\s/);
  const sentence = end > 0 ? line.slice(0, end + 1) : line;
  return sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence;
}

/**
 * The lowest version that escapes every hit that has a fix above `version`: for each hit its
 * first fix above the version, then the highest of those. Null when no hit has a fix above it.
 */
export function nextFixed(hits: readonly AdvisoryHit[], version: string): string | null {
  const v = tryParseVersion(version);
  const above = (f: string) => {
    const fv = tryParseVersion(f);
    return fv !== null && (v === null || compareVersions(fv, v) > 0);
  };
  const perHit = hits.map((h) => h.fixed.filter(above).sort(byVersion)[0]).filter((f): f is string => !!f);
  return perHit.length ? perHit.sort(byVersion).at(-1)! : null;
}
