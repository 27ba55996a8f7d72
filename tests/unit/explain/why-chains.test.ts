/**
 * "Why is X installed": the shortest chains from your requirements down to X, at most five,
 * none passing a package twice. Checked against an enumeration of every simple chain on small
 * random plans, and for speed on plans whose paths multiply (a diamond at every level, where
 * the number of chains doubles each level) or run long.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whyInstalled, type ResolvedPackage, type ResolveSuccess } from '../../../src/core/index.ts';

type Edges = Readonly<Record<string, readonly (string | null)[]>>;

/** A plan whose packages are required by the given packages (null: by you). */
function plan(requiredBy: Edges): ResolveSuccess {
  const packages = Object.entries(requiredBy).map(
    ([key, froms]) =>
      ({
        key,
        name: key,
        version: '1.0',
        extras: [],
        yanked: null,
        prerelease: false,
        requiresPython: null,
        direct: froms.includes(null),
        requiredBy: froms.map((from) => ({ from, fromVersion: from === null ? null : '1.0', requirement: key })),
      }) as unknown as ResolvedPackage,
  );
  return { ok: true, packages } as unknown as ResolveSuccess;
}

/** Every simple chain from your requirements down to `key`, as the package names along it. */
function allChains(edges: Edges, key: string, seen: readonly string[] = [key]): string[][] {
  return (edges[key] ?? []).flatMap((from) => {
    if (from === null) return [[...seen].reverse()];
    if (seen.includes(from)) return [];
    return allChains(edges, from, [...seen, from]);
  });
}

describe('whyInstalled', () => {
  it('gives the shortest chains, each simple, as an enumeration of all of them does', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const edges = fc.dictionary(
      fc.constantFrom(...names),
      fc.uniqueArray(fc.constantFrom<string | null>(null, ...names), { minLength: 1, maxLength: 4 }),
      { minKeys: 1 },
    );
    fc.assert(
      fc.property(edges, (graph) => {
        const complete: Record<string, (string | null)[]> = Object.fromEntries(names.map((n) => [n, [...(graph[n] ?? [])]]));
        for (const [key, froms] of Object.entries(complete)) complete[key] = froms.filter((f) => f !== key);
        const target = 'a';
        const expected = allChains(complete, target).map((c) => c.length).sort((x, y) => x - y).slice(0, 5);
        const why = whyInstalled(plan(complete), target);
        // Each chain is "you require X", then one step per package above X: its length is the package count.
        expect(why.chains.map((c) => c.length)).toEqual(expected);
        for (const chain of why.chains) {
          const tops = chain.slice(1).map((step) => step.split(' ')[0]);
          expect(new Set(tops).size).toBe(tops.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers at once on a diamond at every level, where chains double at each of 40 levels', () => {
    const edges: Record<string, (string | null)[]> = { a0: [null], b0: [null] };
    for (let i = 1; i <= 40; i++) edges[`a${i}`] = edges[`b${i}`] = [`a${i - 1}`, `b${i - 1}`];
    const started = performance.now();
    const why = whyInstalled(plan(edges), 'a40');
    expect(why.chains).toHaveLength(5);
    for (const chain of why.chains) expect(chain).toHaveLength(41);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers a chain of 20,000 packages', () => {
    const edges: Record<string, (string | null)[]> = { p0: [null] };
    for (let i = 1; i <= 20_000; i++) edges[`p${i}`] = [`p${i - 1}`];
    const why = whyInstalled(plan(edges), 'p20000');
    expect(why.chains).toHaveLength(1);
    expect(why.chains[0]![0]).toBe('you require p0');
    expect(why.chains[0]).toHaveLength(20_001);
  });
});
