/**
 * What the resolver worker can do, as plain async functions. The worker file only exposes
 * this object; the page reaches it through client.ts, typed by `ResolverApi`.
 * Callbacks (progress) arrive as comlink proxies: they are called, never awaited.
 */
import {
  explainFailure,
  IndexProvider,
  loadSnapshot,
  parsePyproject,
  parseRequirementsTxt,
  pubgrubReport,
  resolve,
  SnapshotError,
  whyInstalled,
  whyNotNewer,
  type Explanation,
  type LoadedIndex,
  type Policy,
  type Problem,
  type Progress,
  type ResolveFailure,
  type ResolveRequest,
  type ResolveSuccess,
  type TargetEnvironment,
  type Voice,
  type WhyInstalled,
  type WhyNotNewer,
  type Wording,
} from '../core/index.ts';
import { formatPipReport, toPipReport, toPylock } from '../core/export/index.ts';
import { refreshBundled, type BundleProgress, type BundleReport } from '../cache/bundled.ts';
import { getIndex, putIndex, toStorageError } from '../cache/db.ts';
import { importFile, type ImportResult } from '../cache/imports.ts';
import type { RequirementsFormat, StoredIndex } from '../cache/schema.ts';

export interface ResolveJob {
  readonly indexId: string;
  /** The snapshot itself when the cache could not keep it (the page holds it in memory). */
  readonly unsavedSnapshot?: Readonly<Record<string, unknown>>;
  readonly requirements: string;
  readonly format: RequirementsFormat;
  readonly target: TargetEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
  /** Replacement wording for the explanation's voices (the wording lab's input). */
  readonly wording?: Partial<Record<Voice, Wording>>;
  /** Time allowed to search for the minimal conflict and checked fixes. */
  readonly explainBudgetMs?: number;
}

export type RunPhase = 'loading' | 'resolving' | 'explaining';
export interface RunProgress extends Progress {
  readonly phase: RunPhase;
}

export type ResolveOutcome =
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[] }
  | { readonly kind: 'solved'; readonly result: ResolveSuccess; readonly indexWarnings: readonly string[] }
  | {
      readonly kind: 'failed';
      readonly result: ResolveFailure;
      readonly explanation: Explanation | null;
      /** Why there is no explanation, when there is none. */
      readonly explainError: string | null;
      /** The bare proof (pubgrub voice) when the explanation failed. */
      readonly fallbackReport: string | null;
      readonly indexWarnings: readonly string[];
    };

export type PlanExportFormat = 'pip-report' | 'pylock';

export type SnapshotCheck =
  | { readonly ok: true; readonly projects: number; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly offset: number | null };

const loadedIndexes = new Map<string, LoadedIndex>();

async function indexFor(job: Pick<ResolveJob, 'indexId' | 'unsavedSnapshot'>): Promise<LoadedIndex> {
  const known = loadedIndexes.get(job.indexId);
  if (known) return known;
  const snapshot = job.unsavedSnapshot ?? (await getIndex(job.indexId))?.snapshot;
  if (!snapshot) throw new Error(`The index “${job.indexId}” is not in this browser's storage any more; pick another index or import it again.`);
  const loaded = loadSnapshot(snapshot);
  loadedIndexes.set(job.indexId, loaded);
  return loaded;
}

/** The requirements as a request, or the problems that stop pip from reading them. */
function requestFor(job: ResolveJob): { request: ResolveRequest } | { problems: Problem[] } {
  const parsed = job.format === 'pyproject' ? parsePyproject(job.requirements, 'pyproject.toml') : parseRequirementsTxt(job.requirements, 'requirements.txt');
  const problems = parsed.problems.filter((p) => p.severity === 'error');
  for (const line of parsed.requirements) {
    if (line.requirement.url) {
      problems.push({ severity: 'error', message: `${line.text}: a direct reference (name @ url) can't be resolved against an index`, line: line.line, column: line.column });
    }
  }
  if (problems.length > 0) return { problems };
  if (parsed.requirements.length === 0) {
    return { problems: [{ severity: 'error', message: job.format === 'pyproject' ? 'No [project] dependencies to resolve.' : 'No requirements to resolve: write one per line, e.g. "requests>=2".', line: 1, column: 1 }] };
  }
  const { options } = parsed;
  return {
    request: {
      requirements: parsed.requirements.map((r) => r.requirement),
      target: job.target,
      policy: job.policy,
      prereleases: job.prereleases || options.pre,
      noBinary: options.noBinary,
      // pip's --only-binary: those projects may not be built from source.
      noBuild: options.onlyBinary,
    },
  };
}

function reporter(onProgress: ((p: RunProgress) => void) | undefined, phase: RunPhase) {
  return (p: Progress) => onProgress?.({ ...p, phase });
}

const NO_PROGRESS: Progress = { decisions: 0, conflicts: 0, backtracks: 0, packagesSeen: 0, elapsedMs: 0, round: 0 };
const NEVER_ABORTED = { aborted: false } as const;

export const api = {
  /** Brings the bundled scenarios into the cache (only when public/scenarios/index.json changed). */
  refreshBundled(baseUrl: string, onProgress?: (progress: BundleProgress) => void): Promise<BundleReport> {
    return refreshBundled(baseUrl, loadedIndexes, onProgress);
  },

  async resolve(job: ResolveJob, onProgress?: (progress: RunProgress) => void): Promise<ResolveOutcome> {
    onProgress?.({ ...NO_PROGRESS, phase: 'loading' });
    const built = requestFor(job);
    if ('problems' in built) return { kind: 'invalid', problems: built.problems };
    const loaded = await indexFor(job);
    const provider = new IndexProvider(loaded.index);
    const indexWarnings = loaded.warnings.map((w) => w.message);
    // Cancelling terminates the worker, so the solver's own signal never needs to flip.
    const result = await resolve(provider, built.request, { onProgress: reporter(onProgress, 'resolving'), signal: NEVER_ABORTED, progressIntervalMs: 100 });
    if (result.ok) return { kind: 'solved', result, indexWarnings };
    onProgress?.({ ...result.stats, round: result.stats.rounds, phase: 'explaining' });
    try {
      const explanation = await explainFailure(provider, built.request, result, {
        ...(job.wording ? { wording: job.wording } : {}),
        budgetMs: job.explainBudgetMs ?? 2000,
      });
      return { kind: 'failed', result, explanation, explainError: null, fallbackReport: null, indexWarnings };
    } catch (error) {
      return { kind: 'failed', result, explanation: null, explainError: (error as Error).message, fallbackReport: pubgrubReport(result.derivation), indexWarnings };
    }
  },

  whyInstalled(success: ResolveSuccess, name: string): WhyInstalled {
    return whyInstalled(success, name);
  },

  async whyNotNewer(job: ResolveJob, success: ResolveSuccess, name: string): Promise<WhyNotNewer> {
    const built = requestFor(job);
    if ('problems' in built) throw new Error('The requirements changed and no longer parse; resolve again first.');
    const loaded = await indexFor(job);
    return whyNotNewer(new IndexProvider(loaded.index), built.request, success, name, job.wording ? { wording: job.wording } : {});
  },

  importFile(name: string, text: string): Promise<ImportResult> {
    return importFile(name, text, loadedIndexes);
  },

  /** Checks snapshot text typed in the index editor; `offset` points into the text when JSON itself is broken. */
  checkSnapshot(text: string): SnapshotCheck {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message);
      return { ok: false, path: '', reason: `not valid JSON: ${message}`, offset: position ? Number(position[1]) : null };
    }
    try {
      const loaded = loadSnapshot(data);
      return { ok: true, projects: loaded.index.projects.size, warnings: loaded.warnings.map((w) => w.message) };
    } catch (error) {
      if (error instanceof SnapshotError) return { ok: false, path: error.path, reason: error.reason, offset: null };
      throw error;
    }
  },

  /**
   * Saves an index written in the editor (or that came with a link); when the cache refuses,
   * it is kept in the worker and the error returned.
   */
  async saveIndex(id: string, title: string, text: string, origin: StoredIndex['origin']): Promise<{ index: Omit<StoredIndex, 'snapshot'>; storageError: string | null }> {
    const data = JSON.parse(text) as Record<string, unknown>;
    const loaded = loadSnapshot(data);
    loadedIndexes.set(id, loaded);
    const record: StoredIndex = { id, title, origin, snapshot: data, projects: loaded.index.projects.size, bytes: text.length, savedAt: new Date().toISOString() };
    const { snapshot: _snapshot, ...summary } = record;
    try {
      await putIndex(record);
      return { index: summary, storageError: null };
    } catch (error) {
      return { index: summary, storageError: toStorageError(error, `the index “${title}”`).message };
    }
  },

  /** The stored snapshot as pretty JSON, for the index editor and for exports. */
  async snapshotText(indexId: string, unsavedSnapshot?: Readonly<Record<string, unknown>>): Promise<string> {
    const snapshot = unsavedSnapshot ?? (await getIndex(indexId))?.snapshot;
    if (!snapshot) throw new Error(`The index “${indexId}” is not in this browser's storage.`);
    return JSON.stringify(snapshot, null, 2);
  },

  /** The install plan in an exchange format; the index supplies wheel tags and metadata. */
  async exportPlan(job: ResolveJob, success: ResolveSuccess, format: PlanExportFormat): Promise<string> {
    const { index } = await indexFor(job);
    const context = { index, target: job.target };
    return format === 'pip-report' ? formatPipReport(toPipReport(success, context)) : toPylock(success, context);
  },

  /** Forgets a loaded index, e.g. after the person edited it. */
  forgetIndex(indexId: string): void {
    loadedIndexes.delete(indexId);
  },
};

export type ResolverApi = typeof api;
