/** A worker that dies without an error event is noticed by its silence and restarted, saying so. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE, HEARTBEAT_SILENCE_MS } from '../../../src/worker/heartbeat.ts';

/** A worker that never answers calls; it beats only when told to. */
class QuietWorker {
  static started: QuietWorker[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();
  constructor() {
    QuietWorker.started.push(this);
  }
  postMessage(): void {}
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  removeEventListener(): void {}
  terminate(): void {
    this.terminated = true;
  }
  beat(): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data: HEARTBEAT_MESSAGE });
  }
}

describe('the worker heartbeat', () => {
  const realWorker = globalThis.Worker;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetModules();
    QuietWorker.started = [];
    (globalThis as { Worker: unknown }).Worker = QuietWorker;
  });
  afterEach(() => {
    vi.useRealTimers();
    (globalThis as { Worker: unknown }).Worker = realWorker;
  });

  it('restarts a silent worker with a call in flight, and says so', async () => {
    const { call, WorkerStoppedError } = await import('../../../src/worker/client.ts');
    const stuck = call(undefined, (api) => api.forgetIndex('x'));
    const outcome = stuck.catch((error: unknown) => error);
    vi.advanceTimersByTime(HEARTBEAT_SILENCE_MS + 2 * HEARTBEAT_INTERVAL_MS);
    const error = await outcome;
    expect(error).toBeInstanceOf(WorkerStoppedError);
    expect((error as Error).message).toMatch(/stopped answering .* so it was restarted/);
    expect(QuietWorker.started[0]!.terminated).toBe(true);
    void call(undefined, (api) => api.forgetIndex('x')).catch(() => undefined);
    expect(QuietWorker.started).toHaveLength(2);
  });

  it('leaves a worker that beats alone, however long the call', async () => {
    const { call } = await import('../../../src/worker/client.ts');
    let settled = false;
    void call(undefined, (api) => api.forgetIndex('x')).then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let t = 0; t < 3 * HEARTBEAT_SILENCE_MS; t += HEARTBEAT_INTERVAL_MS) {
      QuietWorker.started[0]!.beat();
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    }
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(QuietWorker.started[0]!.terminated).toBe(false);
  });

  it('does not restart an idle worker', async () => {
    const { call } = await import('../../../src/worker/client.ts');
    await expect(Promise.race([call(undefined, async () => 'done'), new Promise((r) => setTimeout(r, 1))])).resolves.toBe('done');
    vi.advanceTimersByTime(3 * HEARTBEAT_SILENCE_MS);
    expect(QuietWorker.started[0]!.terminated).toBe(false);
  });
});
