import { describe, expect, it } from 'vitest';
import {
  InvalidVersionError,
  baseVersion,
  compareVersions,
  formatVersion,
  isDevRelease,
  isPostRelease,
  isPrerelease,
  parseVersion,
  publicVersion,
  tryParseVersion,
} from '../../../src/core/pep440/index.ts';

// This list must stay sorted: each entry is strictly greater than the one before it.
// packaging's tests/test_version.py VERSIONS, with a few more around it.
const SORTED = [
  '0.1',
  '0.9.post1',
  '0.10',
  // Implicit epoch of 0
  '1.0.dev456',
  '1.0a1',
  '1.0a2.dev456',
  '1.0a12.dev456',
  '1.0a12',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0b2-346',
  '1.0c1.dev456',
  '1.0c1',
  '1.0rc2',
  '1.0c3',
  '1.0',
  '1.0+abc',
  '1.0+1',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.1.dev1',
  '1.2+123abc',
  '1.2+123abc456',
  '1.2+abc',
  '1.2+abc123',
  '1.2+abc123def',
  '1.2+1234.abc',
  '1.2+123456',
  '1.2.r32+123456',
  '1.2.rev33+123456',
  '1.10',
  // Explicit epoch of 1
  '1!1.0.dev456',
  '1!1.0a1',
  '1!1.0a2.dev456',
  '1!1.0a12.dev456',
  '1!1.0a12',
  '1!1.0b1.dev456',
  '1!1.0b2',
  '1!1.0b2.post345.dev456',
  '1!1.0b2.post345',
  '1!1.0b2-346',
  '1!1.0c1.dev456',
  '1!1.0c1',
  '1!1.0rc2',
  '1!1.0c3',
  '1!1.0',
  '1!1.0.post456.dev34',
  '1!1.0.post456',
  '1!1.1.dev1',
  '1!1.2+123abc',
  '1!1.2+123abc456',
  '1!1.2+abc',
  '1!1.2+abc123',
  '1!1.2+abc123def',
  '1!1.2+1234.abc',
  '1!1.2+123456',
  '1!1.2.r32+123456',
  '1!1.2.rev33+123456',
  '2!0.1',
];

const PAIRS: [string, string][] = [];
for (let i = 0; i < SORTED.length; i++) {
  for (let j = i + 1; j < SORTED.length; j++) PAIRS.push([SORTED[i]!, SORTED[j]!]);
}

describe('compareVersions: the sorted fixture', () => {
  it('has ~60 distinct entries', () => {
    expect(SORTED.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SORTED.map((s) => formatVersion(parseVersion(s)))).size).toBe(SORTED.length);
  });

  it.each(PAIRS)('%s < %s', (lower, higher) => {
    const a = parseVersion(lower);
    const b = parseVersion(higher);
    expect(compareVersions(a, b)).toBeLessThan(0);
    expect(compareVersions(b, a)).toBeGreaterThan(0);
  });

  it.each(SORTED)('%s == itself', (s) => {
    expect(compareVersions(parseVersion(s), parseVersion(s))).toBe(0);
  });

  it('sorting a shuffled copy gives the fixture back', () => {
    const shuffled = [...SORTED].reverse().sort((x, y) => (x.length - y.length) || x.localeCompare(y));
    const sorted = shuffled.map(parseVersion).sort(compareVersions).map((v) => v.text);
    expect(sorted).toEqual(SORTED);
  });
});

describe('compareVersions: equal spellings', () => {
  it.each([
    ['1.0', '1.0.0'],
    ['1', '1.0.0.0'],
    ['1.0', '0!1.0'],
    ['1.0a1', '1.0.0alpha1'],
    ['1.0rc1', '1.0c1'],
    ['1.0rc1', '1.0pre1'],
    ['1.0.post1', '1.0-1'],
    ['1.0.post0', '1.0r'],
    ['1.0+abc.1', '1.0+ABC-01'],
    ['v1.0', '1.0'],
    ['01.002', '1.2'],
  ])('%s == %s', (x, y) => {
    expect(compareVersions(parseVersion(x), parseVersion(y))).toBe(0);
  });

  it.each([
    ['1.0', '1.0+0'],
    ['1.0+a', '1.0+a.0'],
    ['1.0+a', '1.0+0'],
    ['1.0+z', '1.0+0'],
    ['1.0+1', '1.0+01.a'],
    ['1.0.dev0', '1.0a0'],
    ['1.0a0', '1.0a0.post0'],
    ['1.0.post0.dev0', '1.0.post0'],
  ])('%s < %s', (x, y) => {
    expect(compareVersions(parseVersion(x), parseVersion(y))).toBeLessThan(0);
  });
});

describe('normalisation: formatVersion gives packaging str(Version)', () => {
  it.each([
    // dev release spellings
    ['1.0dev', '1.0.dev0'],
    ['1.0.dev', '1.0.dev0'],
    ['1.0-dev1', '1.0.dev1'],
    ['1.0_DEV_1', '1.0.dev1'],
    ['1.0.DEV', '1.0.dev0'],
    // pre-release spellings
    ['1.0a', '1.0a0'],
    ['1.0.a1', '1.0a1'],
    ['1.0-A1', '1.0a1'],
    ['1.0alpha', '1.0a0'],
    ['1.0-Alpha.2', '1.0a2'],
    ['1.0b', '1.0b0'],
    ['1.0.beta_3', '1.0b3'],
    ['1.0c', '1.0rc0'],
    ['1.0C1', '1.0rc1'],
    ['1.0pre', '1.0rc0'],
    ['1.0-preview-2', '1.0rc2'],
    ['1.0RC1', '1.0rc1'],
    ['1.0a-', '1.0a0'],
    // post-release spellings
    ['1.0post', '1.0.post0'],
    ['1.0.post', '1.0.post0'],
    ['1.0-post1', '1.0.post1'],
    ['1.0_POST_1', '1.0.post1'],
    ['1.0-1', '1.0.post1'],
    ['1.0-0', '1.0.post0'],
    ['1.0r', '1.0.post0'],
    ['1.0.r4', '1.0.post4'],
    ['1.0rev4', '1.0.post4'],
    ['1.0-REV-4', '1.0.post4'],
    ['1.0a1-2', '1.0a1.post2'],
    // all together
    ['1!2.0RC1-2.DEV3+Ubuntu-1_x', '1!2.0rc1.post2.dev3+ubuntu.1.x'],
    // local labels
    ['1.0+AbC', '1.0+abc'],
    ['1.0+abc-def_ghi', '1.0+abc.def.ghi'],
    ['1.0+0010', '1.0+10'],
    ['1.0+0abc', '1.0+0abc'],
    // integer normalisation
    ['1.01', '1.1'],
    ['1.0a05', '1.0a5'],
    ['1.0c056', '1.0rc56'],
    ['1.0.post000', '1.0.post0'],
    ['1.1.dev09000', '1.1.dev9000'],
    ['00!1.2', '1.2'],
    ['0100!0.0', '100!0.0'],
    // leading v, whitespace
    ['v1.0', '1.0'],
    ['V1.0', '1.0'],
    ['   v1.0\t\n', '1.0'],
    // trailing zeros are kept in the text form
    ['1.0.0', '1.0.0'],
    // more digits than a double holds
    ['123456789012345678901234567890.1', '123456789012345678901234567890.1'],
    ['1.0+00123456789012345678901234567890', '1.0+123456789012345678901234567890'],
  ])('%j -> %s', (input, canonical) => {
    const v = parseVersion(input);
    expect(formatVersion(v)).toBe(canonical);
    expect(v.text).toBe(input);
    // The canonical form is a fixed point.
    expect(formatVersion(parseVersion(canonical))).toBe(canonical);
  });

  it('parses into plain data', () => {
    expect(parseVersion(' 1!2.0RC1-2.DEV3+Ubuntu-01_x ')).toEqual({
      text: ' 1!2.0RC1-2.DEV3+Ubuntu-01_x ',
      epoch: 1,
      release: [2, 0],
      pre: ['rc', 1],
      post: 2,
      dev: 3,
      local: ['ubuntu', 1, 'x'],
    });
    expect(parseVersion('1.0')).toEqual({ text: '1.0', epoch: 0, release: [1, 0], pre: null, post: null, dev: null, local: null });
    const v = parseVersion('1.0a1+x');
    expect(structuredClone(v)).toEqual(v);
  });
});

describe('invalid versions: why and where', () => {
  it.each([
    // [input, column, words the reason must contain]
    ['', 1, 'empty'],
    ['   ', 4, 'whitespace'],
    ['abc', 1, 'starts with a number'],
    ['.1', 1, 'starts with a number'],
    ['vv1', 2, "after 'v'"],
    ['1!', 3, 'epoch'],
    ['1!x', 3, 'epoch'],
    ['1.0.', 4, "end with '.'"],
    ['1.0-', 4, "end with '-'"],
    ['1.0.x', 5, "unknown segment 'x'"],
    ['1.0final', 4, "unknown segment 'final'"],
    ['1.0constructor', 5, "unknown segment 'onstructor'"],
    ['1.0.devx', 8, "unknown segment 'x'"],
    ['1.0 beta', 4, 'spaces'],
    ['1. 0', 3, 'spaces'],
    ['1.0a1b2', 6, 'one pre-release'],
    ['1.0.dev1a1', 9, 'before the dev-release'],
    ['1.0.post1a1', 10, 'before the post-release'],
    ['1.0.dev1.post1', 10, 'post-release segment'],
    ['1.0.post1.post2', 11, 'one post-release'],
    ['1.0.dev1.dev2', 10, 'one dev-release'],
    ['1.0a1.2', 7, 'release numbers must come before'],
    ['1.0_1', 4, "separated by '.'"],
    ['1.0..1', 5, 'two separators'],
    ['1.0+', 4, "after '+'"],
    ['1.0+.a', 5, 'local version label starts'],
    ['1.0+abc.', 8, "cannot end with '.'"],
    ['1.0+a..b', 6, 'empty segment'],
    ['1.0+a+b', 6, "one '+'"],
    ['1.0+a/b', 6, 'not allowed in a local'],
    ['1.0!2', 4, 'epoch'],
    ['1!2!3', 4, 'one epoch'],
    ['1.0.*', 4, "'.*'"],
    ['1.0*', 4, "'.*'"],
    ['1.0@x', 4, "unexpected '@'"],
    ['1.0.ß', 5, "unexpected 'ß'"],
  ])('%j: column %i, %s', (input, column, words) => {
    let error: unknown;
    try {
      parseVersion(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidVersionError);
    const e = error as InvalidVersionError;
    expect(e.column).toBe(column);
    expect(e.input).toBe(input);
    expect(e.reason).toContain(words);
    expect(e.message).toContain(`column ${column}`);
    expect(tryParseVersion(input)).toBeNull();
  });

  it("says what was expected after the release", () => {
    expect(() => parseVersion('1.0.x')).toThrow(/expected '\.' and a release number, a pre-release .* or the end/);
  });
});

describe('properties and derived versions', () => {
  it.each([
    // [version, isPrerelease, isPostRelease, isDevRelease, public, base]
    ['1.0', false, false, false, '1.0', '1.0'],
    ['1.0a1', true, false, false, '1.0a1', '1.0'],
    ['1.0.dev1', true, false, true, '1.0.dev1', '1.0'],
    ['1.0.post1', false, true, false, '1.0.post1', '1.0'],
    ['1.0.post1.dev1', true, true, true, '1.0.post1.dev1', '1.0'],
    ['1!2.0rc1.post2+local.7', true, true, false, '1!2.0rc1.post2', '1!2.0'],
    ['1.0+abc', false, false, false, '1.0', '1.0'],
    ['99999999999999999999.0+abc', false, false, false, '99999999999999999999.0', '99999999999999999999.0'],
  ] as const)('%s', (text, pre, post, dev, pub, base) => {
    const v = parseVersion(text);
    expect(isPrerelease(v)).toBe(pre);
    expect(isPostRelease(v)).toBe(post);
    expect(isDevRelease(v)).toBe(dev);
    const p = publicVersion(v);
    expect(p.local).toBeNull();
    expect(p.text).toBe(pub);
    expect(formatVersion(p)).toBe(pub);
    const b = baseVersion(v);
    expect(b).toMatchObject({ pre: null, post: null, dev: null, local: null, epoch: v.epoch, release: v.release });
    expect(b.text).toBe(base);
    expect(formatVersion(b)).toBe(base);
  });

  it('publicVersion gives the version itself when there is no local label', () => {
    const v = parseVersion('1.0');
    expect(publicVersion(v)).toBe(v);
  });
});

describe('numbers beyond 2^53', () => {
  // Each pair differs only past the 16th digit, where doubles are equal.
  it.each([
    ['1.99999999999999999999998', '1.99999999999999999999999'],
    ['18446744073709551616', '18446744073709551617'],
    ['9007199254740993!1.0', '9007199254740994!1.0'],
    ['1.0a9007199254740993', '1.0a9007199254740994'],
    ['1.0.post9007199254740993', '1.0.post9007199254740994'],
    ['1.0.dev9007199254740993', '1.0.dev9007199254740994'],
    ['1.0+9007199254740993', '1.0+9007199254740994'],
    ['1.0+a.9007199254740993', '1.0+a.9007199254740994'],
    ['1.' + '9'.repeat(400), '2.0'],
    ['1.' + '1'.repeat(400), '1.' + '1'.repeat(399) + '2'],
  ])('%s < %s', (x, y) => {
    const a = parseVersion(x);
    const b = parseVersion(y);
    expect(compareVersions(a, b)).toBeLessThan(0);
    expect(compareVersions(b, a)).toBeGreaterThan(0);
    expect(compareVersions(a, parseVersion(x))).toBe(0);
    expect(formatVersion(a)).toBe(x);
  });

  it('equal big numbers spelled differently are equal', () => {
    expect(compareVersions(parseVersion('1.0099999999999999999999'), parseVersion('1.99999999999999999999'))).toBe(0);
    expect(formatVersion(parseVersion('v1.0099999999999999999999'))).toBe('1.99999999999999999999');
  });
});
