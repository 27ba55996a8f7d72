// The worker's made-up first resolve: it must take the page's slow path (a conflict, explained in
// every voice, with checked fixes), or it warms up nothing, and it must leave nothing behind.
import { describe, expect, it } from 'vitest';
import { loadSnapshot, VOICES } from '../../../src/core/index.ts';
import { RunProgressRelay } from '../../../src/worker/progress-relay.ts';
import { requestFor, resolveWithSnapshot, type ResolveJob } from '../../../src/worker/resolve-job.ts';
import { warmUp } from '../../../src/worker/warm-up.ts';

async function resolveLikeTheWorker(job: ResolveJob) {
  if (job.index.kind !== 'snapshot' || !job.index.unsavedSnapshot) throw new Error('the warm-up brings its own snapshot');
  const built = requestFor(job);
  if ('problems' in built) throw new Error(built.problems[0]!.message);
  return resolveWithSnapshot(loadSnapshot(job.index.unsavedSnapshot), built.request, job, new RunProgressRelay(() => {}, 0));
}

describe('the worker’s warm-up', () => {
  it('resolves a conflict that is explained in every voice with checked fixes, then forgets its index', async () => {
    const forgotten: string[] = [];
    const outcome = await warmUp(resolveLikeTheWorker, (id) => forgotten.push(id));
    expect(outcome?.kind).toBe('failed');
    if (outcome?.kind !== 'failed') return;
    expect(outcome.explanation).not.toBeNull();
    for (const voice of VOICES) expect(outcome.explanation!.voices[voice]).toMatch(/lib/);
    expect(outcome.explanation!.suggestions.length).toBeGreaterThan(0);
    expect(forgotten).toEqual(['pipette:warm-up']);
  });

  it('keeps quiet when the resolve throws, and still forgets its index', async () => {
    const forgotten: string[] = [];
    const outcome = await warmUp(async () => Promise.reject(new Error('storage is gone')), (id) => forgotten.push(id));
    expect(outcome).toBeNull();
    expect(forgotten).toEqual(['pipette:warm-up']);
  });
});
