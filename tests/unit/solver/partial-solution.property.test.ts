/**
 * The partial solution's word shortcut (src/core/engines/pubgrub/partial-solution.ts):
 * `contradictionLevelOfWord` reads a term of a package of at most 31 versions as one number and
 * sign, and must give the level `contradictionLevel` gives for the term itself, whatever was
 * derived at which level before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incompatibility } from '../../../src/core/engines/pubgrub/incompatibility.ts';
import { PartialSolution } from '../../../src/core/engines/pubgrub/partial-solution.ts';
import { contradicts, type Term } from '../../../src/core/engines/pubgrub/term.ts';
import { setFromPredicate } from '../../../src/core/engines/pubgrub/version-set.ts';

const PKG = 1;
const OTHER = 2;
const CAUSE: Incompatibility = { id: 0, terms: [], cause: { kind: 'root' } };

function termArb(size: number) {
  return fc
    .record({ positive: fc.boolean(), bits: fc.array(fc.boolean(), { minLength: size, maxLength: size }) })
    .map(({ positive, bits }): Term => ({ pkg: PKG, set: setFromPredicate(size, (i) => bits[i]!), positive }));
}

const caseArb = fc.integer({ min: 1, max: 31 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    // Each step derives a term on PKG, after zero or more decisions on another package (new levels).
    steps: fc.array(fc.record({ newLevels: fc.nat(2), term: termArb(size) }), { minLength: 1, maxLength: 8 }),
    asked: termArb(size),
  }),
);

describe('the partial solution read by word', () => {
  it('contradictionLevelOfWord equals contradictionLevel', () => {
    fc.assert(
      fc.property(caseArb, ({ size, steps, asked }) => {
        const partial = new PartialSolution((pkg) => (pkg === OTHER ? 64 : size));
        let decisions = 0;
        for (const { newLevels, term } of steps) {
          for (let l = 0; l < newLevels; l++) partial.decide(OTHER, decisions++ % 64);
          partial.derive(term, CAUSE);
        }
        fc.pre(contradicts(partial.termOf(PKG)!, asked));
        expect(partial.contradictionLevelOfWord(PKG, asked.set[0]!, asked.positive)).toBe(partial.contradictionLevel(asked));
      }),
      { numRuns: 3000 },
    );
  });
});
