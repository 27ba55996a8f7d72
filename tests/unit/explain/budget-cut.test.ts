// An explanation that runs out of time ends with what it has and says so.
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, makeTarget, parseRequirement, resolve, type ResolveFailure, type ResolveRequest } from '../../../src/core/index.ts';

const { projects } = loadProjects({
  a: { versions: { '1.0': { requires_dist: ['c==1'] } } },
  b: { versions: { '1.0': { requires_dist: ['c==2'] } } },
  c: { versions: { '1.0': {}, '2.0': {} } },
  x: { versions: { '1.0': {} } },
});
const provider = new IndexProvider({ source: 'test', projects, environment: null, advisories: [] });
const request: ResolveRequest = { requirements: ['a', 'b', 'x==2'].map((r) => parseRequirement(r)), target: makeTarget({ python: '3.12' }) };

describe('the explanation budget', () => {
  it('finds every separate problem when there is time', async () => {
    const failure = (await resolve(provider, request)) as ResolveFailure;
    expect(failure.ok).toBe(false);
    const explanation = await explainFailure(provider, request, failure, { budgetMs: 10_000 });
    expect(explanation.otherProblems).toHaveLength(1);
    expect(explanation.problemsComplete).toBe(true);
    expect(explanation.fixesComplete).toBe(true);
  });

  it('stops at the budget with the first problem explained, and says the rest may be missing', async () => {
    const failure = (await resolve(provider, request)) as ResolveFailure;
    let clock = 0;
    // Each look at the clock moves it on: the budget is spent after the first problem.
    const explanation = await explainFailure(provider, request, failure, { budgetMs: 1, now: () => clock++ });
    expect(explanation.headline).not.toBe('');
    expect(explanation.voices.pubgrub).toContain('c');
    expect(explanation.otherProblems).toHaveLength(0);
    expect(explanation.problemsComplete).toBe(false);
    expect(explanation.fixesComplete).toBe(false);
  });
});
