/**
 * Decision making with its queues (src/core/engines/pubgrub/pick-queues.ts, used past
 * `pickTuning.queuesAbove` packages) picks the same package as its scan at every step: whole
 * runs with the queues on from the first package, or from the middle of the run, and with them
 * off take the same decisions,
 * conflicts and backtracks, give the same plan and prove the same failure. On pigeonhole
 * (thousands of conflicts) and on generated indexes with extras, ranges and conflicts.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, pubgrubReport, resolve, type PackageIndex, type Policy, type Requirement } from '../../../src/core/index.ts';
import { pickTuning } from '../../../src/core/engines/pubgrub/decision-making.ts';
import { pigeonhole } from '../../support/pigeonhole.ts';

const SCAN_ONLY = Infinity;
const initial = pickTuning.queuesAbove;
afterEach(() => {
  pickTuning.queuesAbove = initial;
});

async function run(index: PackageIndex, requirements: readonly Requirement[], policy: Policy, queuesAbove: number) {
  pickTuning.queuesAbove = queuesAbove;
  const result = await resolve(new IndexProvider(index), { requirements, policy });
  const { decisions, conflicts, backtracks, rounds } = result.stats;
  return {
    counts: { decisions, conflicts, backtracks, rounds },
    plan: result.ok ? result.packages.map((p) => `${p.name}==${p.version}`) : null,
    proof: result.ok ? null : pubgrubReport(result.derivation, undefined, { maxSteps: Infinity }),
  };
}

async function expectSamePicks(index: PackageIndex, requirements: readonly Requirement[], policy: Policy = 'uv') {
  const scanned = await run(index, requirements, policy, SCAN_ONLY);
  // From the first package on, and from the middle of a run, with what is undecided by then.
  for (const queuesAbove of [0, 4, 6]) expect(await run(index, requirements, policy, queuesAbove)).toEqual(scanned);
  return scanned;
}

const NAMES = ['a', 'b', 'c', 'd', 'e'];
const VERSIONS = ['1.0', '2.0', '3.0'];

const line = fc
  .record({
    name: fc.constantFrom(...NAMES),
    extra: fc.option(fc.constantFrom('x', 'y'), { freq: 3 }),
    spec: fc.option(fc.constantFrom(...VERSIONS).chain((v) => fc.constantFrom(`>=${v}`, `<${v}`, `==${v}`, `!=${v}`)), { freq: 2 }),
    when: fc.option(fc.constantFrom('x', 'y'), { freq: 3 }),
  })
  .map(({ name, extra, spec, when }) => `${name}${extra ? `[${extra}]` : ''}${spec ?? ''}${when ? `; extra == "${when}"` : ''}`);

const generated = fc
  .record({
    projects: fc.dictionary(fc.constantFrom(...NAMES), fc.subarray(VERSIONS, { minLength: 1 }).chain((versions) => fc.tuple(...versions.map(() => fc.array(line, { maxLength: 3 }))).map((lines) => Object.fromEntries(versions.map((v, i) => [v, { requires_dist: lines[i], provides_extra: ['x', 'y'] }])))), { minKeys: 1 }),
    wanted: fc.array(line, { minLength: 1, maxLength: 3 }),
    policy: fc.constantFrom<Policy>('uv', 'pip'),
  })
  .map(({ projects, wanted, policy }) => ({
    index: { source: 'generated', projects: loadProjects(Object.fromEntries(Object.entries(projects).map(([name, versions]) => [name, { versions }]))).projects, environment: null, advisories: [] } as PackageIndex,
    requirements: wanted.map((text) => parseRequirement(text.replace(/; extra == .*/, ''))),
    policy,
  }));

describe('decision making with queues and with its scan', () => {
  it.each([3, 4, 5, 6])('take the same steps on pigeonhole n=%i', async (n) => {
    const { index, requirements } = pigeonhole(n);
    const outcome = await expectSamePicks(index, requirements);
    expect(outcome.counts.conflicts).toBeGreaterThan(0);
    expect(outcome.proof).not.toBeNull();
  });

  it('take the same steps on generated indexes', async () => {
    await fc.assert(
      fc.asyncProperty(generated, async ({ index, requirements, policy }) => {
        await expectSamePicks(index, requirements, policy);
      }),
      { numRuns: 400 },
    );
  });
});
