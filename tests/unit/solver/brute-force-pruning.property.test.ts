/**
 * The solver tests' oracle may skip selections (tests/support/brute-force.ts): on small generated
 * indexes, the pruned search gives the very plan (or null) that trying every selection gives.
 * The indexes hold what could mislead the pruning: markers true, false and reading `extra`,
 * extras asked for, lines that are URLs or not requirements at all, projects that depend on
 * themselves or on a project the index lacks, two spellings of one version, pre-releases, yanked
 * releases, Requires-Python, a release with no distribution, and marker overrides in the request.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTarget, parseRequirement, type CheckRequest, type PackageIndex, type Project, type Release, type Yanked } from '../../../src/core/index.ts';
import { firstValidPlan, firstValidPlanTryingEvery } from '../../support/brute-force.ts';

const RUNS = Number(process.env.SOLVER_RUNS ?? 300);
const NAMES = ['a', 'b', 'c', 'd'];
/** Required but never in the index. */
const MISSING = 'e';
/** `1.0` and `1.0.0` are one version: checkPlan reads the first release that has it. */
const VERSIONS = ['1.0', '1.0.0', '2.0', '2.1b1', '3.0'];
const TARGET = makeTarget({ python: '3.12' });

const specifier = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...VERSIONS).chain((v) => fc.constantFrom(`>=${v}`, `<${v}`, `==${v}`, `!=${v}`)),
);
const marker = fc.constantFrom(
  null,
  null,
  'python_version < "3.8"',
  'python_version >= "3.8"',
  'sys_platform == "win32"',
  'sys_platform != "win32"',
  'extra == "x"',
  'extra != "x"',
  'python_version >= "3.8" or extra == "x"',
  'python_version >= "3.8" and extra != "x"',
);
const name = fc.oneof({ arbitrary: fc.constantFrom(...NAMES, ...NAMES.map((n) => n.toUpperCase())), weight: 15 }, { arbitrary: fc.constant(MISSING), weight: 1 });

const requirementLine = fc
  .record({ name, extra: fc.boolean(), specifier, marker })
  .map(({ name, extra, specifier, marker }) => `${name}${extra ? '[x]' : ''}${specifier}${marker ? `; ${marker}` : ''}`);
/** A Requires-Dist line: mostly a requirement, now and then a URL (which checkPlan skips) or not a requirement. */
const line = fc.oneof(
  { arbitrary: requirementLine, weight: 8 },
  { arbitrary: name.map((n) => `${n} @ https://example.com/${n}.whl`), weight: 1 },
  { arbitrary: fc.constant('not a requirement ('), weight: 1 },
);

const release = (version: string) =>
  fc.record({
    requiresDist: fc.array(line, { maxLength: 3 }),
    providesExtra: fc.constantFrom<string[]>([], ['x']),
    requiresPython: fc.constantFrom(null, null, null, null, '>=3.13', '<3.12', '>=3.8'),
    yanked: fc.constantFrom<Yanked>(false, false, false, false, false, ''),
    installable: fc.constantFrom(true, true, true, true, true, true, true, false),
  }).map(({ installable, ...r }): Release => ({ version, ...r, uploadTime: null, wheelTags: installable ? null : [], sdist: installable }));

/** Up to two releases a project (built by hand: loading an index would drop the second spelling of a version). */
const project = (projectName: string) =>
  fc.subarray(VERSIONS, { minLength: 1, maxLength: 2 }).chain((versions) =>
    fc.tuple(...versions.map(release)).map((releases): Project => ({ name: projectName, key: projectName, status: 'active', statusReason: null, releases })),
  );

const caseArb = fc.record({
  projects: fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.option(project(n), { freq: 5 })]))),
  requirements: fc.array(requirementLine, { minLength: 1, maxLength: 3 }),
  policy: fc.constantFrom('uv' as const, 'pip' as const),
  prereleases: fc.boolean(),
  onWindows: fc.boolean(),
  // Per project: no extras (half the time), or the extra after none, or before it (the order picks the first plan).
  extras: fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.constantFrom<string[][]>([[]], [[]], [[], ['x']], [['x'], []])]))),
});

describe('the pruned oracle equals trying every selection', () => {
  it(`same first plan, or none (${RUNS} indexes)`, () => {
    fc.assert(
      fc.property(caseArb, ({ projects, requirements, policy, prereleases, onWindows, extras }) => {
        const present = Object.values(projects).filter((p): p is Project => p !== null);
        const index: PackageIndex = { source: 'generated', projects: new Map(present.map((p) => [p.key, p])), environment: null, advisories: [] };
        const request: CheckRequest = {
          requirements: requirements.map((t) => parseRequirement(t)),
          target: TARGET,
          markers: onWindows ? { sys_platform: 'win32' } : undefined,
          policy,
          prereleases,
        };
        const extrasOf = (p: Project) => extras[p.key]!;
        expect(firstValidPlan(index, request, extrasOf)).toEqual(firstValidPlanTryingEvery(index, request, extrasOf));
      }),
      { numRuns: RUNS },
    );
  });
});
