/** The page's time limit: a resolve past it ends with a message that says what was tried and proved. */
import { describe, expect, it } from 'vitest';
import { loadProjects, parseRequirement } from '../../../src/core/index.ts';
import { RunProgressRelay } from '../../../src/worker/progress-relay.ts';
import { resolveWithSnapshot, type ResolveJob } from '../../../src/worker/resolve-job.ts';

function manyBrokenVersions(count: number) {
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    a[`1.${i}`] = { requires_dist: [`b==1.${i}`] };
    b[`1.${i}`] = { requires_dist: ['c>=2'] };
  }
  const { projects, warnings } = loadProjects({ a: { versions: a }, b: { versions: b }, c: { versions: { '1.0': {} } } });
  return { index: { source: 'test', projects, environment: null, advisories: [] }, warnings };
}

const job = (maxSeconds?: number): ResolveJob => ({
  index: { kind: 'snapshot', id: 'test' },
  requirements: 'a\n',
  format: 'requirements',
  target: { python: '3.12' } as ResolveJob['target'],
  policy: 'pip',
  prereleases: false,
  ...(maxSeconds !== undefined ? { maxSeconds } : {}),
});

describe('the page time limit', () => {
  it('stops the resolve with its message, what was tried and the partial proof', async () => {
    const relay = new RunProgressRelay(() => {});
    const run = resolveWithSnapshot(manyBrokenVersions(3000), { requirements: [parseRequirement('a')] }, job(0.000001), relay);
    await expect(run).rejects.toMatchObject({ name: 'ResolveTimeLimitError', message: expect.stringMatching(/^The resolve stopped at its time limit of 0\.000001 s without an answer, after \d+ decision/) });
    relay.close();
  });

  it('changes nothing without a limit', async () => {
    const relay = new RunProgressRelay(() => {});
    const outcome = await resolveWithSnapshot(manyBrokenVersions(30), { requirements: [parseRequirement('a')] }, job(), relay);
    expect(outcome.kind).toBe('failed');
    relay.close();
  });
});
