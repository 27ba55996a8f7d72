// Plain releases (`1.26.4`) skip the version pattern (version.ts, plainRelease and
// plainReleaseEnd). The pattern stays the oracle: a leading space sends the same text down
// the pattern's path, and a specifier's version is cut where the pattern would cut it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, parseSpecifierSet, parseVersion, tryParseVersion } from '../../../src/core/pep440/index.ts';

const digits = fc.oneof(
  { arbitrary: fc.stringMatching(/^[0-9]{1,3}$/), weight: 6 },
  { arbitrary: fc.stringMatching(/^[0-9]{14,22}$/), weight: 1 },
);
const plainRelease = fc.array(digits, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'));
const tail = fc.constantFrom('', 'a1', '.a1', '-1', '.post2', 'rc', '.dev0', '+local.7', '.*', '.', '-', '_', '!', 'x');

describe('plain releases without the version pattern', () => {
  it('parse to what the pattern gives', () => {
    fc.assert(
      fc.property(plainRelease, (text) => {
        const fast = parseVersion(text);
        const viaPattern = parseVersion(` ${text}`);
        expect({ ...fast, text: null }).toEqual({ ...viaPattern, text: null });
        expect(fast.text).toBe(text);
        expect(compareVersions(fast, viaPattern)).toBe(0);
      }),
    );
  });

  it('keep numbers past 2^53 rounded once, as Number() does', () => {
    const big = '123456789012345678901';
    expect(parseVersion(`1.${big}`).release).toEqual([1, Number(big)]);
    expect(compareVersions(parseVersion(`1.${big}`), parseVersion('1.123456789012345678902'))).toBe(-1);
  });

  it('leave everything else to the pattern', () => {
    fc.assert(
      fc.property(plainRelease, tail, (release, rest) => {
        const text = release + rest;
        expect(tryParseVersion(text)).toEqual(tryParseVersion(` ${text}`) === null ? null : { ...tryParseVersion(` ${text}`)!, text });
      }),
    );
  });

  it('cut a specifier where the pattern cuts it', () => {
    expect(parseSpecifierSet('==1.0.*').specifiers[0]).toEqual({ operator: '==', version: '1.0', wildcard: true });
    expect(parseSpecifierSet('>=1.26.4,<2').specifiers.map((s) => s.version)).toEqual(['1.26.4', '2']);
    expect(parseSpecifierSet('>=1.0.post1').specifiers[0]!.version).toBe('1.0.post1');
    expect(parseSpecifierSet('==1.0-1').specifiers[0]!.version).toBe('1.0-1');
    expect(parseSpecifierSet('==1.0+abc').specifiers[0]!.version).toBe('1.0+abc');
    expect(parseSpecifierSet('>=1!2.0').specifiers[0]!.version).toBe('1!2.0');
    expect(() => parseSpecifierSet('>=1.0.')).toThrow(/cannot end with '\.'/);
    expect(() => parseSpecifierSet('>=1.0 2')).toThrow();
  });
});
