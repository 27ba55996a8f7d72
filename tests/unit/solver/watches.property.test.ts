/**
 * The watches' shortcuts (src/core/engines/pubgrub/watches.ts): a watch keeps its terms'
 * packages, signs and, for a package of at most 31 versions, their sets as one number, so that a
 * visit need not read the terms. Whatever the package's size (one word, exactly 32 versions,
 * several words) and whatever is assigned, they must answer as the plain term functions do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incompatibility } from '../../../src/core/engines/pubgrub/incompatibility.ts';
import { contradicts, type Term } from '../../../src/core/engines/pubgrub/term.ts';
import { isEmpty, setFromPredicate } from '../../../src/core/engines/pubgrub/version-set.ts';
import { Watch, watchedContradicted, watchedWitness, witnessOf, wordWitness } from '../../../src/core/engines/pubgrub/watches.ts';

/** A package size, with the edges of one word weighted in. */
const sizeArb = fc.oneof(fc.constantFrom(1, 2, 30, 31, 32, 33, 63, 64, 65), fc.integer({ min: 1, max: 70 }));

/** A term on package `pkg` of `size` versions: each version allowed or not, mostly all or none of a run. */
function termArb(pkg: number, size: number) {
  return fc
    .record({
      positive: fc.boolean(),
      shape: fc.constantFrom('bits', 'empty', 'full', 'one'),
      bits: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
      one: fc.integer({ min: 0, max: size - 1 }),
    })
    .map(({ positive, shape, bits, one }): Term => {
      const contains = (i: number) => (shape === 'bits' ? bits[i]! : shape === 'full' ? true : shape === 'one' ? i === one : false);
      return { pkg, set: setFromPredicate(size, contains), positive };
    });
}

const caseArb = fc
  .tuple(sizeArb, sizeArb)
  .chain(([size, otherSize]) =>
    fc.record({
      size: fc.constant(size),
      watched: termArb(1, size),
      other: termArb(2, otherSize),
      third: termArb(3, size),
      assigned: fc.option(termArb(1, size), { freq: 4 }),
      watchFirst: fc.boolean(),
    }),
  );

function incompatibilityOf(terms: Term[]): Incompatibility {
  return { id: 0, terms, cause: { kind: 'root' } };
}

describe('watches read off the watch answer as the terms do', () => {
  it('watchedWitness equals witnessOf, and watchedContradicted equals contradicts', () => {
    fc.assert(
      fc.property(caseArb, ({ size, watched, other, third, assigned, watchFirst }) => {
        const terms = watchFirst ? [watched, other, third] : [other, watched, third];
        const watch = new Watch(incompatibilityOf(terms), 0, 1);
        const assignedTerm = assigned ?? undefined;
        const expectedWitness = witnessOf(assignedTerm, watched, size);
        expect(watchedWitness(watch, watchFirst, assignedTerm, size)).toBe(expectedWitness);
        const expectedContradicted = assignedTerm === undefined ? watched.positive && isEmpty(watched.set) : contradicts(assignedTerm, watched);
        expect(watchedContradicted(watch, watchFirst, assignedTerm)).toBe(expectedContradicted);
      }),
      { numRuns: 3000 },
    );
  });

  it('after moving to another term, and from the summary of every term, the same', () => {
    fc.assert(
      fc.property(caseArb, ({ size, watched, other, third, assigned }) => {
        const watch = new Watch(incompatibilityOf([other, third, watched]), 0, 1);
        const assignedTerm = assigned ?? undefined;
        const expectedWitness = witnessOf(assignedTerm, watched, size);
        // A summary made first, then the move read from it; then the other way round.
        const summary = watch.termSummary();
        expect(summary[6]).toBe(1);
        if (summary[7]! >= 0 && assignedTerm) expect(wordWitness(summary[7]!, summary[8] === 1, assignedTerm, size)).toBe(expectedWitness);
        if (summary[7]! < 0) expect(size).toBeGreaterThanOrEqual(32);
        watch.moveSecond(2);
        expect(watch.secondPkg).toBe(1);
        expect(watchedWitness(watch, false, assignedTerm, size)).toBe(expectedWitness);
        const fresh = new Watch(incompatibilityOf([other, third, watched]), 0, 1);
        fresh.moveFirst(2);
        expect(fresh.term(true)).toBe(watched);
        expect(watchedWitness(fresh, true, assignedTerm, size)).toBe(expectedWitness);
      }),
      { numRuns: 2000 },
    );
  });

  it('a watch of one term keeps -1 as its second', () => {
    const term: Term = { pkg: 4, set: setFromPredicate(3, (i) => i === 1), positive: true };
    const watch = new Watch(incompatibilityOf([term]), 0, -1);
    expect(watch.second).toBe(-1);
    expect(watch.firstPkg).toBe(4);
    expect(watch.firstWord).toBe(2);
  });
});
