/**
 * The resolver against an oracle: on thousands of generated small indexes, its verdict
 * equals a brute-force search over every selection of versions, and every solution it gives
 * passes the independent checker (src/core/check/validate.ts).
 *
 * Under the `uv` policy the rules are static (pre-releases and yanked pins come from your
 * own requirements), so the oracle is exact with every feature on. Under `pip` they depend
 * on the requirements met along the way, so the pip run leaves pre-releases and yanked
 * releases out and checks everything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPlan,
  IndexProvider,
  loadProjects,
  makeTarget,
  parseRequirement,
  resolve,
  type PackageIndex,
  type Policy,
  type Requirement,
} from '../../../src/core/index.ts';
import { firstValidPlan, type Plan } from '../../support/brute-force.ts';

const RUNS = Number(process.env.SOLVER_RUNS ?? 1500);
const NAMES = ['a', 'b', 'c', 'd'];
const VERSIONS = ['1.0', '1.1', '2.0', '2.1b1', '3.0'];
const TARGET = makeTarget({ python: '3.12' });

interface Features {
  readonly prereleases: boolean;
  readonly yanked: boolean;
  readonly extras: boolean;
}

const specifier = fc.oneof(
  fc.constant(''),
  fc.constantFrom(...VERSIONS).chain((v) => fc.constantFrom(`>=${v}`, `<${v}`, `==${v}`, `!=${v}`, `>${v}`)),
);

/**
 * A requirement; within a release of `self`, one in three names `self` (a release that depends on
 * its own project, directly or through an extra; cycles through others come from the rest).
 */
function requirementArb(features: Features, self?: string) {
  const others = NAMES.filter((n) => n !== self);
  return fc
    .record({
      name: self ? fc.oneof({ arbitrary: fc.constant(self), weight: 1 }, { arbitrary: fc.constantFrom(...others), weight: 2 }) : fc.constantFrom(...NAMES),
      spec: specifier,
      extra: features.extras ? fc.option(fc.constant('x'), { freq: 5 }) : fc.constant(null),
      marker: fc.option(fc.constantFrom('python_version < "3.8"', 'sys_platform == "win32"', 'python_version >= "3.8"'), { freq: 6 }),
      // The same requirement written otherwise, as metadata does: the solver's shortcuts over
      // the lines as published (which neighbours depend alike) must read them as pip does.
      spelling: fc.constantFrom('plain', 'plain', 'leading space', 'upper case', 'parentheses'),
    })
    .map(({ name, spec, extra, marker, spelling }) => {
      const shown = `${spelling === 'leading space' ? ' ' : ''}${spelling === 'upper case' ? name.toUpperCase() : name}${extra ? `[${extra}]` : ''}`;
      const bounds = spelling === 'parentheses' && spec ? ` (${spec})` : spec;
      return `${shown}${bounds}${marker ? `; ${marker}` : ''}`;
    });
}

function indexArb(features: Features) {
  const versionArb = (name: string) =>
    fc.record({
      requires: fc.array(requirementArb(features, name), { maxLength: 2 }),
      extraRequires: features.extras ? fc.array(requirementArb(features, name), { maxLength: 1 }) : fc.constant([] as string[]),
      yanked: features.yanked ? fc.integer({ min: 0, max: 3 }).map((n) => n === 0) : fc.constant(false),
      python: fc.constantFrom(null, null, null, '>=3.13', '<3.12'),
    });
  const versionNames = features.prereleases ? VERSIONS : VERSIONS.filter((v) => !v.includes('b'));
  return fc
    .record(
      Object.fromEntries(
        NAMES.map((name) => [name, fc.option(fc.subarray(versionNames, { minLength: 1, maxLength: 3 }).chain((vs) => fc.tuple(...vs.map((v) => versionArb(name).map((r) => [v, r] as const)))), { freq: 8 })]),
      ),
    )
    .map((projects) => {
      const json: Record<string, unknown> = {};
      for (const [name, versions] of Object.entries(projects)) {
        if (!versions) continue;
        json[name] = {
          versions: Object.fromEntries(
            versions.map(([v, r]) => [
              v,
              {
                requires_dist: [...r.requires, ...r.extraRequires.map((x) => `${x.split(';')[0]}; extra == "x"`)],
                provides_extra: r.extraRequires.length ? ['x'] : [],
                yanked: r.yanked,
                requires_python: r.python,
              },
            ]),
          ),
        };
      }
      return json;
    });
}

function caseArb(features: Features) {
  return fc.record({
    projects: indexArb(features),
    requirements: fc.array(requirementArb(features), { minLength: 1, maxLength: 3 }),
  });
}

/** Every selection (a version or nothing per project, with or without the extra), checked; the first valid one, or null. */
function bruteForce(index: PackageIndex, requirements: Requirement[], policy: Policy): Plan | null {
  return firstValidPlan(index, { requirements, target: TARGET, policy, prereleases: false }, (p) => (p.releases.some((r) => r.providesExtra.length > 0) ? [[], ['x']] : [[]]));
}

function property(features: Features, policy: Policy) {
  return fc.asyncProperty(caseArb(features), async ({ projects, requirements: texts }) => {
    const { projects: loaded } = loadProjects(projects);
    const index: PackageIndex = { source: 'generated', projects: loaded, environment: null, advisories: [] };
    const requirements = texts.map((t) => parseRequirement(t));
    const result = await resolve(new IndexProvider(index), { requirements, target: TARGET, policy });
    const oracle = bruteForce(index, requirements, policy);
    if (result.ok) {
      const plan = Object.fromEntries(result.packages.map((p) => [p.key, { version: p.version, extras: [...p.extras] }]));
      expect(checkPlan(index, { requirements, target: TARGET, policy, prereleases: false }, plan)).toEqual([]);
    }
    expect(result.ok).toBe(oracle !== null);
  });
}

describe('resolver verdict equals brute force', () => {
  it(`uv policy, with pre-releases, yanked releases, extras, markers and Requires-Python (${RUNS} indexes)`, async () => {
    await fc.assert(property({ prereleases: true, yanked: true, extras: true }, 'uv'), { numRuns: RUNS });
  }, 120_000);

  it(`pip policy, with extras, markers and Requires-Python (${RUNS} indexes)`, async () => {
    await fc.assert(property({ prereleases: false, yanked: false, extras: true }, 'pip'), { numRuns: RUNS });
  }, 120_000);
});
