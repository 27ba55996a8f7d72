/**
 * The resolver against brute force on indexes shaped like real ones: each project has up to six
 * releases that draw their requirements from a few lists, so runs of neighbours publish the
 * very same lines (what the solver widens one dependency over, dependencies.ts), and the
 * specifiers include `~=` and `==V.*` (found by binary search, specifier-sets.ts). Lines spell
 * names as people do (`A_B`, `a.b`, a leading space) and one name begins another (`a`, `ab`),
 * since the solver tells which lines name a project without parsing them, and half the indexes
 * have releases of over 32 lines (grouped by project at once). Under both
 * policies the verdict equals that of trying every selection, and every plan passes the
 * independent checker. (brute-force.property.test.ts covers extras, markers, pre-releases,
 * yanked releases and Requires-Python on smaller indexes.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan, IndexProvider, loadProjects, makeTarget, parseRequirement, resolve, type PackageIndex, type Requirement } from '../../../src/core/index.ts';
import { firstValidPlan } from '../../support/brute-force.ts';

const RUNS = Number(process.env.SOLVER_RUNS ?? 300);
const NAMES = ['a', 'ab', 'a-b', 'c', 'd'];
const VERSIONS = ['1.0', '1.1', '2.0', '2.1', '3.0', '4.0'];
const TARGET = makeTarget({ python: '3.12' });

const specifier = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...VERSIONS).chain((v) => fc.constantFrom(`>=${v}`, `<${v}`, `==${v}`, `!=${v}`, `~=${v}`, `==${v.split('.')[0]}.*`, `!=${v.split('.')[0]}.*`)),
);
/** A name as a line may spell it: any case, `_` or `.` for `-`, after spaces (PEP 503 and 508). */
const spelling = (name: string) =>
  fc
    .record({ upper: fc.boolean(), separator: fc.constantFrom('-', '_', '.'), space: fc.constantFrom('', '', ' ') })
    .map(({ upper, separator, space }) => `${space}${(upper ? name.toUpperCase() : name).replace('-', separator)}`);
const requirement = (self?: string) =>
  fc.record({ name: fc.constantFrom(...NAMES.filter((n) => n !== self)).chain(spelling), specifier }).map(({ name, specifier }) => `${name}${specifier}`);

/** A project's releases, each taking one of a few requirement lists: neighbours often depend alike. */
function projectArb(name: string) {
  return fc.array(fc.array(requirement(name), { maxLength: 2 }), { minLength: 1, maxLength: 3 }).chain((lists) =>
    fc.subarray(VERSIONS, { minLength: 1 }).chain((versions) => fc.tuple(...versions.map((v) => fc.nat(lists.length - 1).map((k) => [v, lists[k]!] as const)))),
  );
}

const caseArb = fc.record({
  projects: fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.option(projectArb(n), { freq: 10 })]))),
  requirements: fc.array(requirement(), { minLength: 1, maxLength: 3 }),
  long: fc.boolean(),
});

/**
 * Lines that never apply (their marker is false), around a release's own in a long list: past 32
 * lines the solver groups a release's lines by project at once instead of scanning them.
 */
const NEVER = Array.from({ length: 40 }, (_, k) => `${k % 2 ? 'A' : ' a'}${k}; python_version < "2"`);
const lengthened = (requires: readonly string[]) => [...NEVER.slice(0, 20), ...requires, ...NEVER.slice(20)];

/** Whether some selection (a release or nothing per project) passes the checker. */
function solvable(index: PackageIndex, requirements: readonly Requirement[]): boolean {
  return firstValidPlan(index, { requirements, target: TARGET, policy: 'uv', prereleases: false }) !== null;
}

describe('resolver verdict equals brute force where neighbours depend alike', () => {
  it(`uv and pip policies (${RUNS} indexes)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ projects, requirements: texts, long }) => {
        const json: Record<string, unknown> = {};
        for (const [name, releases] of Object.entries(projects)) {
          if (releases) json[name] = { versions: Object.fromEntries(releases.map(([v, requires]) => [v, { requires_dist: long ? lengthened(requires) : requires }])) };
        }
        const index: PackageIndex = { source: 'generated', projects: loadProjects(json).projects, environment: null, advisories: [] };
        const requirements = texts.map((t) => parseRequirement(t));
        const expected = solvable(index, requirements);
        for (const policy of ['uv', 'pip'] as const) {
          const result = await resolve(new IndexProvider(index), { requirements, target: TARGET, policy });
          if (result.ok) {
            const plan = Object.fromEntries(result.packages.map((p) => [p.key, { version: p.version, extras: [...p.extras] }]));
            expect(checkPlan(index, { requirements, target: TARGET, policy, prereleases: false }, plan)).toEqual([]);
          }
          expect(result.ok).toBe(expected);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
