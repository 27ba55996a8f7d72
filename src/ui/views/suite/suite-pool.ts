/**
 * The page's pool of suite workers, one per core (navigator.hardwareConcurrency) unless told
 * otherwise. Each worker takes the next scenario as soon as it is free, so a slow scenario
 * holds up one worker only; cancelling terminates them all at once. Workers stay between runs.
 */
import { wrap, type Remote } from 'comlink';
import type { Cell, Combination } from '../../../core/index.ts';
import type { CellDetail, PickedFile, SuiteApi, SuiteImportOutcome } from '../../../worker/suite-api.ts';

export type { CellDetail, PickedFile, SuiteImportOutcome };

function startWorker(name: string): { worker: Worker; api: Remote<SuiteApi> } {
  const worker = new Worker(new URL('../../../worker/suite.worker.ts', import.meta.url), { type: 'module', name });
  return { worker, api: wrap<SuiteApi>(worker) };
}

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(16, navigator.hardwareConcurrency || 2));
}

/** One worker for imports and for opening cells, apart from the pool. */
let helper: { worker: Worker; api: Remote<SuiteApi> } | null = null;

export function suiteHelper(): Remote<SuiteApi> {
  helper ??= startWorker('pipette-suite-helper');
  return helper.api;
}

export class CancelledRun extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledRun';
  }
}

export interface PoolRun {
  /** Every worker has started and loaded the suite. */
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  cancel(): void;
}

/**
 * Runs every scenario in every combination on `size` workers; `onCells` gets each scenario's
 * cells as they come. `done` rejects with CancelledRun after cancel(), with what a worker threw
 * otherwise.
 */
/** Workers kept between runs (warm: compiled code stays), dropped on cancel or a change of size. */
let kept: { worker: Worker; api: Remote<SuiteApi> }[] = [];

function workersFor(size: number): { worker: Worker; api: Remote<SuiteApi> }[] {
  if (kept.length !== size) {
    dropWorkers();
    kept = Array.from({ length: size }, (_, i) => startWorker(`pipette-suite-${i}`));
  }
  return kept;
}

function dropWorkers(): void {
  for (const w of kept) w.worker.terminate();
  kept = [];
}

export function runPool(size: number, suiteId: string, scenarioIds: readonly string[], combinations: readonly Combination[], onCells: (cells: Cell[]) => void): PoolRun {
  const workers = workersFor(Math.min(size, Math.max(1, scenarioIds.length)));
  let next = 0;
  let stopped = false;
  let cancel: () => void = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => {
      if (stopped) return;
      stopped = true;
      // A resolve is a tight loop no message can interrupt: the workers go, fresh ones come next time.
      dropWorkers();
      reject(new CancelledRun());
    };
  });
  cancelled.catch(() => {});
  const failures = workers.map(({ worker }) => {
    const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (event) => reject(new Error(`a suite worker stopped: ${event.message || 'it failed to start'}`)), { once: true }));
    failed.catch(() => {});
    return failed;
  });
  const ready = Promise.all(workers.map(({ api }, i) => Promise.race([api.prepare(suiteId), failures[i]!, cancelled]))).then(() => undefined);
  ready.catch(() => {});
  const loops = workers.map(async ({ api }, i) => {
    const failed = failures[i]!;
    await ready;
    while (!stopped && next < scenarioIds.length) {
      const id = scenarioIds[next++]!;
      const cells = await Promise.race([api.run(suiteId, [id], combinations), failed, cancelled]);
      if (!stopped) onCells(cells);
    }
  });
  const done = Promise.all(loops).then(
    () => {
      stopped = true;
    },
    (error: unknown) => {
      const wasCancelled = stopped;
      stopped = true;
      if (!wasCancelled) dropWorkers();
      throw wasCancelled ? new CancelledRun() : error;
    },
  );
  return { ready, done, cancel };
}
