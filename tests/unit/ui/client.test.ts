import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** A worker that takes messages and never answers: every call stays in flight until cancelled. */
class SilentWorker {
  static started: SilentWorker[] = [];
  terminated = false;
  constructor() {
    SilentWorker.started.push(this);
  }
  postMessage(): void {}
  addEventListener(): void {}
  removeEventListener(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

describe('the worker bridge', () => {
  const realWorker = globalThis.Worker;
  beforeEach(() => {
    SilentWorker.started = [];
    (globalThis as { Worker: unknown }).Worker = SilentWorker;
  });
  afterEach(() => {
    (globalThis as { Worker: unknown }).Worker = realWorker;
  });

  it('starts the worker on first use, cancels by terminating it, and starts a fresh one next time', async () => {
    const { call, CancelledError, WorkerStoppedError } = await import('../../../src/worker/client.ts');
    const controller = new AbortController();
    const cancelled = call(controller.signal, (api) => api.forgetIndex('x'));
    const bystander = call(undefined, (api) => api.forgetIndex('x'));
    expect(SilentWorker.started).toHaveLength(1);

    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    // Nothing is left hanging: the other call in flight learns that the worker went away.
    await expect(bystander).rejects.toBeInstanceOf(WorkerStoppedError);
    expect(SilentWorker.started[0]!.terminated).toBe(true);

    void call(undefined, (api) => api.forgetIndex('x')).catch(() => undefined);
    expect(SilentWorker.started).toHaveLength(2);
    expect(SilentWorker.started[1]!.terminated).toBe(false);
  });

  it('refuses a call whose signal is already aborted, without starting a worker', async () => {
    const { call, CancelledError } = await import('../../../src/worker/client.ts');
    const controller = new AbortController();
    controller.abort();
    const before = SilentWorker.started.length;
    await expect(call(controller.signal, (api) => api.forgetIndex('x'))).rejects.toBeInstanceOf(CancelledError);
    expect(SilentWorker.started.length).toBe(before);
  });
});
