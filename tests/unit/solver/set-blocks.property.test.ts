/**
 * Version sets of large packages are views into shared blocks (src/core/engines/pubgrub/version-set.ts):
 * each must start empty and stay apart from its neighbours in the block, the set operations must
 * give the same versions as a plain list, and sets that leave the solver (the derivation tree)
 * must own their buffer, or a message to the page would copy a whole block for each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve } from '../../../src/core/index.ts';
import {
  complement,
  difference,
  has,
  intersect,
  lastingCopy,
  newSet,
  setFromPredicate,
  standalone,
  union,
  unionWithComplement,
} from '../../../src/core/engines/pubgrub/version-set.ts';

/** Sizes on both sides of the in-heap limit (16 words: 512 versions) and past a block's first fill. */
const sizeArb = fc.oneof(fc.constantFrom(511, 512, 513, 1778, 4096), fc.integer({ min: 1, max: 3000 }));
const bitsArb = (size: number) => fc.array(fc.boolean(), { minLength: size, maxLength: size });
const versionsOf = (set: Uint32Array, size: number) => Array.from({ length: size }, (_, i) => has(set, i));

describe('version sets in shared blocks', () => {
  it('a new set is empty, and writing one leaves every other set as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 60 }), (wordCounts) => {
        const sets = wordCounts.map((words) => newSet(words));
        for (const set of sets) expect(set.every((word) => word === 0)).toBe(true);
        sets.forEach((set, k) => set.fill(k + 1));
        sets.forEach((set, k) => {
          expect(set.length).toBe(wordCounts[k]);
          expect(set.every((word) => word === k + 1)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('set operations over large packages give the versions a plain list gives', () => {
    fc.assert(
      fc.property(
        sizeArb.chain((size) => fc.tuple(fc.constant(size), bitsArb(size), bitsArb(size))),
        ([size, aBits, bBits]) => {
          const a = setFromPredicate(size, (i) => aBits[i]!);
          const b = setFromPredicate(size, (i) => bBits[i]!);
          expect(versionsOf(intersect(a, b), size)).toEqual(aBits.map((x, i) => x && bBits[i]!));
          expect(versionsOf(union(a, b), size)).toEqual(aBits.map((x, i) => x || bBits[i]!));
          expect(versionsOf(difference(a, b), size)).toEqual(aBits.map((x, i) => x && !bBits[i]!));
          expect(versionsOf(complement(a, size), size)).toEqual(aBits.map((x) => !x));
          expect(versionsOf(unionWithComplement(a, b, size), size)).toEqual(aBits.map((x, i) => x || !bBits[i]!));
          // The inputs are untouched by the results written beside them.
          expect(versionsOf(a, size)).toEqual(aBits);
          expect(versionsOf(b, size)).toEqual(bBits);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('standalone and lasting copies hold the same versions; standalone owns its buffer', () => {
    fc.assert(
      fc.property(
        sizeArb.chain((size) => fc.tuple(fc.constant(size), bitsArb(size))),
        ([size, bits]) => {
          const set = setFromPredicate(size, (i) => bits[i]!);
          const own = standalone(set);
          expect(own.buffer.byteLength).toBe(own.byteLength);
          expect(Array.from(own)).toEqual(Array.from(set));
          const kept = lastingCopy(set);
          expect(Array.from(kept)).toEqual(Array.from(set));
          // A lasting copy is a copy: the run's set may be dropped or written without changing it.
          if (kept !== set) {
            set.fill(0);
            expect(versionsOf(kept, size)).toEqual(bits);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a derivation tree over a package of 1,500 versions holds sets with buffers of their own', async () => {
    const versions: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) versions[`1.${i}`] = { requires_dist: [i < 750 ? 'lib==1.0' : 'lib==2.0'] };
    const { projects } = loadProjects({ app: { versions }, lib: { versions: { '0.5': {}, '1.0': {}, '2.0': {} } } });
    const result = await resolve(new IndexProvider({ source: 'blocks', projects, environment: null, advisories: [] }), {
      requirements: ['app', 'lib<1.0'].map((line) => parseRequirement(line)),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const app = result.derivation.packages.find((p) => p.key === 'app')!;
    const large = result.derivation.nodes.flatMap((node) => node.terms).filter((term) => term.pkg === app.id);
    // Both halves of app's releases are in the proof, each as one set over 1,500 versions.
    const halves = large.map((term) => versionsOf(term.versions, 1500).lastIndexOf(true));
    expect(halves).toEqual(expect.arrayContaining([749, 1499]));
    for (const term of large) {
      expect(term.versions.length).toBe(47);
      expect(term.versions.buffer.byteLength).toBe(term.versions.byteLength);
    }
  });
});
