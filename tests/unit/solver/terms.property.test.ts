/**
 * Term shortcuts of conflict resolution (src/core/engines/pubgrub/term.ts): `unsettled` builds in
 * one set what `negate(intersectTerms(a, negate(b)))` builds in three, and sets keep no bit past
 * their package's size. Checked against the composition and a plain list of versions, at the
 * edges of one word (31, 32, 33 versions) and over several words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersectTerms, negate, unsettled, type Term } from '../../../src/core/engines/pubgrub/term.ts';
import { complement, fullSet, has, isFull, lastWordMask, setFromPredicate } from '../../../src/core/engines/pubgrub/version-set.ts';

const sizeArb = fc.oneof(fc.constantFrom(1, 31, 32, 33, 63, 64, 65), fc.integer({ min: 1, max: 100 }));

function termArb(size: number) {
  return fc
    .record({ positive: fc.boolean(), bits: fc.array(fc.boolean(), { minLength: size, maxLength: size }) })
    .map(({ positive, bits }): Term => ({ pkg: 7, set: setFromPredicate(size, (i) => bits[i]!), positive }));
}

const versionsOf = (set: Uint32Array, size: number) => Array.from({ length: size }, (_, i) => has(set, i));

describe('term shortcuts', () => {
  it('unsettled(a, b) is not (a and not b), with no bit past the size', () => {
    fc.assert(
      fc.property(
        sizeArb.chain((size) => fc.tuple(fc.constant(size), termArb(size), termArb(size))),
        ([size, a, b]) => {
          const expected = negate(intersectTerms(a, negate(b, size)), size);
          const actual = unsettled(a, b, size);
          expect(actual.pkg).toBe(expected.pkg);
          expect(actual.positive).toBe(expected.positive);
          expect(Array.from(actual.set)).toEqual(Array.from(expected.set));
          // Past the size every bit is clear: the last word is masked.
          expect(actual.set[actual.set.length - 1]! & ~lastWordMask(size)).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('complement and fullSet hold exactly the versions below the size', () => {
    fc.assert(
      fc.property(
        sizeArb.chain((size) => fc.tuple(fc.constant(size), termArb(size))),
        ([size, term]) => {
          const flipped = complement(term.set, size);
          expect(versionsOf(flipped, size)).toEqual(versionsOf(term.set, size).map((v) => !v));
          expect(flipped[flipped.length - 1]! & ~lastWordMask(size)).toBe(0);
          expect(isFull(fullSet(size), size)).toBe(true);
          expect(isFull(flipped, size)).toBe(versionsOf(term.set, size).every((v) => !v));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
