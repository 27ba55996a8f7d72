/**
 * Starting the resolver worker. The page starts it as its first script runs (early-start.ts),
 * while the app's own modules are still arriving: fetching and compiling the worker is the
 * longest step before the first result, so it should not wait for the app to be ready.
 */

interface EarlyWorker {
  readonly worker: Worker;
  /** Set when it failed to start before anyone listened. */
  failure: string | null;
}

let early: EarlyWorker | null = null;

export function spawnResolverWorker(): Worker {
  return new Worker(new URL('./resolver.worker.ts', import.meta.url), { type: 'module', name: 'pipette-resolver' });
}

/** Starts the worker now, to be taken by the first call (client.ts). */
export function startEarly(): void {
  if (early) return;
  const worker = spawnResolverWorker();
  const started: EarlyWorker = { worker, failure: null };
  worker.addEventListener('error', (event) => (started.failure = event.message || 'the worker failed to start'), { once: true });
  early = started;
}

/** The worker started early, once; null when none was started or it already failed (then it is stopped). */
export function takeEarlyWorker(): Worker | null {
  const taken = early;
  early = null;
  if (!taken) return null;
  if (taken.failure !== null) {
    taken.worker.terminate();
    return null;
  }
  return taken.worker;
}
