import { describe, expect, it } from 'vitest';

import {
  DEFAULT_TARGET,
  InvalidWheelTagError,
  bestTagPriority,
  describePlatformTag,
  describeTarget,
  isAnyTagCompatible,
  makeTarget,
  parsePlatformSpec,
  parseWheelFilename,
  parseWheelTags,
  platformsOf,
  tagCompatibility,
  tagPriority,
  tryParseWheelTags,
} from '../../../src/core/environment/index.ts';
import type { TargetEnvironment } from '../../../src/core/environment/index.ts';

const cp312Linux = DEFAULT_TARGET; // CPython 3.12.0, Linux x86_64, glibc 2.35
const cp312Musl = makeTarget({ libc: { kind: 'musl', version: [1, 2] } });
const cp312Aarch64 = makeTarget({ arch: 'aarch64', libc: { kind: 'glibc', version: [2, 28] } });
const cp313MacArm = makeTarget({ python: '3.13', os: 'macos', arch: 'arm64', macosVersion: [14, 0] });
const cp312MacIntel = makeTarget({ os: 'macos', arch: 'x86_64', macosVersion: [12, 3] });
const cp39MacOld = makeTarget({ python: '3.9', os: 'macos', arch: 'x86_64', macosVersion: [10, 9] });
const cp312Windows = makeTarget({ os: 'windows' });
const cp312Win32 = makeTarget({ os: 'windows', arch: 'x86' });
const cp312WinArm = makeTarget({ os: 'windows', arch: 'ARM64' });
const cp37Linux = makeTarget({ python: '3.7.17' });
const cp27Linux = makeTarget({ python: '2.7.18' });
const pypy310 = makeTarget({ python: '3.10.14', implementation: 'pypy' });
const graalpy311 = makeTarget({ python: '3.11', implementation: 'graalpy' });
const x86Manylinux2014 = makeTarget(parsePlatformSpec('x86_64-manylinux2014'));

type Row = readonly [title: string, tag: string, target: TargetEnvironment, compatible: boolean];

/** Rows for it.each: each accepted tag must fit the target, each rejected tag must not. */
function rows(target: TargetEnvironment, accepted: string[], rejected: string[]): Row[] {
  const row = (tag: string, compatible: boolean): Row => [
    `${tag} ${compatible ? 'fits' : 'does not fit'} ${describeTarget(target)}`,
    tag,
    target,
    compatible,
  ];
  return [...accepted.map((tag) => row(tag, true)), ...rejected.map((tag) => row(tag, false))];
}

const fits = (tag: string, target: TargetEnvironment): boolean => isAnyTagCompatible([tag], target);

describe('interpreter and ABI tags', () => {
  it.each([
    // cpXY with the cpXY ABI: exact version only.
    ...rows(
      cp312Linux,
      [
        'cp312-cp312-linux_x86_64',
      ],
      [
        'cp311-cp311-linux_x86_64',
        'cp313-cp313-linux_x86_64',
        'cp312-cp312t-linux_x86_64',
        'cp312-cp312d-linux_x86_64',
      ],
    ),
    // abi3: cp32 ... cp312, never newer, never Python 2.
    ...rows(
      cp312Linux,
      [
        'cp312-abi3-linux_x86_64',
        'cp38-abi3-manylinux_2_17_x86_64',
        'cp32-abi3-linux_x86_64',
      ],
      [
        'cp313-abi3-linux_x86_64',
        'cp27-abi3-linux_x86_64',
        'cp31-abi3-linux_x86_64',
        'py3-abi3-linux_x86_64',
      ],
    ),
    // none ABI: cp312 itself, pyXY for XY <= 3.12, py3; not older cpXY.
    ...rows(
      cp312Linux,
      [
        'cp312-none-linux_x86_64',
        'cp312-none-any',
        'py312-none-any',
        'py38-none-any',
        'py30-none-any',
        'py3-none-any',
        'py3-none-manylinux1_x86_64',
        'py311-none-linux_x86_64',
      ],
      [
        'cp311-none-any',
        'cp311-none-linux_x86_64',
        'py313-none-any',
        'py2-none-any',
        'py27-none-any',
        'py4-none-any',
      ],
    ),
    // Python 2 targets: cp27mu on Linux, py2x, no abi3, no py3.
    ...rows(
      cp27Linux,
      [
        'cp27-cp27mu-manylinux1_x86_64',
        'cp27-none-any',
        'py2-none-any',
        'py26-none-any',
      ],
      [
        'cp27-cp27m-manylinux1_x86_64',
        'cp27-abi3-linux_x86_64',
        'py3-none-any',
      ],
    ),
    // Before 3.8 the ABI carries the pymalloc flag.
    ...rows(
      cp37Linux,
      [
        'cp37-cp37m-manylinux2014_x86_64',
        'cp36-abi3-linux_x86_64',
      ],
      [
        'cp37-cp37-manylinux2014_x86_64',
      ],
    ),
    // PyPy: ppXY with its own ABI, pp3-none-any; no CPython tags.
    ...rows(
      pypy310,
      [
        'pp310-pypy310_pp73-manylinux_2_17_x86_64',
        'pp310-none-linux_x86_64',
        'pp3-none-any',
        'py310-none-any',
        'py3-none-any',
      ],
      [
        'cp310-cp310-manylinux_2_17_x86_64',
        'cp310-abi3-linux_x86_64',
        'cp310-none-any',
        'pp39-pypy39_pp73-manylinux_2_17_x86_64',
        'pp310-none-any',
      ],
    ),
    // GraalPy: graalpyXY with graalpyMN_XY_native; no CPython, no graalpy-none-any.
    ...rows(
      graalpy311,
      [
        'graalpy311-graalpy242_311_native-manylinux_2_28_x86_64',
        'graalpy311-none-linux_x86_64',
        'py3-none-any',
      ],
      [
        'graalpy311-none-any',
        'graalpy310-graalpy240_310_native-linux_x86_64',
        'cp311-cp311-linux_x86_64',
        'cp311-abi3-linux_x86_64',
      ],
    ),
    // GraalPy and PyPy tags on CPython (packse "no matching ABI / Python").
    ...rows(
      cp312Linux,
      [],
      [
        'py3-graalpy240_310_native-any',
        'graalpy310-none-any',
        'pp310-pypy310_pp73-linux_x86_64',
        'pp3-none-any',
      ],
    ),
  ] satisfies Row[])('%s', (_, tag, target, compatible) => {
    expect(fits(tag, target)).toBe(compatible);
  });
});

describe('Linux platform tags', () => {
  it.each([
    // manylinux_2_M for M <= glibc minor, down to 2.5 on x86_64, with the legacy aliases.
    ...rows(
      cp312Linux,
      [
        'py3-none-manylinux_2_35_x86_64',
        'py3-none-manylinux_2_17_x86_64',
        'py3-none-manylinux2014_x86_64',
        'py3-none-manylinux2010_x86_64',
        'py3-none-manylinux1_x86_64',
        'py3-none-manylinux_2_5_x86_64',
        'py3-none-linux_x86_64',
      ],
      [
        'py3-none-manylinux_2_36_x86_64',
        'py3-none-manylinux_2_39_x86_64',
        'py3-none-manylinux_2_4_x86_64',
        'py3-none-manylinux_2_17_aarch64',
        'py3-none-manylinux_2_17_i686',
        'py3-none-musllinux_1_1_x86_64',
        'py3-none-linux_aarch64',
        'py3-none-macosx_10_0_ppc64',
        'py3-none-win_amd64',
      ],
    ),
    // Other architectures start at manylinux2014 (2.17).
    ...rows(
      cp312Aarch64,
      [
        'cp312-cp312-manylinux_2_28_aarch64',
        'cp312-cp312-manylinux2014_aarch64',
        'cp312-cp312-linux_aarch64',
      ],
      [
        'cp312-cp312-manylinux2010_aarch64',
        'cp312-cp312-manylinux_2_16_aarch64',
        'cp312-cp312-manylinux_2_29_aarch64',
        'cp312-cp312-manylinux_2_28_x86_64',
      ],
    ),
    // musl: musllinux_1_M for M <= musl minor, never manylinux.
    ...rows(
      cp312Musl,
      [
        'cp312-cp312-musllinux_1_2_x86_64',
        'cp312-cp312-musllinux_1_0_x86_64',
        'cp312-cp312-linux_x86_64',
      ],
      [
        'cp312-cp312-musllinux_1_3_x86_64',
        'cp312-cp312-manylinux_2_17_x86_64',
        'cp312-cp312-musllinux_1_1_armv7l',
      ],
    ),
    // packse's python_platform = "x86_64-manylinux2014" is glibc 2.17.
    ...rows(
      x86Manylinux2014,
      [
        'cp312-cp312-manylinux_2_17_x86_64',
        'cp312-cp312-manylinux2014_x86_64',
      ],
      [
        'cp312-cp312-manylinux_2_28_x86_64',
        'py3-none-macosx_10_0_ppc64',
      ],
    ),
  ] satisfies Row[])('%s', (_, tag, target, compatible) => {
    expect(fits(tag, target)).toBe(compatible);
  });
});

describe('macOS platform tags', () => {
  it.each([
    // arm64 on 14.0: X_0 for X in 11..14, universal2 down to 10.4; no Intel-only builds.
    ...rows(
      cp313MacArm,
      [
        'cp313-cp313-macosx_14_0_arm64',
        'cp313-cp313-macosx_11_0_arm64',
        'cp313-cp313-macosx_11_0_universal2',
        'cp313-cp313-macosx_10_9_universal2',
        'cp313-cp313-macosx_10_4_universal2',
      ],
      [
        'cp313-cp313-macosx_15_0_arm64',
        'cp313-cp313-macosx_14_2_arm64',
        'cp313-cp313-macosx_10_9_x86_64',
        'cp313-cp313-macosx_10_9_intel',
        'cp313-cp313-macosx_11_0_x86_64',
        'cp313-cp313-macosx_10_3_universal2',
        'cp313-cp313-manylinux_2_17_aarch64',
      ],
    ),
    // x86_64 on 12.3: 12_0, 11_0, the whole 10.x series, fat binaries.
    ...rows(
      cp312MacIntel,
      [
        'cp312-cp312-macosx_12_0_x86_64',
        'cp312-cp312-macosx_10_9_x86_64',
        'cp312-cp312-macosx_10_16_x86_64',
        'cp312-cp312-macosx_10_6_intel',
        'cp312-cp312-macosx_10_9_universal2',
        'cp312-cp312-macosx_10_5_universal',
        'cp312-cp312-macosx_10_4_fat64',
      ],
      [
        'cp312-cp312-macosx_12_3_x86_64',
        'cp312-cp312-macosx_13_0_x86_64',
        'cp312-cp312-macosx_11_0_arm64',
        'cp312-cp312-macosx_10_3_x86_64',
      ],
    ),
    // 10.9: 10.0 ... 10.9, the x86_64 formats only from 10.4.
    ...rows(
      cp39MacOld,
      [
        'cp39-cp39-macosx_10_9_x86_64',
        'cp39-cp39-macosx_10_4_intel',
      ],
      [
        'cp39-cp39-macosx_10_10_x86_64',
        'cp39-cp39-macosx_10_3_x86_64',
        'cp39-cp39-macosx_11_0_universal2',
      ],
    ),
  ] satisfies Row[])('%s', (_, tag, target, compatible) => {
    expect(fits(tag, target)).toBe(compatible);
  });
});

describe('Windows platform tags', () => {
  it.each([
    ...rows(
      cp312Windows,
      [
        'cp312-cp312-win_amd64',
        'cp312-abi3-win_amd64',
        'py3-none-win_amd64',
      ],
      [
        'cp312-cp312-win32',
        'cp312-cp312-win_arm64',
        'cp312-cp312-linux_x86_64',
      ],
    ),
    ...rows(cp312Win32, ['cp312-cp312-win32'], ['cp312-cp312-win_amd64']),
    ...rows(cp312WinArm, ['cp312-cp312-win_arm64'], ['cp312-cp312-win_amd64']),
  ] satisfies Row[])('%s', (_, tag, target, compatible) => {
    expect(fits(tag, target)).toBe(compatible);
  });
});

describe('`any` fits every platform', () => {
  it.each([cp312Linux, cp312Musl, cp313MacArm, cp312Windows, pypy310, graalpy311])('%#', (target) => {
    expect(fits('py3-none-any', target)).toBe(true);
    expect(fits('py2.py3-none-any', target)).toBe(true);
  });
});

describe('parseWheelTags', () => {
  it.each([
    ['py3-none-any', ['py3-none-any']],
    ['py2.py3-none-any', ['py2-none-any', 'py3-none-any']],
    [
      'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64',
      ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-manylinux2014_x86_64'],
    ],
    ['cp39.cp310-abi3.none-win_amd64', ['cp39-abi3-win_amd64', 'cp39-none-win_amd64', 'cp310-abi3-win_amd64', 'cp310-none-win_amd64']],
    ['CP312-CP312-WIN_AMD64', ['cp312-cp312-win_amd64']],
  ])('%s', (input, expected) => {
    expect(parseWheelTags(input).map((t) => `${t.python}-${t.abi}-${t.platform}`)).toEqual(expected);
  });

  it.each([
    ['py3-none', /three parts/],
    ['py3-none-any-extra', /three parts/],
    ['py3..py2-none-any', /empty python tag/],
    ['py3-none-', /empty platform tag/],
  ])('rejects %s', (input, message) => {
    expect(() => parseWheelTags(input)).toThrow(InvalidWheelTagError);
    expect(() => parseWheelTags(input)).toThrow(message);
    expect(tryParseWheelTags(input)).toBeNull();
  });

  it('treats malformed tags as incompatible', () => {
    expect(isAnyTagCompatible(['not-a-tag-at-all', 'garbage'], cp312Linux)).toBe(false);
    expect(isAnyTagCompatible(['garbage', 'py3-none-any'], cp312Linux)).toBe(true);
    expect(isAnyTagCompatible([], cp312Linux)).toBe(false);
  });
});

describe('parseWheelFilename', () => {
  it.each([
    [
      'numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      { name: 'numpy', version: '2.1.0', build: null, tags: 2 },
    ],
    ['requests-2.32.3-py3-none-any.whl', { name: 'requests', version: '2.32.3', build: null, tags: 1 }],
    ['six-1.16.0-py2.py3-none-any.whl', { name: 'six', version: '1.16.0', build: null, tags: 2 }],
    ['typing_extensions-4.12.2-1-py3-none-any.whl', { name: 'typing_extensions', version: '4.12.2', build: '1', tags: 1 }],
    ['https://files.example/ab/cd/black-24.1.0-cp311-cp311-win_amd64.WHL', { name: 'black', version: '24.1.0', build: null, tags: 1 }],
  ])('%s', (filename, expected) => {
    const parsed = parseWheelFilename(filename);
    expect(parsed).not.toBeNull();
    expect({ ...parsed!, tags: parsed!.tags.length }).toEqual(expected);
  });

  it.each([
    'numpy-2.1.0.tar.gz',
    'numpy-2.1.0-py3-none.whl',
    'numpy-2.1.0-x1-py3-none-any.whl', // a build tag starts with a digit
    'a-b-c-d-e-f-g.whl',
    '-1.0-py3-none-any.whl',
  ])('rejects %s', (filename) => {
    expect(parseWheelFilename(filename)).toBeNull();
  });
});

describe('priorities', () => {
  const priority = (tag: string, target: TargetEnvironment): number | null =>
    tagPriority(parseWheelTags(tag)[0]!, target);

  it('prefers the most specific tag, as pip does', () => {
    const order = [
      'cp312-cp312-manylinux_2_35_x86_64',
      'cp312-cp312-manylinux_2_17_x86_64',
      'cp312-cp312-linux_x86_64',
      'cp312-abi3-manylinux_2_17_x86_64',
      'cp312-none-manylinux_2_17_x86_64',
      'cp311-abi3-manylinux_2_17_x86_64',
      'py312-none-manylinux_2_17_x86_64',
      'py3-none-manylinux_2_17_x86_64',
      'cp312-none-any',
      'py312-none-any',
      'py3-none-any',
      'py311-none-any',
      'py30-none-any',
    ];
    const priorities = order.map((tag) => priority(tag, cp312Linux));
    expect(priorities.every((p) => p !== null)).toBe(true);
    expect([...priorities].sort((a, b) => a! - b!)).toEqual(priorities);
    expect(priority('cp312-cp312-manylinux_2_35_x86_64', cp312Linux)).toBe(0);
    expect(priority('cp312-cp312-win_amd64', cp312Linux)).toBeNull();
  });

  it('bestTagPriority takes the best tag of a wheel', () => {
    const wheel = ['cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64'];
    expect(bestTagPriority(wheel, cp312Linux)).toBe(priority('cp312-cp312-manylinux_2_17_x86_64', cp312Linux));
    expect(bestTagPriority(['py3-none-any'], cp312Linux)).toBeGreaterThan(bestTagPriority(wheel, cp312Linux)!);
    expect(bestTagPriority(wheel, cp312Windows)).toBeNull();
  });
});

describe('tagCompatibility says which part failed', () => {
  it.each([
    [['py3-none-any'], cp312Linux, { kind: 'compatible', priority: expect.any(Number) }],
    [['graalpy310-none-any'], x86Manylinux2014, { kind: 'incompatible', reason: 'python' }],
    [['py3-graalpy240_310_native-any'], x86Manylinux2014, { kind: 'incompatible', reason: 'abi' }],
    [['py3-none-macosx_10_0_ppc64'], x86Manylinux2014, { kind: 'incompatible', reason: 'platform' }],
    // cp311 is a usable Python tag on 3.12 (with abi3), the cp311 ABI is not.
    [['cp311-cp311-manylinux_2_17_x86_64'], cp312Linux, { kind: 'incompatible', reason: 'abi' }],
    [['cp313-cp313-manylinux_2_17_x86_64'], cp312Linux, { kind: 'incompatible', reason: 'python' }],
    [['cp312-cp312-win_amd64', 'cp311-cp311-manylinux_2_17_x86_64'], cp312Linux, { kind: 'incompatible', reason: 'platform' }],
    [['nonsense'], cp312Linux, { kind: 'incompatible', reason: 'invalid' }],
  ])('%j on %#', (tags, target, expected) => {
    expect(tagCompatibility(tags, target)).toEqual(expected);
  });
});

describe('platformsOf', () => {
  it('describes, deduplicates, keeps first-seen order', () => {
    expect(
      platformsOf([
        'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64',
        'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64',
        'cp312-cp312-macosx_11_0_arm64',
        'cp312-cp312-win_amd64',
        'cp312-cp312-musllinux_1_1_armv7l',
        'py3-none-any',
      ]),
    ).toEqual([
      'Linux x86_64 (manylinux 2.17+)',
      'macOS 11.0+ arm64',
      'Windows x86-64',
      'Linux armv7l (musllinux 1.1+)',
      'any platform',
    ]);
  });

  it.each([
    ['manylinux1_i686', 'Linux i686 (manylinux 2.5+)'],
    ['manylinux2010_x86_64', 'Linux x86_64 (manylinux 2.12+)'],
    ['manylinux_2_28_aarch64', 'Linux aarch64 (manylinux 2.28+)'],
    ['linux_x86_64', 'Linux x86_64'],
    ['macosx_10_9_universal2', 'macOS 10.9+ universal2'],
    ['win32', 'Windows x86'],
    ['win_arm64', 'Windows ARM64'],
    ['freebsd_13_x86_64', 'freebsd_13_x86_64'],
  ])('%s → %s', (platform, expected) => {
    expect(describePlatformTag(platform)).toBe(expected);
  });
});
