/**
 * Which requirements of a release apply to one of its extras, found through the release's index
 * of the extras its markers name (src/core/engines/pubgrub/extra-requirements.ts), against
 * evaluating every marker for the extra (what pip does): on generated markers that compare
 * `extra` every way PEP 508 allows, with extras that read as names, as versions and as "".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMarker, makeTarget, markerEnvironment, parseRequirement, type Requirement } from '../../../src/core/index.ts';
import { extraCandidates, listsExtra } from '../../../src/core/engines/pubgrub/extra-requirements.ts';

const ENV = markerEnvironment(makeTarget({ python: '3.12' }));
const EXTRAS = ['x', 'y', 'X_Y', 'x-y', '1', '01', '1.0', '1-0', 'a.b', 'ab', 'b'];

const literal = fc.constantFrom(...EXTRAS, '', '1.*', 'x y');
const comparison = fc.oneof(
  fc.tuple(fc.constantFrom('==', '!=', '===', 'in', 'not in', '>=', '<', '~='), literal, fc.boolean()).map(([op, value, extraFirst]) =>
    extraFirst ? `extra ${op} "${value}"` : `"${value}" ${op} extra`,
  ),
  fc.constantFrom('python_version >= "3.8"', 'python_version < "3.8"', 'sys_platform == "win32"'),
);
const marker: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, comparison, fc.tuple(tie('expr'), fc.constantFrom('and', 'or'), tie('expr')).map(([l, op, r]) => `(${l}) ${op} (${r})`)),
})).expr as fc.Arbitrary<string>;

const release = fc.array(fc.tuple(fc.constantFrom('p', 'q', 'r'), fc.option(marker, { freq: 5 })), { maxLength: 8 }).map((lines) => ({
  requirements: lines.map(([name, m]) => parseRequirement(m === null ? name : `${name}; ${m}`)),
  providesExtra: [] as string[],
  warnings: [],
}));

/** pip's rule: a requirement applies to an extra alone when its marker holds with the extra and not without. */
function appliesAlone(req: Requirement, extra: string): boolean {
  return req.marker !== null && evaluateMarker(req.marker, ENV, [extra]) && !evaluateMarker(req.marker, ENV, []);
}

describe('the requirements that may apply to an extra', () => {
  it('include every requirement that applies to it alone, in the release order', () => {
    fc.assert(
      fc.property(release, fc.constantFrom(...EXTRAS), (metadata, extra) => {
        const candidates = extraCandidates(metadata, extra);
        const applying = metadata.requirements.filter((r) => appliesAlone(r, extra));
        expect(candidates.filter((r) => appliesAlone(r, extra))).toEqual(applying);
        // In the release's order, each once.
        const positions = candidates.map((r) => metadata.requirements.indexOf(r));
        expect(positions).toEqual([...new Set(positions)].sort((a, b) => a - b));
      }),
      { numRuns: 3000 },
    );
  });

  it('leave out a requirement whose marker names only other extras', () => {
    const metadata = { requirements: ['p; extra == "a"', 'q; extra == "b" and python_version >= "3"', 'r; extra != "c"', 's'].map((t) => parseRequirement(t)), providesExtra: ['a', 'b'], warnings: [] };
    expect(extraCandidates(metadata, 'a').map((r) => r.name)).toEqual(['p', 'r']);
    expect(extraCandidates(metadata, 'B').map((r) => r.name)).toEqual(['q', 'r']);
    // An extra that reads as a version may equal a literal spelled otherwise (PEP 440): every requirement.
    expect(extraCandidates(metadata, '1')).toHaveLength(4);
    expect(listsExtra(metadata, 'A')).toBe(true);
    expect(listsExtra(metadata, 'c')).toBe(false);
  });
});
