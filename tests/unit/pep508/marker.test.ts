import { describe, expect, it } from 'vitest';

import {
  InvalidMarkerError,
  defaultMarkerEnvironment,
  evaluateMarker,
  formatMarker,
  markerVariables,
  parseMarker,
  type Marker,
  type MarkerEnvironment,
} from '../../../src/core/pep508/index.ts';

const v = (name: string) => ({ kind: 'variable', name }) as const;
const lit = (value: string) => ({ kind: 'literal', value }) as const;

describe('parseMarker: structure', () => {
  it('reads a comparison', () => {
    expect(parseMarker('python_version >= "3.8"')).toEqual({
      kind: 'compare',
      left: v('python_version'),
      op: '>=',
      right: lit('3.8'),
    });
  });

  it("binds 'and' tighter than 'or', and nests to the left", () => {
    const a = { kind: 'compare', left: v('os_name'), op: '==', right: lit('a') } as const;
    const b = { kind: 'compare', left: v('os_name'), op: '==', right: lit('b') } as const;
    const c = { kind: 'compare', left: v('os_name'), op: '==', right: lit('c') } as const;
    expect(parseMarker('os_name == "a" or os_name == "b" and os_name == "c"')).toEqual({
      kind: 'or',
      left: a,
      right: { kind: 'and', left: b, right: c },
    });
    expect(parseMarker('(os_name == "a" or os_name == "b") and os_name == "c"')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: a, right: b },
      right: c,
    });
    expect(parseMarker('os_name == "a" or os_name == "b" or os_name == "c"')).toEqual({
      kind: 'or',
      left: { kind: 'or', left: a, right: b },
      right: c,
    });
  });

  it('takes a variable on either side, and literals on both', () => {
    expect(parseMarker('"3.8" < python_version')).toEqual({
      kind: 'compare',
      left: lit('3.8'),
      op: '<',
      right: v('python_version'),
    });
    expect(parseMarker("'a' in 'abc'")).toEqual({ kind: 'compare', left: lit('a'), op: 'in', right: lit('abc') });
  });

  it('keeps string contents verbatim (no escapes), in either quote style', () => {
    expect(parseMarker(`platform_version == 'say "hi"'`)).toMatchObject({ right: lit('say "hi"') });
    expect(parseMarker(`platform_version == "it's"`)).toMatchObject({ right: lit("it's") });
    expect(parseMarker('platform_version == "a\\tb"')).toMatchObject({ right: lit('a\\tb') });
    expect(parseMarker('platform_version == ""')).toMatchObject({ right: lit('') });
  });

  it('normalises the value compared with extra (PEP 685), on either side', () => {
    expect(parseMarker('extra == "Tests_No.Zope"')).toMatchObject({ right: lit('tests-no-zope') });
    expect(parseMarker('"Socks" == extra')).toMatchObject({ left: lit('socks') });
    expect(parseMarker('os_name == "Socks_X"')).toMatchObject({ right: lit('Socks_X') });
  });
});

describe('parseMarker → formatMarker (canonical text)', () => {
  it.each([
    ['python_version >= "3.8"', 'python_version >= "3.8"'],
    ["python_version>='3.8'", 'python_version >= "3.8"'],
    ['  python_version\t<  "3.8"  ', 'python_version < "3.8"'],
    ['python_version >= "3.8" and extra == "socks"', 'python_version >= "3.8" and extra == "socks"'],
    ['python_version=="2.7"and os_name=="nt"', 'python_version == "2.7" and os_name == "nt"'],
    ['"3.8" <= python_version', '"3.8" <= python_version'],
    ['python_full_version === "3.8.0"', 'python_full_version === "3.8.0"'],
    ['python_version ~= "3.8"', 'python_version ~= "3.8"'],
    ['sys_platform != "win32"', 'sys_platform != "win32"'],
    ['"linux" in sys_platform', '"linux" in sys_platform'],
    ['platform_machine not  in "x86_64 AMD64"', 'platform_machine not in "x86_64 AMD64"'],
    ['platform_machine in"x86_64 AMD64"', 'platform_machine in "x86_64 AMD64"'],
    // legacy spellings
    ['os.name == "nt"', 'os_name == "nt"'],
    ['sys.platform == "win32"', 'sys_platform == "win32"'],
    ['platform.version == "1"', 'platform_version == "1"'],
    ['platform.machine == "x86_64"', 'platform_machine == "x86_64"'],
    ['platform.python_implementation == "CPython"', 'platform_python_implementation == "CPython"'],
    ['python_implementation == "PyPy"', 'platform_python_implementation == "PyPy"'],
    // extras
    ["extra == 'Socks'", 'extra == "socks"'],
    ['extra == "tests_no_zope"', 'extra == "tests-no-zope"'],
    // quotes: double unless the value holds one
    [`platform_version == 'say "hi"'`, `platform_version == 'say "hi"'`],
    // parentheses: only where they change the tree
    ['(python_version < "3")', 'python_version < "3"'],
    ['((python_version < "3"))', 'python_version < "3"'],
    [
      '(python_version >= "3.4" or python_version == "2.7") and extra == "test"',
      '(python_version >= "3.4" or python_version == "2.7") and extra == "test"',
    ],
    [
      '((python_version >= "3.4" or python_version == "2.7")) and extra == "test"',
      '(python_version >= "3.4" or python_version == "2.7") and extra == "test"',
    ],
    [
      '(sys_platform == "win32" and python_version == "2.7") and extra == \'socks\'',
      'sys_platform == "win32" and python_version == "2.7" and extra == "socks"',
    ],
    [
      '(python_version >= "2.7" and python_version < "2.8") or (python_version >= "3.4" and python_version < "3.5")',
      'python_version >= "2.7" and python_version < "2.8" or python_version >= "3.4" and python_version < "3.5"',
    ],
    ['os_name == "a" and (os_name == "b" and os_name == "c")', 'os_name == "a" and (os_name == "b" and os_name == "c")'],
    ['os_name == "a" or (os_name == "b" or os_name == "c")', 'os_name == "a" or (os_name == "b" or os_name == "c")'],
    ['os_name == "a" and (os_name == "b" or os_name == "c")', 'os_name == "a" and (os_name == "b" or os_name == "c")'],
  ])('%s → %s', (input, expected) => {
    const marker = parseMarker(input);
    expect(formatMarker(marker)).toBe(expected);
    // The canonical text reads back as the same tree.
    expect(parseMarker(formatMarker(marker))).toEqual(marker);
  });
});

describe('parseMarker: errors say where and why', () => {
  // [input, 1-based column, part of the reason]
  it.each([
    ['', 1, 'expected a marker expression'],
    ['   ', 4, 'expected a marker expression'],
    ['python_versoin >= "3"', 1, "unknown marker variable 'python_versoin' (did you mean 'python_version'?)"],
    ['sys_pltform == "linux"', 1, "did you mean 'sys_platform'?"],
    ['platform-machine == "x86_64"', 1, "did you mean 'platform_machine'?"],
    ['foo == "bar"', 1, "unknown marker variable 'foo'"],
    ['platform.release == "5"', 1, "unknown marker variable 'platform.release'"],
    ['extras == "a"', 1, 'only defined in lock files'],
    ['python_version >= 3.8', 19, 'marker values must be quoted: write "3.8"'],
    ['sys_platform == win32', 17, 'marker values must be quoted'],
    ['3.8 <= python_version', 1, 'marker values must be quoted'],
    ['python_version', 15, 'expected a comparison operator'],
    ['python_version "3"', 16, "expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in) after python_version, found '\"'"],
    ['python_version = "3"', 16, "'=' is not a marker operator; did you mean '=='?"],
    ['python_version >=', 18, "expected a marker variable (like python_version) or a quoted string after '>='"],
    ['python_version not "3"', 16, "expected 'in' after 'not'"],
    ['python_version notin "3"', 16, 'expected a comparison operator'],
    ['python_version >= "3', 19, 'unclosed " in marker string'],
    ["os_name == 'nt", 12, "unclosed ' in marker string"],
    ['(python_version >= "3"', 1, "unclosed '(' in marker"],
    ['((python_version >= "3")', 1, "unclosed '(' in marker"],
    ['python_version >= "3")', 22, "unmatched ')' in marker"],
    ['python_version >= "3" and', 26, 'expected a marker variable (like python_version) or a quoted string, found the end'],
    ['python_version >= "3" or ', 26, 'expected a marker variable'],
    ['python_version >= "3" xor os_name == "a"', 23, "expected 'and', 'or' or the end of the marker, found 'xor'"],
    ['python_version >= "3" andos_name == "a"', 23, "found 'andos_name'"],
    ['(python_version >= "3" os_name == "a")', 24, "expected 'and', 'or' or ')' in marker"],
    ['and os_name == "a"', 1, "unknown marker variable 'and'"],
    ['()', 2, 'expected a marker variable'],
  ])('%j: column %i', (input, column, reason) => {
    let error: unknown;
    try {
      parseMarker(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMarkerError);
    const e = error as InvalidMarkerError;
    expect(e.reason).toContain(reason);
    expect(e.column).toBe(column);
    expect(e.input).toBe(input);
    expect(e.message).toBe(`${e.reason} at column ${column}`);
  });
});

describe('markerVariables', () => {
  it.each([
    ['python_version < "3"', ['python_version']],
    ['os.name == "nt" and extra == "a"', ['os_name', 'extra']],
    ['"x" in sys_platform or (python_implementation == "PyPy" and python_version > "3")', ['sys_platform', 'platform_python_implementation', 'python_version']],
    ["'a' == 'a'", []],
  ])('%s', (input, expected) => {
    expect([...markerVariables(parseMarker(input))].sort()).toEqual([...expected].sort());
  });
});

describe('defaultMarkerEnvironment', () => {
  it('is CPython 3.12.0 on Linux x86_64', () => {
    expect(defaultMarkerEnvironment()).toEqual({
      python_version: '3.12',
      python_full_version: '3.12.0',
      os_name: 'posix',
      sys_platform: 'linux',
      platform_release: '',
      platform_system: 'Linux',
      platform_version: '',
      platform_machine: 'x86_64',
      platform_python_implementation: 'CPython',
      implementation_name: 'cpython',
      implementation_version: '3.12.0',
    });
  });
});

// ---------------------------------------------------------------------------------------
// Evaluation. Unless marked, each expectation was checked against packaging 26.2
// (`Marker(m).evaluate(env | {"extra": e})`, any over the extras, as pip does).
// ---------------------------------------------------------------------------------------

const linux312 = defaultMarkerEnvironment();
const windows38: MarkerEnvironment = {
  python_version: '3.8',
  python_full_version: '3.8.10',
  os_name: 'nt',
  sys_platform: 'win32',
  platform_release: '10',
  platform_system: 'Windows',
  platform_version: '10.0.19041',
  platform_machine: 'AMD64',
  platform_python_implementation: 'CPython',
  implementation_name: 'cpython',
  implementation_version: '3.8.10',
};
const pypyMac27: MarkerEnvironment = {
  python_version: '2.7',
  python_full_version: '2.7.18',
  os_name: 'posix',
  sys_platform: 'darwin',
  platform_release: '22.1.0',
  platform_system: 'Darwin',
  platform_version: 'Darwin Kernel Version 22.1.0',
  platform_machine: 'arm64',
  platform_python_implementation: 'PyPy',
  implementation_name: 'pypy',
  implementation_version: '7.3.9',
};
const rc313: MarkerEnvironment = {
  ...linux312,
  python_version: '3.13',
  python_full_version: '3.13.0rc1',
  implementation_version: '3.13.0rc1',
};
const envs: Record<string, MarkerEnvironment> = { linux312, windows38, pypyMac27, rc313 };

describe('evaluateMarker', () => {
  // [marker, environment, extras, expected]
  it.each<[string, keyof typeof envs, string[], boolean]>([
    // version comparisons (PEP 440, not string order: "3.12" > "3.8")
    ['python_version >= "3.8"', 'linux312', [], true],
    ['python_version < "3.8"', 'linux312', [], false],
    ['python_version > "3.8"', 'windows38', [], false],
    ['python_version <= "3.8"', 'windows38', [], true],
    ['python_version == "3.8"', 'windows38', [], true],
    ['python_version == "3.8.0"', 'windows38', [], true], // zero padding
    ['python_version != "3.8"', 'windows38', [], false],
    ['python_version == "3.*"', 'linux312', [], true],
    ['python_version != "3.*"', 'pypyMac27', [], true],
    ['python_version ~= "3.6"', 'linux312', [], true],
    ['python_version ~= "3.6"', 'pypyMac27', [], false],
    ['python_full_version >= "3.8.1"', 'windows38', [], true],
    ['python_full_version < "3.8.11"', 'windows38', [], true],
    ['"3.8" < python_version', 'linux312', [], true], // reversed: reads "3.8 < 3.12"
    ['"3.8" < python_version', 'windows38', [], false],
    ['"3.10" > python_version', 'windows38', [], true],
    // pre-releases of the environment are compared with prereleases allowed
    ['python_full_version >= "3.13"', 'rc313', [], false],
    ['python_full_version >= "3.13.0rc1"', 'rc313', [], true],
    ['python_full_version < "3.13"', 'rc313', [], false], // `<V` excludes V's own pre-releases
    ['python_full_version > "3.12"', 'rc313', [], true],
    ['implementation_version >= "3.13.0a1"', 'rc313', [], true],
    // strings
    ['sys_platform == "win32"', 'windows38', [], true],
    ['sys_platform == "win32"', 'linux312', [], false],
    ['sys_platform != "win32"', 'linux312', [], true],
    ['platform_system == "Windows"', 'windows38', [], true],
    ['platform_machine == "x86_64"', 'linux312', [], true],
    ['platform_python_implementation == "CPython"', 'pypyMac27', [], false],
    ['implementation_name == "pypy"', 'pypyMac27', [], true],
    ['os_name == "nt"', 'windows38', [], true],
    ['platform_version == "Darwin Kernel Version 22.1.0"', 'pypyMac27', [], true],
    ['platform_release == "10"', 'windows38', [], true],
    // legacy names read the canonical variables
    ['os.name == "nt"', 'windows38', [], true],
    ['sys.platform == "darwin"', 'pypyMac27', [], true],
    ['platform.machine == "arm64"', 'pypyMac27', [], true],
    ['python_implementation == "PyPy"', 'pypyMac27', [], true],
    ['platform.python_implementation == "CPython"', 'linux312', [], true],
    // in / not in: substring tests
    ['"linux" in sys_platform', 'linux312', [], true],
    ['"win" in sys_platform', 'windows38', [], true],
    ['platform_machine in "x86_64 AMD64"', 'windows38', [], true],
    ['platform_machine in "x86_64 AMD64"', 'pypyMac27', [], false],
    ['platform_machine not in "x86_64 AMD64"', 'pypyMac27', [], true],
    ['python_version in "2.7 3.5 3.6"', 'pypyMac27', [], true],
    ['python_version in "2.7 3.5 3.6"', 'linux312', [], false],
    // ordering on values that are not versions: false, not an exception
    ['platform_release >= "5"', 'linux312', [], false], // "" is not a version
    ['platform_release >= "22"', 'pypyMac27', [], true], // "22.1.0" is
    // and / or / parentheses
    ['sys_platform == "win32" and platform_python_implementation == "CPython"', 'windows38', [], true],
    ['sys_platform == "win32" and platform_python_implementation == "CPython"', 'pypyMac27', [], false],
    ['os_name == "nt" or python_version < "3"', 'pypyMac27', [], true],
    ['os_name == "nt" or os_name == "posix" and python_version < "3"', 'linux312', [], false],
    ['(os_name == "nt" or os_name == "posix") and python_version < "3"', 'pypyMac27', [], true],
    // extra
    ['extra == "socks"', 'linux312', [], false],
    ['extra == "socks"', 'linux312', ['socks'], true],
    ['extra == "socks"', 'linux312', ['Socks'], true],
    ['extra == "socks"', 'linux312', ['test', 'socks'], true],
    ['extra == "socks"', 'linux312', ['test'], false],
    ['extra != "socks"', 'linux312', [], true],
    ['extra != "socks"', 'linux312', ['socks'], false],
    ['extra == "tests_no_zope"', 'linux312', ['tests-no-zope'], true],
    ['extra == "tests-no-zope"', 'linux312', ['Tests_No.Zope'], true],
    ['"socks" == extra', 'linux312', ['socks'], true],
    ['python_version < "3.8" and extra == "test"', 'windows38', ['test'], false],
    ['python_version >= "3.8" and extra == "test"', 'windows38', ['test'], true],
    ['extra == "a" or extra == "b"', 'linux312', ['b'], true],
    // each extra is evaluated on its own, as pip does
    ['extra == "a" and extra == "b"', 'linux312', ['a', 'b'], false],
  ])('%s in %s with extras %j → %s', (marker, env, extras, expected) => {
    expect(evaluateMarker(parseMarker(marker), envs[env]!, extras)).toBe(expected);
  });

  // Where packaging 26.2 raises (UndefinedComparison) or has no defined answer, we
  // return false (or compare strings) instead; see the comment on `compare` in marker.ts.
  it.each<[string, MarkerEnvironment, boolean]>([
    ['python_version ~= "3"', linux312, false], // `~=3` is not a specifier
    ['os_name ~= "posix"', linux312, false],
    ['os_name < "posiy"', linux312, false],
    ['os_name > "a"', linux312, false],
    ['os_name <= "posix"', linux312, true], // equal strings satisfy <= and >=
    ['os_name >= "posix"', linux312, true],
    ['os_name >= "nt"', linux312, false],
    ['implementation_name === "CPython"', linux312, true], // arbitrary equality ignores case
    ['implementation_name === "pypy"', linux312, false],
    ['python_version === "3.12"', linux312, true],
    ['"a" == "a"', linux312, true],
    ['"a" in "abc"', linux312, true],
    ['os_name == sys_platform', { os_name: 'x', sys_platform: 'x' }, true],
  ])('%s → %s (no exception)', (marker, env, expected) => {
    expect(evaluateMarker(parseMarker(marker), env)).toBe(expected);
  });

  it('reads missing variables as ""', () => {
    expect(evaluateMarker(parseMarker('sys_platform == ""'), {})).toBe(true);
    expect(evaluateMarker(parseMarker('python_version >= "3.8"'), {})).toBe(false);
    expect(evaluateMarker(parseMarker('python_version < "3.8"'), {})).toBe(false);
    expect(evaluateMarker(parseMarker('sys_platform != "win32"'), { python_version: '3.11' })).toBe(true);
  });

  it('uses an extra from the environment when no extras are given', () => {
    const marker = parseMarker('extra == "socks"');
    expect(evaluateMarker(marker, { ...linux312, extra: 'SOCKS' })).toBe(true);
    expect(evaluateMarker(marker, { ...linux312, extra: 'SOCKS' }, ['test'])).toBe(false);
  });

  it('evaluates hand-built markers too (extra literal not normalised)', () => {
    const marker: Marker = { kind: 'compare', left: v('extra'), op: '==', right: lit('Tests_No_Zope') };
    expect(evaluateMarker(marker, linux312, ['tests-no-zope'])).toBe(true);
  });
});
