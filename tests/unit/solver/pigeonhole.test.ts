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
});
