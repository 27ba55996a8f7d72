/**
 * Pigeonhole indexes (tests/support/pigeonhole.ts) exercise propagation over many learned
 * incompatibilities: the verdict must hold whatever propagation watches, with a proof that
 * ends at your requirements, and with as many holes as pigeons every pigeon gets its own hole.
 */
import { describe, expect, it } from 'vitest';
import { checkPlan, DEFAULT_TARGET, IndexProvider, pubgrubReport, resolve } from '../../../src/core/index.ts';
import { pigeonhole } from '../../support/pigeonhole.ts';

describe('pigeonhole indexes', () => {
  it.each([1, 2, 3, 4, 5])('%i holes for one pigeon more: no solution, and a proof of it', async (holes) => {
    const { index, requirements } = pigeonhole(holes);
    const result = await resolve(new IndexProvider(index), { requirements });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.stats.conflicts).toBeGreaterThan(0);
    expect(pubgrubReport(result.derivation)).toMatch(/your requirements cannot be met\.$/);
  });

  it.each([
    [3, 3],
    [5, 5],
    [6, 4],
  ])('%i holes for %i pigeons: each pigeon in a hole of its own', async (holes, pigeons) => {
    const { index, requirements } = pigeonhole(holes, pigeons);
    const result = await resolve(new IndexProvider(index), { requirements });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const seats = result.packages.filter((p) => p.key.startsWith('pigeon-')).map((p) => p.version);
    expect(seats).toHaveLength(pigeons);
    expect(new Set(seats).size).toBe(pigeons);
    const plan = Object.fromEntries(result.packages.map((p) => [p.key, { version: p.version, extras: p.extras }]));
    expect(checkPlan(index, { requirements, target: DEFAULT_TARGET, policy: 'pip', prereleases: false }, plan)).toEqual([]);
  });

  it('counts the work behind its decisions: watch visits grow with what was learned, each conflict takes resolution steps', async () => {
    const works = [];
    const satisfied: number[] = [];
    for (const holes of [3, 5, 7]) {
      const { index, requirements } = pigeonhole(holes);
      const result = await resolve(new IndexProvider(index), { requirements });
      const { decisions, conflicts, work } = result.stats;
      expect(work).toBeDefined();
      // Every conflict but the last learns through at least one resolution step; every decision derives.
      expect(work!.resolutionSteps).toBeGreaterThanOrEqual(conflicts - 1);
      expect(work!.derivations).toBeGreaterThan(decisions);
      // Some visits find their term satisfied (each derives, conflicts or moves on); most only move.
      expect(work!.satisfiedVisits).toBeGreaterThan(0);
      expect(work!.satisfiedVisits).toBeLessThan(work!.watchVisits);
      works.push(work!.watchVisits / decisions);
      satisfied.push(work!.satisfiedVisits / decisions);
    }
    // Satisfied visits per decision grow with n too: what was learned is what they check.
    expect(satisfied[2]).toBeGreaterThan(4 * satisfied[0]!);
    // Visits per decision grow with n (the bench's visits/dec. column): 5 at n = 3, over 100 at n = 7.
    expect(works[0]).toBeGreaterThan(0);
    expect(works[1]).toBeGreaterThan(2 * works[0]!);
    expect(works[2]).toBeGreaterThan(2 * works[1]!);
  });
});
