import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseSpecifierSet } from '../../../src/core/pep440/index.ts';
import { mayMakeSpecifier } from '../../../src/core/pep508/marker.ts';
import { evaluateMarker, parseMarker, defaultMarkerEnvironment } from '../../../src/core/pep508/index.ts';

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '~='] as const;

/** Whether `op + rhs` parses as a specifier set (what the comparison tried before the pre-check). */
function parses(text: string): boolean {
  try {
    parseSpecifierSet(text);
    return true;
  } catch {
    return false;
  }
}

describe('mayMakeSpecifier: marker literals that cannot make a specifier are not parsed', () => {
  const literal = fc.oneof(
    fc.string(),
    fc.stringMatching(/^\s{0,3}[vV]?[0-9]{1,3}(\.[0-9]{1,3}){0,3}(\.\*|a1|rc2|\.post1|\.dev0)?\s{0,2}$/),
    // Names, and names that look a little like versions: v1, V2.0, dev1, post2, rc1.
    fc.stringMatching(/^\s{0,2}[a-zA-Z][a-zA-Z0-9.*!+_-]{0,8}$/),
    fc.constantFrom('test', 'Windows', 'cpython', ' 3.8', '\t3.8', '\n3.8', 'v3', 'V3', 'vv3', '', ' ', '1!2.0', '.1', '*', '=3.8', '=<', '=test', '~=1'),
  );

  it('turns away only what the specifier parser rejects, for every operator', () => {
    fc.assert(
      fc.property(literal, fc.constantFrom(...OPERATORS), (rhs, op) => {
        if (!mayMakeSpecifier(rhs)) expect(parses(op + rhs)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('lets versions through, after any space', () => {
    for (const rhs of ['3.8', ' 3.8', '\t3.8', 'v1.0', 'V1.0', '1!2.0', '3.*', '=3.8', '=test']) expect(mayMakeSpecifier(rhs)).toBe(true);
    for (const rhs of ['test', 'Windows', 'cpython', '', '   ', 'vv1', 'v']) expect(mayMakeSpecifier(rhs)).toBe(false);
  });

  it('leaves name comparisons as they were: string (in)equality', () => {
    const env = { ...defaultMarkerEnvironment(), extra: 'test', platform_system: 'Windows' };
    expect(evaluateMarker(parseMarker('extra == "test"'), env)).toBe(true);
    expect(evaluateMarker(parseMarker('extra != "test"'), env)).toBe(false);
    expect(evaluateMarker(parseMarker('platform_system >= "Windows"'), env)).toBe(true);
    expect(evaluateMarker(parseMarker('platform_system < "Windows"'), env)).toBe(false);
    expect(evaluateMarker(parseMarker('python_version >= " 3.8"'), { ...env, python_version: '3.12' })).toBe(true);
    // The operator runs on into the literal, as in packaging: `<` then "=3.12" is `<=3.12`.
    expect(evaluateMarker(parseMarker('python_version < "=3.12"'), { ...env, python_version: '3.12' })).toBe(true);
  });
});
