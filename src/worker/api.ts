/**
 * What the resolver worker can do, as plain async functions. The worker file only exposes
 * this object; the page reaches it through client.ts, typed by `ResolverApi`.
 * Callbacks (progress) arrive as comlink proxies: they are called, never awaited.
 *
 * An index is a snapshot (bundled, imported, written by the person) or a live index read over
 * HTTP (live-index.ts); a resolve, its explanation and the questions about it work alike on both.
 */
import {
  compareEngines,
  IndexProvider,
  loadSnapshot,
  SnapshotError,
  whyInstalled,
  whyNotNewer,
  type DependencyProvider,
  type EngineComparison,
  type LoadedIndex,
  type ResolveSuccess,
  type TargetEnvironment,
  type WhyInstalled,
  type WhyNotNewer,
} from '../core/index.ts';
import { formatPipReport, toPipReport, toPylock, type ExportContext } from '../core/export/index.ts';
import { fetchBundledIndex, refreshBundled, type BundleProgress, type BundleReport } from '../cache/bundled.ts';
import { getIndex, putIndex, toStorageError } from '../cache/db.ts';
import { importFile, type ImportResult } from '../cache/imports.ts';
import type { StoredIndex } from '../cache/schema.ts';
import { clearHttpCache, httpCache, httpCacheStats, type LiveCacheStats } from './http-cache.ts';
import { indexOfPlan, liveSessionKey, openLiveSession, type IndexFailure, type LiveIndexChoice, type LiveIndexSummary, type LiveSession } from './live-index.ts';
import { RunProgressRelay, type RunPhase, type RunProgress } from './progress-relay.ts';
import { makeTrustApi } from './trust-api.ts';
import { wordingApi } from './wording.ts';
import { matrixFor, type MatrixOutcome } from './matrix-job.ts';
import type { InstallPlan, InstallTargetJob } from './install-target-job.ts';
import { requestFor, resolveWithLiveIndex, resolveWithSnapshot, type IndexChoice, type ResolveJob, type ResolveOutcome, type SnapshotIndexChoice } from './resolve-job.ts';

export type { InstallPlan, InstallTargetJob, MatrixOutcome };
export type { IndexChoice, IndexFailure, LiveCacheStats, LiveIndexChoice, LiveIndexSummary, ResolveJob, ResolveOutcome, RunPhase, RunProgress, SnapshotIndexChoice };

export type PlanExportFormat = 'pip-report' | 'pylock';

export type SnapshotCheck =
  | { readonly ok: true; readonly projects: number; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly offset: number | null };

const loadedIndexes = new Map<string, LoadedIndex>();

async function snapshotFor(choice: SnapshotIndexChoice): Promise<LoadedIndex> {
  const known = loadedIndexes.get(choice.id);
  if (known) return known;
  const snapshot = choice.unsavedSnapshot ?? (await getIndex(choice.id))?.snapshot;
  if (!snapshot) {
    const bundled = await fetchBundledIndex(choice.id, loadedIndexes);
    if (bundled) return bundled;
    throw new Error(`The index “${choice.id}” is not in this browser's storage any more; pick another index or import it again.`);
  }
  const loaded = loadSnapshot(snapshot);
  loadedIndexes.set(choice.id, loaded);
  return loaded;
}

/**
 * The live session of the last resolve: "why not newer?" and exports about its result reuse
 * what it read. A resolve always opens a new one, so that pages are revalidated as they age.
 */
let lastLive: { readonly key: string; readonly session: LiveSession } | null = null;

async function liveSessionFor(choice: LiveIndexChoice, target: TargetEnvironment): Promise<LiveSession> {
  const key = liveSessionKey(choice, target);
  if (lastLive?.key === key) return lastLive.session;
  const session = openLiveSession(choice, { target, cache: await httpCache() });
  lastLive = { key, session };
  return session;
}

async function providerFor(job: ResolveJob): Promise<DependencyProvider> {
  return job.index.kind === 'live' ? (await liveSessionFor(job.index, job.target)).provider : new IndexProvider((await snapshotFor(job.index)).index);
}

export const api = {
  ...makeTrustApi({ snapshotFor, providerFor, liveSeenIndex: () => lastLive?.session.provider.seenIndex() ?? null }),
  ...wordingApi,

  /** Brings the bundled scenarios into the cache (only when public/scenarios/index.json changed). */
  refreshBundled(baseUrl: string, onProgress?: (progress: BundleProgress) => void): Promise<BundleReport> {
    return refreshBundled(baseUrl, loadedIndexes, onProgress);
  },

  async resolve(job: ResolveJob, onProgress?: (progress: RunProgress) => void): Promise<ResolveOutcome> {
    const progress = new RunProgressRelay((p) => onProgress?.(p));
    progress.enter('loading');
    try {
      const built = requestFor(job);
      if ('problems' in built) return { kind: 'invalid', problems: built.problems };
      if (job.index.kind === 'snapshot') return await resolveWithSnapshot(await snapshotFor(job.index), built.request, job, progress);
      const session = openLiveSession(job.index, { target: job.target, cache: await httpCache(), onProgress: progress.indexProgress });
      lastLive = { key: liveSessionKey(job.index, job.target), session };
      return await resolveWithLiveIndex(session, built.request, job, progress);
    } finally {
      progress.close();
    }
  },

  /** pip 23.2, pip 20.2 and the complete resolver on the same job, side by side. */
  async compareEngines(job: ResolveJob): Promise<EngineComparison> {
    const built = requestFor(job);
    if ('problems' in built) throw new Error('The requirements changed and no longer parse; resolve again first.');
    return compareEngines(await providerFor(job), built.request);
  },

  whyInstalled(success: ResolveSuccess, name: string): WhyInstalled {
    return whyInstalled(success, name);
  },

  async whyNotNewer(job: ResolveJob, success: ResolveSuccess, name: string): Promise<WhyNotNewer> {
    const built = requestFor(job);
    if ('problems' in built) throw new Error('The requirements changed and no longer parse; resolve again first.');
    return whyNotNewer(await providerFor(job), built.request, success, name, job.wording ? { wording: job.wording } : {});
  },

  /** The same requirements resolved for every Python × platform given (the environment matrix). */
  async matrix(job: ResolveJob, pythons: readonly string[], platforms: readonly string[]): Promise<MatrixOutcome> {
    return matrixFor(job, await providerFor(job), pythons, platforms);
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
    const context: ExportContext =
      job.index.kind === 'live'
        ? { ...(await indexOfPlan(await liveSessionFor(job.index, job.target), success.packages)), target: job.target, indexUrl: job.index.url }
        : { index: (await snapshotFor(job.index)).index, target: job.target };
    return format === 'pip-report' ? formatPipReport(toPipReport(success, context)) : toPylock(success, context);
  },

  /** Forgets a loaded index, e.g. after the person edited it. */
  forgetIndex(indexId: string): void {
    loadedIndexes.delete(indexId);
  },

  /** How much the live index cache (IndexedDB `pipette-http`) holds. */
  liveCacheStats(): Promise<LiveCacheStats> {
    return httpCacheStats();
  },

  /** Empties the live index cache; a session in use reads everything again. */
  async clearLiveCache(): Promise<LiveCacheStats> {
    lastLive = null;
    return clearHttpCache();
  },
};

export type ResolverApi = typeof api;
