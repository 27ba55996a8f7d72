/**
 * The trust part of the worker's API: imported advisories (stored in IndexedDB), the advisory
 * policy applied to a resolve, the watch list, and the metadata audit of an index. Spread into
 * `api` (api.ts), so the page reaches it through the same typed bridge.
 */
import {
  AdvisoryIndex,
  auditIndex,
  newlyAffected,
  explainFailure,
  makeTarget,
  mergeAdvisories,
  proveRelease,
  readOsvDocument,
  resolve,
  toOsvRecord,
  whoNeeds,
  type Advisory,
  type AdvisoryPolicy,
  type AuditFinding,
  type AuditKind,
  type DependencyProvider,
  type IgnoredAdvisory,
  type IndexAudit,
  type LoadedIndex,
  type PackageIndex,
  type PlanAudit,
  type PlanChange,
  type ReverseEdge,
  type StaysAffected,
  type Suggestion,
  type TargetEnvironment,
  type Voice,
} from '../core/index.ts';
import { importOsvFiles, jsonApiBaseFor, resolveWithLiveAdvisories } from '../sources/index.ts';
import { listScenarios } from '../cache/db.ts';
import { clearAdvisories, getAdvisories, getTrustSettings, IMPORTED_ADVISORIES, putAdvisories } from '../cache/trust-store.ts';
import { requestFor, type ResolveJob, type SnapshotIndexChoice } from './resolve-job.ts';

export interface AdvisoryInfo {
  /** Records in force (withdrawn ones are kept but not counted). */
  readonly count: number;
  readonly sources: readonly string[];
  readonly updatedAt: string | null;
}

export interface AdvisoryImport extends AdvisoryInfo {
  readonly added: number;
  readonly problems: readonly string[];
  /** Your saved scenarios whose plans are affected by advisories that are new in this import. */
  readonly newlyAffected: readonly { readonly scenario: string; readonly packages: readonly string[] }[];
}

export interface TrustReport {
  readonly policy: AdvisoryPolicy;
  readonly ok: boolean;
  readonly advisories: number;
  readonly audit: PlanAudit | null;
  readonly plan: Readonly<Record<string, string>>;
  readonly warnPlan: Readonly<Record<string, string>> | null;
  readonly diff: PlanChange | null;
  readonly staysAffected: readonly StaysAffected[];
  /** `block` found no plan: why, in every voice, and the fixes (each checked by resolving). */
  readonly failure: { readonly headline: string; readonly voices: Readonly<Record<Voice, string>>; readonly suggestions: readonly Suggestion[] } | null;
  readonly problems: readonly string[];
}

/** What the page shows of an index audit: full counts, the first findings of each kind. */
export interface AuditSummary extends Omit<IndexAudit, 'findings' | 'reverse'> {
  readonly findings: Readonly<Record<AuditKind, readonly AuditFinding[]>>;
  readonly shown: number;
}

const SHOWN_FINDINGS = 200;

export interface TrustDeps {
  snapshotFor(choice: SnapshotIndexChoice): Promise<LoadedIndex>;
  providerFor(job: ResolveJob): Promise<DependencyProvider>;
  /** What the last live resolve read, as an index. */
  liveSeenIndex(): PackageIndex | null;
}

async function storedAdvisories(): Promise<Advisory[]> {
  const stored = await getAdvisories();
  return stored ? readOsvDocument([...stored.records]).advisories : [];
}

async function advisoriesFor(job: ResolveJob, deps: TrustDeps): Promise<Advisory[]> {
  const stored = await storedAdvisories();
  if (job.index.kind !== 'snapshot') return stored;
  return mergeAdvisories((await deps.snapshotFor(job.index)).index.advisories, stored);
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (response.status === 404) return { vulnerabilities: [] };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > 4 * 1024 * 1024) throw new Error('answer over 4 MB');
  return JSON.parse(text);
}

let lastAudit: IndexAudit | null = null;
let lastAuditIndex: PackageIndex | null = null;

/** Names of saved scenarios whose plans `after` affects in ways `before` did not. */
async function watchList(before: AdvisoryIndex, after: AdvisoryIndex, deps: TrustDeps): Promise<AdvisoryImport['newlyAffected']> {
  const out: { scenario: string; packages: string[] }[] = [];
  for (const scenario of (await listScenarios()).filter((s) => s.origin === 'user')) {
    const job: ResolveJob = {
      index: { kind: 'snapshot', id: scenario.indexId },
      requirements: scenario.requirements,
      format: scenario.format,
      target: makeTarget({ ...scenario.target }),
      policy: scenario.options.policy ?? 'pip',
      prereleases: scenario.options.prereleases ?? false,
    };
    const built = requestFor(job);
    if ('problems' in built) continue;
    let result;
    try {
      result = await resolve(await deps.providerFor(job), built.request);
    } catch {
      continue; // an index that is gone: nothing to watch
    }
    if (!result.ok) continue;
    const ignore = (await getTrustSettings(scenario.id))?.ignore ?? [];
    const now = newlyAffected(result, before, after, ignore);
    if (now.length) out.push({ scenario: scenario.title, packages: now.map((p) => `${p.name} ${p.version}`) });
  }
  return out;
}

export function makeTrustApi(deps: TrustDeps) {
  return {
    async advisoryInfo(): Promise<AdvisoryInfo> {
      const stored = await getAdvisories();
      return { count: stored?.records.filter((r) => !r.withdrawn).length ?? 0, sources: stored?.sources ?? [], updatedAt: stored?.updatedAt ?? null };
    },

    /** Imports OSV files (merged into what is stored) and names the saved scenarios newly affected. */
    async importAdvisories(files: readonly { readonly name: string; readonly text: string }[]): Promise<AdvisoryImport> {
      const read = await importOsvFiles(files.map((f) => ({ name: f.name, size: f.text.length, text: async () => f.text })));
      if (read.advisories.length === 0) {
        const info = await this.advisoryInfo();
        return { ...info, added: 0, problems: read.problems.length ? read.problems.map((p) => p.message) : ['No OSV advisories in these files.'], newlyAffected: [] };
      }
      const before = await storedAdvisories();
      const merged = mergeAdvisories(before, read.advisories);
      const stored = await getAdvisories();
      const sources = [...new Set([...(stored?.sources ?? []), ...files.map((f) => f.name)])];
      const updatedAt = new Date().toISOString();
      await putAdvisories({ id: IMPORTED_ADVISORIES, sources, records: merged.map(toOsvRecord), updatedAt });
      const newlyAffected = await watchList(new AdvisoryIndex(before), new AdvisoryIndex(merged), deps);
      const inForce = (list: readonly Advisory[]) => list.filter((a) => !a.withdrawn).length;
      return { count: inForce(merged), sources, updatedAt, added: inForce(merged) - inForce(before), problems: read.problems.map((p) => p.message), newlyAffected };
    },

    async clearAdvisories(): Promise<void> {
      await clearAdvisories();
    },

    /** The last resolve's job under an advisory policy. */
    async trustCheck(job: ResolveJob, policy: AdvisoryPolicy, ignore: readonly IgnoredAdvisory[]): Promise<TrustReport> {
      const built = requestFor(job);
      if ('problems' in built) throw new Error('The requirements no longer parse; resolve again first.');
      const records = await advisoriesFor(job, deps);
      const jsonBase = job.index.kind === 'live' ? jsonApiBaseFor(job.index.url) : null;
      // Nothing to check against: no resolve needed (the policy changes nothing).
      if (records.length === 0 && !jsonBase) {
        return { policy, ok: true, advisories: 0, audit: null, plan: {}, warnPlan: null, diff: null, staysAffected: [], failure: null, problems: [] };
      }
      const provider = await deps.providerFor(job);
      const { trust, records: used, failures } = await resolveWithLiveAdvisories(provider, built.request, { records, policy, ignore: [...ignore] }, jsonBase, getJson);
      const planOf = (packages: readonly { name: string; version: string }[]) => Object.fromEntries(packages.map((p) => [p.name, p.version]));
      let failure: TrustReport['failure'] = null;
      if (!trust.result.ok) {
        const explanation = await explainFailure(trust.provider, built.request, trust.result, { budgetMs: 3000 });
        failure = { headline: explanation.headline, voices: explanation.voices, suggestions: explanation.suggestions };
      }
      return {
        policy,
        ok: trust.result.ok,
        advisories: used.filter((a) => !a.withdrawn).length,
        audit: trust.audit,
        plan: trust.result.ok ? planOf(trust.result.packages) : {},
        warnPlan: trust.warnPlan ? planOf(trust.warnPlan.packages) : null,
        diff: trust.diff,
        staysAffected: trust.staysAffected,
        failure,
        problems: failures,
      };
    },

    /** The metadata audit of the index of `job` (for a live index: what the last resolve read). */
    async auditIndex(job: ResolveJob, onProgress?: (done: number, total: number) => void): Promise<AuditSummary> {
      let index: PackageIndex | null;
      let warnings: LoadedIndex['warnings'] = [];
      if (job.index.kind === 'snapshot') {
        const loaded = await deps.snapshotFor(job.index);
        index = loaded.index;
        warnings = loaded.warnings;
      } else {
        index = deps.liveSeenIndex();
        if (!index) throw new Error('Resolve against the live index first: its audit covers what a resolve read.');
      }
      const records = await advisoriesFor(job, deps);
      const audit = auditIndex(index, { warnings, target: job.target, advisories: records.length ? new AdvisoryIndex(records) : undefined, onProgress });
      lastAudit = audit;
      lastAuditIndex = index;
      const findings = Object.fromEntries(Object.entries(audit.findings).map(([k, v]) => [k, v.slice(0, SHOWN_FINDINGS)])) as unknown as AuditSummary['findings'];
      const { reverse: _reverse, ...rest } = audit;
      return { ...rest, findings, shown: SHOWN_FINDINGS };
    },

    /** More findings of one kind from the last audit (drill-down). */
    auditFindings(kind: AuditKind, offset: number, limit = SHOWN_FINDINGS): readonly AuditFinding[] {
      return lastAudit ? lastAudit.findings[kind].slice(offset, offset + limit) : [];
    },

    whoNeeds(name: string): readonly ReverseEdge[] {
      return lastAudit ? whoNeeds(lastAudit, name) : [];
    },

    /** The resolver's proof that a release of the last audited index can't be installed on `target`. */
    async proveRelease(project: string, version: string, target: TargetEnvironment): Promise<string | null> {
      if (!lastAuditIndex) return null;
      return proveRelease(lastAuditIndex, project, version, target);
    },
  };
}
