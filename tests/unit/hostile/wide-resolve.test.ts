/**
 * A resolve's cost grows linearly with how many packages it decides: a project requiring 8,000
 * others, or one requirement naming 8,000 extras, took 20 s when each decision scanned every
 * undecided package and each dependency scanned every line of its release. Checked as a ratio
 * (one resolve of n packages against sixteen of n/16), not against a clock: more than 6 fails.
 */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';
import { superlinearityAsync } from '../../support/linear-time.ts';

const TOLERANCE = 6;

interface Problem {
  readonly index: PackageIndex;
  readonly requirement: string;
  /** Packages the plan holds. */
  readonly planned: number;
}

const indexOf = (projects: Record<string, unknown>): PackageIndex => ({ source: 'generated', projects: loadProjects(projects).projects, environment: null, advisories: [] });

/** `a` requires n projects; each has `versions` releases (one: decided as soon as seen). */
function fanOut(n: number, versions: 1 | 2): Problem {
  const projects: Record<string, unknown> = { a: { versions: { '1.0': { requires_dist: Array.from({ length: n }, (_, i) => `p${i}`) } } } };
  for (let i = 0; i < n; i++) projects[`p${i}`] = { versions: versions === 1 ? { '1.0': {} } : { '1.0': {}, '2.0': {} } };
  return { index: indexOf(projects), requirement: 'a', planned: n + 1 };
}

/** One requirement naming n extras of `a`; `provided`: each extra exists and requires a project of its own. */
function manyExtras(n: number, provided: boolean): Problem {
  const extras = Array.from({ length: n }, (_, i) => `x${i}`);
  const projects: Record<string, unknown> = {
    a: { versions: { '1.0': { requires_dist: provided ? extras.map((x, i) => `p${i}; extra == "${x}"`) : [], provides_extra: provided ? extras : [] } } },
  };
  if (provided) for (let i = 0; i < n; i++) projects[`p${i}`] = { versions: { '1.0': {} } };
  return { index: indexOf(projects), requirement: `a[${extras.join(',')}]`, planned: provided ? n + 1 : 1 };
}

async function plan(problem: Problem): Promise<number> {
  const result = await resolve(new IndexProvider(problem.index), { requirements: [parseRequirement(problem.requirement)] });
  if (!result.ok) throw new Error(`${problem.requirement.slice(0, 40)}: no solution`);
  return result.packages.length;
}

describe('a resolve of thousands of packages takes linear time', () => {
  it.each([
    { name: 'a project requiring 8,000 with one version each', make: (n: number) => fanOut(n, 1), size: 8000 },
    { name: 'a project requiring 8,000 with two versions each', make: (n: number) => fanOut(n, 2), size: 8000 },
    { name: 'one requirement naming 8,000 extras that do not exist', make: (n: number) => manyExtras(n, false), size: 8000 },
    { name: 'one requirement naming 4,000 extras, each requiring a project', make: (n: number) => manyExtras(n, true), size: 4000 },
  ])('$name', async ({ make, size }) => {
    const problem = make(size);
    expect(await plan(problem)).toBe(problem.planned);
    expect(await superlinearityAsync(plan, make, size)).toBeLessThan(TOLERANCE);
  }, 120_000);
});
