/**
 * The page's one bridge to the resolver worker. The worker starts as the page loads (spawn.ts) or on first use; every call
 * takes an AbortSignal, and aborting terminates the worker at once (a resolve is a tight
 * loop that no message could interrupt) and the next call starts a fresh one.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type {
  IndexChoice,
  IndexFailure,
  LiveCacheStats,
  LiveIndexChoice,
  LiveIndexSummary,
  PlanExportFormat,
  ResolverApi,
  ResolveJob,
  ResolveOutcome,
  RunProgress,
  SnapshotCheck,
} from './api.ts';
import type { BundleProgress, BundleReport } from '../cache/bundled.ts';
import type { ImportResult } from '../cache/imports.ts';
import type { EngineComparison, ResolveSuccess, WhyInstalled, WhyNotNewer } from '../core/index.ts';
import type { StoredIndex } from '../cache/schema.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_SILENCE_MS } from './heartbeat.ts';
import { spawnResolverWorker, takeEarlyWorker } from './spawn.ts';

export type { IndexChoice, IndexFailure, LiveCacheStats, LiveIndexChoice, LiveIndexSummary, PlanExportFormat, ResolveJob, ResolveOutcome, RunProgress, SnapshotCheck, BundleProgress, BundleReport, ImportResult };

/** The call was cancelled by its signal. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

/** The worker died under the call (another call's cancel, or a crash). */
export class WorkerStoppedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WorkerStoppedError';
  }
}

interface Running {
  readonly worker: Worker;
  readonly api: Remote<ResolverApi>;
  /** Rejecters of the calls in flight, so a terminated worker leaves no promise hanging. */
  readonly pending: Set<(error: Error) => void>;
  /** The heartbeat watch (see heartbeat.ts). */
  watch?: ReturnType<typeof setInterval>;
}

let running: Running | null = null;

function ensureWorker(): Running {
  if (running) return running;
  const worker = takeEarlyWorker() ?? spawnResolverWorker();
  const current: Running = { worker, api: wrap<ResolverApi>(worker), pending: new Set() };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stopWorker(current, new WorkerStoppedError(`The resolver stopped: ${event.message || 'the worker failed to start'}.`));
  });
  // Any message is a sign of life; silence with calls in flight means the worker is gone.
  let lastSign = Date.now();
  worker.addEventListener('message', () => {
    lastSign = Date.now();
  });
  current.watch = setInterval(() => {
    if (current.pending.size === 0) lastSign = Date.now();
    else if (Date.now() - lastSign > HEARTBEAT_SILENCE_MS) {
      stopWorker(current, new WorkerStoppedError(`The resolver stopped answering (no sign of life for ${HEARTBEAT_SILENCE_MS / 1000} s), so it was restarted; run it again.`));
    }
  }, HEARTBEAT_INTERVAL_MS);
  running = current;
  return current;
}

function stopWorker(target: Running, error: Error): void {
  clearInterval(target.watch);
  target.worker.terminate();
  if (running === target) running = null;
  for (const reject of [...target.pending]) reject(error);
  target.pending.clear();
}

/** Runs `fn` in the worker; aborting `signal` terminates the worker and rejects with CancelledError. */
export function call<T>(signal: AbortSignal | undefined, fn: (api: Remote<ResolverApi>) => Promise<T>): Promise<T> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const current = ensureWorker();
  return new Promise<T>((resolve, reject) => {
    const settle = (error?: Error) => {
      current.pending.delete(rejecter);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
    };
    const rejecter = (error: Error) => settle(error);
    const onAbort = () => {
      settle(new CancelledError());
      stopWorker(current, new WorkerStoppedError('The resolver was restarted after a cancel; try again.'));
    };
    current.pending.add(rejecter);
    signal?.addEventListener('abort', onAbort, { once: true });
    fn(current.api).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export const resolver = {
  resolve(job: ResolveJob, onProgress: (progress: RunProgress) => void, options: CallOptions = {}): Promise<ResolveOutcome> {
    return call<ResolveOutcome>(options.signal, (api) => api.resolve(job, proxy(onProgress)));
  },
  refreshBundled(baseUrl: string, onProgress: (progress: BundleProgress) => void, options: CallOptions = {}): Promise<BundleReport> {
    return call(options.signal, (api) => api.refreshBundled(baseUrl, proxy(onProgress)));
  },
  whyInstalled(success: ResolveSuccess, name: string, options: CallOptions = {}): Promise<WhyInstalled> {
    return call(options.signal, (api) => api.whyInstalled(success, name));
  },
  compareEngines(job: ResolveJob, options: CallOptions = {}): Promise<EngineComparison> {
    return call(options.signal, (api) => api.compareEngines(job));
  },
  whyNotNewer(job: ResolveJob, success: ResolveSuccess, name: string, options: CallOptions = {}): Promise<WhyNotNewer> {
    return call(options.signal, (api) => api.whyNotNewer(job, success, name));
  },
  importFile(name: string, text: string, options: CallOptions = {}): Promise<ImportResult> {
    return call<ImportResult>(options.signal, (api) => api.importFile(name, text));
  },
  checkSnapshot(text: string, options: CallOptions = {}): Promise<SnapshotCheck> {
    return call<SnapshotCheck>(options.signal, (api) => api.checkSnapshot(text));
  },
  saveIndex(id: string, title: string, text: string, origin: StoredIndex['origin'], options: CallOptions = {}): Promise<{ index: Omit<StoredIndex, 'snapshot'>; storageError: string | null }> {
    return call(options.signal, (api) => api.saveIndex(id, title, text, origin));
  },
  exportPlan(job: ResolveJob, success: ResolveSuccess, format: PlanExportFormat, options: CallOptions = {}): Promise<string> {
    return call(options.signal, (api) => api.exportPlan(job, success, format));
  },
  snapshotText(indexId: string, unsavedSnapshot?: Readonly<Record<string, unknown>>, options: CallOptions = {}): Promise<string> {
    return call(options.signal, (api) => api.snapshotText(indexId, unsavedSnapshot));
  },
  forgetIndex(indexId: string): Promise<void> {
    return call(undefined, (api) => api.forgetIndex(indexId));
  },
  liveCacheStats(options: CallOptions = {}): Promise<LiveCacheStats> {
    return call(options.signal, (api) => api.liveCacheStats());
  },
  clearLiveCache(options: CallOptions = {}): Promise<LiveCacheStats> {
    return call(options.signal, (api) => api.clearLiveCache());
  },
};
