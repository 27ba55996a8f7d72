import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidSpecifierError,
  InvalidVersionError,
  compileSpecifier,
  compileSpecifierSet,
  containsVersion,
  formatSpecifier,
  formatSpecifierSet,
  parseSpecifier,
  parseSpecifierSet,
  parseVersion,
  specifierSetAllowsPrereleases,
  specifierSetMentionsPrerelease,
  tryParseVersion,
  type Specifier,
} from '../../../src/core/pep440/index.ts';
import { maybeVersionText, specifierText } from './arbitraries.ts';

// Pure membership (packaging's `Specifier(spec, prereleases=True).contains(version)`).
// [specifier, version, contained]. The first blocks are packaging's tests/test_specifiers.py.
const MEMBERSHIP: [string, string, boolean][] = [
  // == (zero padding, candidate's local label ignored unless the specifier has one)
  ['==2', '2.0', true],
  ['==2.0', '2.0', true],
  ['==2.0.0', '2.0', true],
  ['==2', '2.0+deadbeef', true],
  ['==2.0', '2.0+deadbeef', true],
  ['==2+deadbeef', '2.0+deadbeef', true],
  ['==2.0.0+deadbeef', '2.0+deadbeef', true],
  ['==2.0.0+deadbeef.00', '2.0+deadbeef.0', true],
  ['==2', '2.1', false],
  ['==2.0.0', '2.1', false],
  ['==2.0+deadbeef', '2.0', false],
  ['==1.0+local', '1.0+other', false],
  ['==1.0+local', '1.0+local.1', false],
  ['==1.0', '1.0.post1', false],
  ['==1.0', '1.0a1', false],
  ['==1.0a1', '1.0a1', true],
  ['==1.0a1', '1.0.0ALPHA1', true],
  // == with a prefix
  ['==2.*', '2.dev1', true],
  ['==2.*', '2a1', true],
  ['==2.*', '2a1.post1', true],
  ['==2.*', '2c1.post1.dev1', true],
  ['==2.0.*', '2c1.post1.dev1', true],
  ['==2.0.*', '2rc1', true],
  ['==2.0.*', '2', true],
  ['==0!2.*', '2', true],
  ['==2.*', '0!2', true],
  ['==2.*', '2.0.0', true],
  ['==2.1.*', '2.1+local.version', true],
  ['==3.*', '2.0', false],
  ['==2.0.*', '2.1', false],
  ['==1.*', '2!1.0', false],
  ['==2!1.*', '1.0', false],
  ['==2!1.*', '2!1.0', true],
  ['==1.1.*', '1.10', false],
  // prefix after a pre- or post-release (spec: "Version matching")
  ['==1.0a1.*', '1.0a1', true],
  ['==1.0a1.*', '1.0a1.post2', true],
  ['==1.0a1.*', '1.0a1.dev1', true],
  ['==1.0a1.*', '1a1', true],
  ['==1.0a1.*', '1.0.0a1', true],
  ['==1.0a1.*', '1.0a10', false],
  ['==1.0a1.*', '1.0a2', false],
  ['==1.0a1.*', '1.0b1', false],
  ['==1.0a1.*', '1.0', false],
  ['==1.0a1.*', '1.0.1a1', false],
  ['==1.0.post1.*', '1.0.post1', true],
  ['==1.0.post1.*', '1.0.post1.dev2', true],
  ['==1.0.post1.*', '1.0.post1+local', true],
  ['==1.0.post1.*', '1.0.post10', false],
  ['==1.0.post1.*', '1.0a1.post1', false],
  ['==1.0rc1.post1.*', '1.0rc1.post1.dev3', true],
  ['==1.0rc1.post1.*', '1.0rc1', false],
  // !=
  ['!=2', '2.1', true],
  ['!=2.0', '2.0.1', true],
  ['!=2.0+deadbeef', '2.0', true],
  ['!=2', '2.0', false],
  ['!=2.0.0', '2.0', false],
  ['!=2', '2.0+deadbeef', false],
  ['!=2.0.0+deadbeef', '2.0+deadbeef', false],
  ['!=2.0.0+deadbeef.00', '2.0+deadbeef.0', false],
  ['!=3.*', '2.0', true],
  ['!=2.0.*', '2.1', true],
  ['!=2.*', '2.dev1', false],
  ['!=2.*', '2a1.post1', false],
  ['!=2.0.*', '2rc1', false],
  ['!=2.0.*', '2', false],
  ['!=2.*', '2.0.0', false],
  ['!=1.1.*', '1.1.post1', false],
  ['!=1.1.*', '1.1+local', false],
  ['!=1.1.*', '1.2', true],
  // >=
  ['>=2', '2.0', true],
  ['>=2.0.0', '2.0', true],
  ['>=2', '2.0.post1', true],
  ['>=2', '2.0.post1.dev1', true],
  ['>=2', '3', true],
  ['>=3.0.0a7', '3.0.0a8', true],
  ['>=2', '2.0+local', true],
  ['>=2', '2.0.dev1', false],
  ['>=2', '2.0a1', false],
  ['>=2', '2.0rc1', false],
  ['>=2', '1', false],
  ['>=2.0.post1', '2.0.post1+local', true],
  // <=
  ['<=2', '2.0', true],
  ['<=2.0.0', '2.0', true],
  ['<=2', '2.0.dev1', true],
  ['<=2', '2.0c1.post1.dev1', true],
  ['<=2', '1', true],
  ['<=3.0.0a8', '3.0.0a7', true],
  ['<=2', '2.0+local', true],
  ['<=2', '2.0.post1', false],
  ['<=2', '2.0.post1.dev1', false],
  ['<=2', '3', false],
  // >: excludes post-releases of V unless V is one, and local versions of V
  ['>2', '3', true],
  ['>2.0', '2.1', true],
  ['>2', '2.0.1', true],
  ['>2', '2.1.post1', true],
  ['>2', '2.1+local.version', true],
  ['>3.0.0a7', '3.0.0a8', true],
  ['>2', '1', false],
  ['>2', '2.0.dev1', false],
  ['>2', '2.0rc1', false],
  ['>2', '2.0', false],
  ['>2', '2.0.post1', false],
  ['>2', '2.0.post1.dev1', false],
  ['>2', '2.0+local.version', false],
  ['>3.1.post0', '3.1.post1', true],
  ['>3.1.post1', '3.1.post1+local', false],
  ['>1.0a1', '1.0a2', true],
  ['>1.0a1', '1.0', true],
  ['>1.0a1', '1.0+local', false],
  ['>1.0a1', '1.0.post1', false],
  ['>2.0dev', '2.0.5', true],
  // <: excludes pre-releases of V unless V is one
  ['<2', '1', true],
  ['<2.1', '2.0', true],
  ['<2.1', '2.0.dev0', true],
  ['<3.0.0a8', '3.0.0a7', true],
  ['<3.1rc1', '3.1a1', true],
  ['<3.1rc1', '3.1.dev1', true],
  ['<2', '2.0.dev1', false],
  ['<2', '2.0a1', false],
  ['<2', '2.0rc1', false],
  ['<2', '2.0', false],
  ['<2', '2.post1', false],
  ['<2', '3', false],
  ['<2', '1.9+local', true],
  ['<2', '2.0+local', false],
  ['<2.0.post1', '2.0', true],
  ['<2.0.post1', '2.0a1', false],
  // ~=: >=V and ==V without its last release number, .*
  ['~=1.0', '1', true],
  ['~=1.0', '1.0.1', true],
  ['~=1.0', '1.1', true],
  ['~=1.0', '1.9999999', true],
  ['~=1.0a1', '1.1', true],
  ['~=2022.01.01', '2022.01.01', true],
  ['~=1.0', '2.0', false],
  ['~=1.0.0', '1.1.0', false],
  ['~=1.0.0', '1.1.post1', false],
  ['~=1.0.0', '1', true],
  ['~=1.4.5a4', '1.4.5', true],
  ['~=1.4.5a4', '1.4.5a4', true],
  ['~=1.4.5a4', '1.4.5a3', false],
  ['~=1.4.5a4', '1.5', false],
  ['~=1.4.5.post2', '1.4.9', true],
  ['~=1.4.5.post2', '1.4.5.post1', false],
  ['~=1.0', '1.5+local', true],
  // epochs
  ['~=2!1.0', '2!1.0', true],
  ['==2!1.0', '2!1.0', true],
  ['!=1.0', '2!1.0', true],
  ['!=2!1.0', '1.0', true],
  ['<=2!0.1', '1.0', true],
  ['>=2.0', '2!1.0', true],
  ['<2!0.1', '1.0', true],
  ['>2.0', '2!1.0', true],
  ['~=2!1.0', '1.0', false],
  ['~=1.0', '2!1.0', false],
  ['==1.0', '2!1.0', false],
  ['==2!1.0', '1.0', false],
  ['!=2!1.0', '2!1.0', false],
  // ===: string equality with the text, ignoring case
  ['===1.0', '1.0', true],
  ['===v1.0', 'V1.0', true],
  ['===1.0', '1.0.0', false],
  ['===1.0', '1.0+abc', false],
  ['===1.0+abc', '1.0+ABC', true],
  ['===1.0.*', '1.0.1', false],
  // numbers beyond 2^53
  ['>=1.99999999999999999999999', '1.99999999999999999999998', false],
  ['<1.99999999999999999999999', '1.99999999999999999999998', true],
  ['==1.99999999999999999999999', '1.99999999999999999999998', false],
  ['==1.99999999999999999999999', '1.099999999999999999999999', true],
  ['==1.99999999999999999999999.*', '1.99999999999999999999998.5', false],
  ['==1.99999999999999999999999.*', '1.99999999999999999999999.5', true],
  ['~=1.99999999999999999999999.0', '1.99999999999999999999998.5', false],
  ['>1.99999999999999999999998', '1.99999999999999999999998.post1', false],
  ['>1.99999999999999999999998', '1.99999999999999999999999.post1', true],
  ['<1.99999999999999999999999', '1.99999999999999999999999a1', false],
  ['<1.99999999999999999999999', '1.99999999999999999999998a1', true],
];

describe('membership: compileSpecifier / compileSpecifierSet', () => {
  it.each(MEMBERSHIP)('%s contains %s: %s', (spec, version, expected) => {
    const v = parseVersion(version);
    expect(compileSpecifier(parseSpecifier(spec))(v)).toBe(expected);
    const set = parseSpecifierSet(spec);
    expect(compileSpecifierSet(set)(v)).toBe(expected);
    expect(containsVersion(set, v, { prereleases: true })).toBe(expected);
  });

  it.each([
    ['', '1.0', true],
    ['', '1.0a1', true],
    ['>=1.0,<2', '1.5', true],
    ['>=1.0,<2', '2.0', false],
    ['>=1.0,<2', '0.9', false],
    ['>=1.0, !=1.5.*, <2', '1.5.1', false],
    ['>=1.0, !=1.5.*, <2', '1.6', true],
    ['>=1.0, !=1.5.*, <2, >0.5', '1.6', true],
    ['>=1.0, !=1.5.*, <2, >1.7', '1.6', false],
  ] as const)('set %j contains %s: %s', (spec, version, expected) => {
    expect(compileSpecifierSet(parseSpecifierSet(spec))(parseVersion(version))).toBe(expected);
  });

  it('compiles each set once', () => {
    const set = parseSpecifierSet('>=1.0');
    expect(compileSpecifierSet(set)).toBe(compileSpecifierSet(set));
  });

  it('checks hand-made specifiers when compiling them', () => {
    expect(() => compileSpecifier({ operator: '>=', version: '1.0+local', wildcard: false })).toThrow(InvalidSpecifierError);
    expect(() => compileSpecifier({ operator: '<', version: '1.0', wildcard: true })).toThrow(InvalidSpecifierError);
    expect(() => compileSpecifier({ operator: '==', version: 'banana', wildcard: false })).toThrow(InvalidSpecifierError);
  });
});

describe('containsVersion: the pre-release filter', () => {
  it.each([
    // [set, version, prereleases option, contained]
    ['>=1.0', '1.5', undefined, true],
    ['>=1.0', '1.5a1', undefined, false],
    ['>=1.0', '1.5.dev1', undefined, false],
    ['>=1.0', '1.5a1', true, true],
    ['>=1.0a1', '1.5a1', undefined, true],
    ['>=1.0a1', '1.5a1', false, false],
    ['>=1.0a1,<2', '1.5a1', undefined, true],
    ['<2.0a1', '1.5a1', undefined, false],
    ['!=1.0a1', '1.5a1', undefined, false],
    ['>1.0a1', '1.5a1', undefined, false],
    ['==1.0a1.*', '1.0a1.post1', undefined, true],
    ['~=1.0a1', '1.5a1', undefined, true],
    ['<=2.0a1', '1.5a1', undefined, true],
    ['===1.0a1', '1.0a1', undefined, true],
    ['>=1.0.dev1', '1.5.dev1', undefined, true],
    ['', '1.0a1', undefined, false],
    ['', '1.0a1', true, true],
    ['', '1.0', undefined, true],
    ['>=1.0', '0.5a1', true, false],
  ] as const)('%j contains %s (prereleases: %s): %s', (spec, version, prereleases, expected) => {
    const options = prereleases === undefined ? undefined : { prereleases };
    expect(containsVersion(parseSpecifierSet(spec), parseVersion(version), options)).toBe(expected);
  });
});

describe('pre-release policies', () => {
  it.each([
    // [set, packaging 21.3 / pip allows, uv mentions]
    ['', false, false],
    ['>=1.0', false, false],
    ['>=1.0a1', true, true],
    ['<=1.0b1', true, true],
    ['==1.0rc1', true, true],
    ['==1.0rc1.*', true, true],
    ['~=1.0.dev1', true, true],
    ['===1.0a1', true, true],
    ['===foo', false, false],
    ['<2.0a1', false, true],
    ['>1.0.dev0', false, true],
    ['!=1.0a1', false, true],
    ['>=1.0, <2.0a1', false, true],
    ['>=1.0a1, <2', true, true],
    ['>=1.0.post1', false, false],
  ] as const)('%j: allows %s, mentions %s', (spec, allows, mentions) => {
    const set = parseSpecifierSet(spec);
    expect(specifierSetAllowsPrereleases(set)).toBe(allows);
    expect(specifierSetMentionsPrerelease(set)).toBe(mentions);
  });
});

describe('parse and format', () => {
  it.each([
    // [input, specifiers, formatted]
    ['', [], ''],
    ['   ', [], ''],
    ['>=1.0', [{ operator: '>=', version: '1.0', wildcard: false }], '>=1.0'],
    ['  >= 1.0 ,  < 2 ', [
      { operator: '>=', version: '1.0', wildcard: false },
      { operator: '<', version: '2', wildcard: false },
    ], '>=1.0,<2'],
    ['==1.0.*', [{ operator: '==', version: '1.0', wildcard: true }], '==1.0.*'],
    ['!= 2.*', [{ operator: '!=', version: '2', wildcard: true }], '!=2.*'],
    ['~=V1.4.2RC1', [{ operator: '~=', version: 'V1.4.2RC1', wildcard: false }], '~=V1.4.2RC1'],
    ['===foo-bar', [{ operator: '===', version: 'foo-bar', wildcard: false }], '===foo-bar'],
    ['===1.0.*', [{ operator: '===', version: '1.0.*', wildcard: false }], '===1.0.*'],
    ['==1.0+Local', [{ operator: '==', version: '1.0+Local', wildcard: false }], '==1.0+Local'],
    ['>1!2.0', [{ operator: '>', version: '1!2.0', wildcard: false }], '>1!2.0'],
    // empty items are skipped, as packaging's SpecifierSet does
    ['>=1,,<2', [
      { operator: '>=', version: '1', wildcard: false },
      { operator: '<', version: '2', wildcard: false },
    ], '>=1,<2'],
    ['>=3.6,', [{ operator: '>=', version: '3.6', wildcard: false }], '>=3.6'],
    [',', [], ''],
  ] as const)('%j', (input, specifiers, formatted) => {
    const set = parseSpecifierSet(input);
    expect(set.specifiers).toEqual(specifiers);
    expect(formatSpecifierSet(set)).toBe(formatted);
    expect(parseSpecifierSet(formatted)).toEqual(set);
    expect(structuredClone(set)).toEqual(set);
  });

  it('parses and formats a single specifier', () => {
    const s: Specifier = parseSpecifier(' == 1.0.* ');
    expect(s).toEqual({ operator: '==', version: '1.0', wildcard: true });
    expect(formatSpecifier(s)).toBe('==1.0.*');
  });
});

describe('invalid specifiers: why and where', () => {
  it.each([
    // [input, column (into the whole text), words the reason must contain]
    ['1.0', 1, 'expected an operator'],
    ['=1.0', 1, "did you mean '=='"],
    ['=>1.0', 1, "did you mean '=='"],
    ['~1.0', 1, 'expected an operator'],
    ['>=', 3, "expected a version after '>='"],
    ['===', 4, "after '==='"],
    ['>=banana', 3, 'starts with a number'],
    ['>=1.0+local', 6, "only allowed with == and !=, not with '>='"],
    ['<=1.0+local', 6, 'local version label'],
    ['~=1.0+local', 6, 'local version label'],
    ['<1.0+local', 5, 'local version label'],
    ['>1.0+local', 5, 'local version label'],
    ['<1.0.*', 5, "not with '<'"],
    ['>=1.0.*', 6, "not with '>='"],
    ['~=1.0.*', 6, "not with '~='"],
    ['==1.0.dev1.*', 11, 'dev-release'],
    ['!=1.0.dev1.*', 11, 'dev-release'],
    ['==1.0+abc.*', 10, 'local version label'],
    ['~=1', 3, 'at least two release numbers'],
    ['~=1a1', 3, 'at least two release numbers'],
    ['~=2!1', 3, 'at least two release numbers'],
    ['==1.0.*x', 8, "nothing may follow '.*'"],
    ['==1.0.*.*', 8, "nothing may follow '.*'"],
    ['==1.0*', 6, "'.*'"],
    ['>= 1.0foo', 7, "unknown segment 'foo'"],
    ['>=1.0 <2', 7, "expected ',' between specifiers"],
    ['>=1.0 2', 7, "expected ',' or the end"],
    ['>=1.0, <2+local', 10, 'local version label'],
    ['>=1.0,   <2,~=3', 15, 'at least two release numbers'],
    ['>=1.0, ==2.0.dev1.*', 18, 'dev-release'],
    ['>=1.0,;', 7, 'expected an operator'],
  ])('%j: column %i, %s', (input, column, words) => {
    let error: unknown;
    try {
      parseSpecifierSet(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSpecifierError);
    const e = error as InvalidSpecifierError;
    expect(e.input).toBe(input);
    expect(e.column).toBe(column);
    expect(e.reason).toContain(words);
    expect(e.message).toContain(`column ${column}`);
  });

  it('a single specifier has no comma', () => {
    expect(() => parseSpecifier('>=1,<2')).toThrow(/this is a set/);
    expect(() => parseSpecifier('')).toThrow(InvalidSpecifierError);
  });

  it('a wildcard specifier version is not a version', () => {
    expect(() => parseVersion(parseSpecifier('==1.*').version + '.*')).toThrow(InvalidVersionError);
  });
});

describe('a version reads the same inside a specifier', () => {
  it('accepts and keeps exactly the versions parseVersion accepts', () => {
    fc.assert(
      fc.property(maybeVersionText, (text) => {
        fc.pre(!/[\s,;)]|\*$/.test(text));
        const version = tryParseVersion(text);
        let spec: Specifier | null = null;
        try {
          spec = parseSpecifier(`==${text}`);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidSpecifierError);
        }
        expect(spec !== null).toBe(version !== null);
        if (spec !== null && version !== null) {
          expect(spec.version).toBe(text);
          expect(parseVersion(spec.version)).toEqual(version);
          expect(compileSpecifier(spec)(version)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('whitespace around the parts of a specifier set', () => {
  // JavaScript's \s, every code point of it: ASCII spaces are skipped by character code, the rest by the pattern.
  const WHITESPACE = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
  const space = fc.array(fc.constantFrom(...WHITESPACE), { maxLength: 4 }).map((parts) => parts.join(''));

  it('is any of JavaScript\'s whitespace, ASCII or not, in any mix', () => {
    fc.assert(
      fc.property(fc.array(specifierText(), { minLength: 1, maxLength: 3 }), space, space, space, space, (specs, lead, op, comma, trail) => {
        const spaced = specs.map((spec) => spec.replace(/^(===|~=|==|!=|<=|>=|<|>)\s*/, (_, operator: string) => `${operator}${op}`));
        const read = parseSpecifierSet(`${lead}${spaced.join(`${comma},${comma}`)}${trail}`);
        expect(formatSpecifierSet(read)).toBe(formatSpecifierSet(parseSpecifierSet(specs.join(','))));
      }),
      { numRuns: 300 },
    );
  });

  it('is not any other character beyond ASCII', () => {
    expect(() => parseSpecifierSet('>=1.0\u00e9')).toThrow();
    expect(() => parseSpecifierSet('\u200b>=1.0')).toThrow();
  });
});
