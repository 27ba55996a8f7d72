/**
 * pip-policy rounds: when the requirements met grant more (here a pre-release of `w`, asked for
 * by `y 1.0` with `w>=2.0b1`), the resolve runs again, and the later round starts from what the
 * first one learned where that still holds: the conflicts over `x` and `z`, which no allowance
 * touches, are not met twice. A failure whose proof no allowance touches is the next round's
 * failure too, so then no round follows.
 */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';

function index(): PackageIndex {
  const versions = [1, 2, 3, 4, 5, 6];
  const projects = {
    x: { versions: Object.fromEntries(versions.map((v) => [`${v}.0`, { requires_dist: v === 1 ? [] : [`z==${v}.0`] }])) },
    y: { versions: { '0.9': { requires_dist: ['missing'] }, '1.0': { requires_dist: ['z==1.0', 'w>=2.0b1'] } } },
    z: { versions: Object.fromEntries(versions.map((v) => [`${v}.0`, {}])) },
    w: { versions: { '1.0': {}, '2.0b1': {} } },
  };
  return { source: 'rounds', projects: loadProjects(projects).projects, environment: null, advisories: [] };
}

describe('pip-policy rounds', () => {
  it('a second round reuses what the first learned, and answers as a fresh resolve would', async () => {
    const requirements = [parseRequirement('x'), parseRequirement('y')];
    const result = await resolve(new IndexProvider(index()), { requirements });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stats.rounds).toBe(2);
    expect(result.packages.map((p) => `${p.key}==${p.version}`)).toEqual(['w==2.0b1', 'x==1.0', 'y==1.0', 'z==1.0']);
    // uv's rules grant nothing from y's requirement: one round, the same search as pip's first.
    const firstRound = await resolve(new IndexProvider(index()), { requirements, policy: 'uv' });
    expect(firstRound.ok).toBe(false);
    expect(firstRound.stats.conflicts).toBeGreaterThan(0);
    // The second round met no conflict of its own: it knew them all from the first.
    expect(result.stats.conflicts).toBe(firstRound.stats.conflicts);

    // Allowing every pre-release from the start: one round, the same plan.
    const direct = await resolve(new IndexProvider(index()), { requirements, prereleases: true });
    expect(direct.ok && direct.packages.map((p) => `${p.key}==${p.version}`)).toEqual(result.packages.map((p) => `${p.key}==${p.version}`));
  });

  it('ends after a failure that no pre-release or yanked release takes part in, though the run met a grant', async () => {
    // a and b need different versions of c; b also asks for a pre-release of w, which grants it.
    const projects = {
      a: { versions: { '1.0': { requires_dist: ['c==1.0'] } } },
      b: { versions: { '1.0': { requires_dist: ['c==2.0', 'w>=2.0b1'] } } },
      c: { versions: { '1.0': {}, '2.0': {} } },
      w: { versions: { '1.0': {}, '2.0b1': {} } },
    };
    const clash: PackageIndex = { source: 'rounds', projects: loadProjects(projects).projects, environment: null, advisories: [] };
    const requirements = [parseRequirement('a'), parseRequirement('b')];
    const result = await resolve(new IndexProvider(clash), { requirements });
    expect(result.ok).toBe(false);
    expect(result.stats.rounds).toBe(1);
    if (result.ok) return;
    // The proof stands on the two dependencies on c, nothing about w.
    const facts = result.derivation.nodes.filter((n) => n.cause.kind === 'dependency').map((n) => n.cause.kind === 'dependency' && n.cause.requirement);
    expect(facts).toEqual(expect.arrayContaining(['c==1.0', 'c==2.0']));
    expect(result.derivation.nodes.some((n) => n.cause.kind === 'unavailable')).toBe(false);
    // With the pre-release allowed from the start, the answer is the same.
    const allowed = await resolve(new IndexProvider(clash), { requirements, prereleases: true });
    expect(allowed.ok).toBe(false);
  });
});
