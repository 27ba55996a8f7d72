import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { formatSpecifierSet } from '../../../src/core/pep440/index.ts';
import {
  InvalidRequirementError,
  formatMarker,
  formatRequirement,
  parseRequirement,
  tryParseRequirement,
  type Requirement,
} from '../../../src/core/pep508/index.ts';

/** The parts of a requirement as strings, for compact tables. */
function summary(r: Requirement) {
  return {
    name: r.name,
    key: r.key,
    extras: r.extras,
    specifier: formatSpecifierSet(r.specifier),
    marker: r.marker === null ? null : formatMarker(r.marker),
    url: r.url,
  };
}

describe('parseRequirement: real strings from PyPI metadata', () => {
  it.each<[string, Partial<ReturnType<typeof summary>>]>([
    ['requests', { name: 'requests', key: 'requests', extras: [], specifier: '', marker: null, url: null }],
    ['urllib3<3,>=1.21.1', { name: 'urllib3', specifier: '<3,>=1.21.1', marker: null }],
    ['PySocks!=1.5.7,>=1.5.6; extra == "socks"', { name: 'PySocks', key: 'pysocks', specifier: '!=1.5.7,>=1.5.6', marker: 'extra == "socks"' }],
    ['botocore (<2.0.0,>=1.5.40)', { name: 'botocore', specifier: '<2.0.0,>=1.5.40', marker: null }],
    ['importlib-metadata; python_version < "3.8"', { key: 'importlib-metadata', specifier: '', marker: 'python_version < "3.8"' }],
    [
      `pywin32>=1.0; sys_platform == 'win32' and platform_python_implementation == "CPython"`,
      { name: 'pywin32', specifier: '>=1.0', marker: 'sys_platform == "win32" and platform_python_implementation == "CPython"' },
    ],
    [
      'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686',
      { name: 'pip', url: 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686', specifier: '' },
    ],
    [
      'name @ file:///localbuilds/pip-1.3.1-py33-none-any.whl ; python_version >= "3"',
      { name: 'name', url: 'file:///localbuilds/pip-1.3.1-py33-none-any.whl', marker: 'python_version >= "3"' },
    ],
    ['flask@https://x.org/flask.whl', { name: 'flask', url: 'https://x.org/flask.whl' }],
    ['coverage[toml] (>=5.0.2) ; extra == \'testing\'', { extras: ['toml'], specifier: '>=5.0.2', marker: 'extra == "testing"' }],
    ['requests[security,socks] >= 2.8.1, == 2.8.*', { extras: ['security', 'socks'], specifier: '>=2.8.1,==2.8.*' }],
    ['Foo.Bar[Socks, socks ,SOCKS, Test_X]', { name: 'Foo.Bar', key: 'foo-bar', extras: ['socks', 'test-x'] }],
    ['foo[]', { extras: [] }],
    ['foo [ a ] ( >=1 ) ; os_name == "nt"', { extras: ['a'], specifier: '>=1', marker: 'os_name == "nt"' }],
    ['sphinx >= 4.0, < 6.2', { specifier: '>=4.0,<6.2' }],
    ['exceptiongroup >= 1.0.0rc9', { specifier: '>=1.0.0rc9' }],
    ['six (>=1.9)', { specifier: '>=1.9' }],
    ['zope.interface (>=3.6.0) ; python_version >= "3.3"', { key: 'zope-interface', specifier: '>=3.6.0' }],
    ['argparse; python_version=="2.6"', { marker: 'python_version == "2.6"' }],
    ['enum34 (>=1.0.4) ; python_version < "3.4"', { marker: 'python_version < "3.4"' }],
    ['pywin32 (>=227) ; sys.platform == "win32"', { marker: 'sys_platform == "win32"' }],
    ['cffi; python_implementation != "PyPy"', { marker: 'platform_python_implementation != "PyPy"' }],
    ['foo===1.0+local.bar', { specifier: '===1.0+local.bar' }],
    ['foo==1.0+local', { specifier: '==1.0+local' }],
    ['foo>=1,', { specifier: '>=1' }], // packaging's SpecifierSet drops empty items
    ['foo ()', { specifier: '' }],
    ['\t foo \t', { name: 'foo' }],
    ['a', { name: 'a' }],
    ['2to3', { name: '2to3' }],
  ])('%s', (input, expected) => {
    const r = parseRequirement(input);
    expect(summary(r)).toMatchObject(expected);
    expect(r.text).toBe(input.trim());
  });
});

describe('formatRequirement', () => {
  it.each([
    ['urllib3<3,>=1.21.1', 'urllib3<3,>=1.21.1'],
    ['botocore (<2.0.0,>=1.5.40)', 'botocore<2.0.0,>=1.5.40'],
    ['PySocks!=1.5.7,>=1.5.6; extra == "socks"', 'PySocks!=1.5.7,>=1.5.6; extra == "socks"'],
    ['requests [ socks , Security ] >= 2.8 ;python_version>"3"', 'requests[security,socks]>=2.8; python_version > "3"'],
    ['name @ https://x.org/a.whl', 'name @ https://x.org/a.whl'],
    ['name[x]@https://x.org/a.whl ;os_name=="nt"', 'name[x] @ https://x.org/a.whl ; os_name == "nt"'],
    ['importlib-metadata; python_version < "3.8"', 'importlib-metadata; python_version < "3.8"'],
  ])('%s → %s', (input, expected) => {
    const r = parseRequirement(input);
    expect(formatRequirement(r)).toBe(expected);
    expect(summary(parseRequirement(formatRequirement(r)))).toEqual(summary(r));
  });

  it('leaves the marker out on request', () => {
    const r = parseRequirement('PySocks!=1.5.7,>=1.5.6; extra == "socks"');
    expect(formatRequirement(r, { marker: false })).toBe('PySocks!=1.5.7,>=1.5.6');
    expect(formatRequirement(r, { marker: true })).toBe('PySocks!=1.5.7,>=1.5.6; extra == "socks"');
  });
});

describe('parseRequirement: errors say where and why', () => {
  // [input, 1-based column into the input, part of the reason]
  it.each<[string, number, string]>([
    ['', 1, 'expected a package name, found nothing'],
    ['   ', 4, 'expected a package name, found nothing'],
    ['>=1.0', 1, "expected a package name, found '>'"],
    ['-foo', 1, "a package name must start with a letter or digit, not '-'"],
    ['_foo', 1, 'must start with a letter or digit'],
    ['foo-', 4, "a package name must end with a letter or digit, not '-'"],
    ['foo_ >=1', 4, 'must end with a letter or digit'],
    ['foo 1.0', 5, "expected a version specifier (like '>=1.0'), '@ URL', ';' or the end after 'foo', found '1.0'"],
    ['foo bar', 5, "found 'bar'"],
    ['foö', 3, "found 'ö'"],
    // specifier errors come from PEP 440, with the column moved into the requirement
    ['foo>=', 6, "expected a version after '>='"],
    ['requests >=', 12, "expected a version after '>='"],
    ['foo >= 1.0 bar', 12, "expected ',' or the end after the specifier"],
    ['foo>=1.0<2', 9, ''],
    ['foo>=1.*', 7, "'.*' (prefix matching) is only allowed with == and !="],
    ['foo (>=1.*)', 9, 'prefix matching'],
    ['foo>=1.0+local', 9, 'local version label'],
    ['foo=1.0', 4, "'=' is not an operator; did you mean '=='?"],
    ['foo~=1', 6, "'~=' needs a version with at least two release numbers"],
    ['foo>=1.0,,<2,>=x', 16, 'a version starts with a number'],
    ["importlib-metadata (>='4.4') ; python_version < \"3.10\"", 23, 'a version starts with a number'],
    // extras
    ['foo[bar', 4, "unclosed '[' for extras"],
    ['foo[', 4, "unclosed '[' for extras"],
    ['foo[bar,', 4, "unclosed '[' for extras"],
    ['foo[bar baz]', 9, "expected ',' between extra names"],
    ['foo[bar,]', 9, "expected an extra name after ','"],
    ['foo[,bar]', 5, "expected an extra name, found ','"],
    ['foo[bar;baz]', 8, "expected ',' or ']' in extras, found ';'"],
    ['foo[-bar]', 5, 'an extra name must start with a letter or digit'],
    // parentheses
    ['foo (>=1.0', 5, "unclosed '(' for the version specifier"],
    ['foo (>=1.0; os_name == "nt")', 5, "unclosed '(' for the version specifier"],
    ['foo (>=1.0) bar', 13, "expected ';' or the end after the version specifier, found 'bar'"],
    ['foo (>=1.0) (<2)', 13, "expected ';' or the end"],
    // markers
    ['foo>=1.0;', 9, "expected a marker after ';'"],
    ['foo ; ', 5, "expected a marker after ';'"],
    ['foo; python_versoin < "3"', 6, "unknown marker variable 'python_versoin' (did you mean 'python_version'?)"],
    ['foo>=1.0; python_version < 3', 28, 'marker values must be quoted'],
    ['foo; python_version >= "3" and', 31, 'expected a marker variable'],
    ['foo; (python_version >= "3"', 6, "unclosed '(' in marker"],
    ['pyOpenSSL; extra == "secure;python_version<="2.7""', 46, "expected 'and', 'or' or the end of the marker, found '2.7'"],
    // URLs
    ['foo @ ', 7, "expected a URL after '@'"],
    ['foo @', 6, "expected a URL after '@'"],
    ['foo @ https://x.org/z junk', 23, "expected ' ; marker' or the end after the URL"],
    ['foo @ https://x.org/z ; ', 23, "expected a marker after ';'"],
    ['foo>=1.0 @ https://x.org/z', 10, ''],
  ])('%j: column %i', (input, column, reason) => {
    let error: unknown;
    try {
      parseRequirement(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRequirementError);
    const e = error as InvalidRequirementError;
    expect(e.reason).toContain(reason);
    expect(e.column).toBe(column);
    expect(e.input).toBe(input);
    expect(e.message).toBe(`${e.reason} at column ${column}`);
    expect(tryParseRequirement(input)).toBeNull();
  });

  it('says the column as a person counts it when an emoji comes first', () => {
    let error: unknown;
    try {
      parseRequirement('a>=1.0; os_name == "🙂" nand os_name == "x"');
    } catch (e) {
      error = e;
    }
    const e = error as InvalidRequirementError;
    expect(e).toBeInstanceOf(InvalidRequirementError);
    // The emoji is two string units: the string-index column is one more than the character column.
    expect(e.characterColumn).toBe(e.column - 1);
    expect(e.message).toBe(`${e.reason} at column ${e.characterColumn}`);
  });

  it('a URL takes everything up to whitespace, `;` included (as packaging does)', () => {
    const r = parseRequirement('foo @ https://x.org/z;python_version>"3"');
    expect(r.url).toBe('https://x.org/z;python_version>"3"');
    expect(r.marker).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// Property: format(parse(x)) reads back as the same requirement, for generated x.
// ---------------------------------------------------------------------------------------

const alnum = fc.constantFrom(...'abcXYZ019');
const nameArb = fc
  .tuple(alnum, fc.array(fc.constantFrom(...'abzQ09-_.'), { maxLength: 6 }), alnum)
  .map(([first, middle, last]) => first + middle.join('') + last)
  .chain((n) => fc.constantFrom(n, n[0]!));

const ws = fc.constantFrom('', ' ', '  ', '\t');

const releaseArb = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 }).map((r) => r.join('.'));
const versionArb = fc
  .tuple(
    releaseArb,
    fc.constantFrom('', 'a1', 'b2', 'rc1', '.post1', '.dev0'),
  )
  .map(([release, suffix]) => release + suffix);
const specifierArb = fc.oneof(
  fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '!=', '=='), ws, versionArb).map(([op, s, version]) => `${op}${s}${version}`),
  fc.tuple(fc.constantFrom('==', '!='), ws, releaseArb).map(([op, s, release]) => `${op}${s}${release}.*`),
  fc.tuple(ws, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([s, a, b]) => `~=${s}${a}.${b}`),
);

const variableArb = fc.constantFrom(
  'python_version',
  'python_full_version',
  'os_name',
  'os.name',
  'sys_platform',
  'sys.platform',
  'platform_machine',
  'platform.machine',
  'python_implementation',
  'platform_python_implementation',
  'implementation_name',
  'extra',
);
const literalTextArb = fc.stringMatching(/^[A-Za-z0-9 ._*+<>=!~-]{0,8}$/).chain((s) => fc.constantFrom(s, `${s}"x`, `${s}'x`));
const literalArb = literalTextArb.map((s) => (s.includes('"') ? `'${s}'` : `"${s}"`));
const valueArb = fc.oneof(variableArb, literalArb);
const markerOpArb = fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '~=', '===', 'in', 'not in');
const comparisonArb = fc
  .tuple(valueArb, ws, markerOpArb, ws, valueArb)
  .map(([l, s1, op, s2, r]) => `${l}${s1 || (/[a-z]$/.test(op) ? ' ' : '')}${op}${s2 || ' '}${r}`);
const markerArb: fc.Arbitrary<string> = fc.letrec<{ marker: string }>((tie) => ({
  marker: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisonArb,
    fc.tuple(tie('marker'), fc.constantFrom(' and ', ' or '), tie('marker')).map(([a, op, b]) => a + op + b),
    tie('marker').map((m) => `(${m})`),
  ),
})).marker;

const requirementArb = fc
  .record({
    lead: ws,
    name: nameArb,
    extras: fc.option(fc.array(nameArb, { maxLength: 3 }), { nil: undefined }),
    specifiers: fc.array(specifierArb, { maxLength: 3 }),
    parens: fc.boolean(),
    url: fc.option(fc.constantFrom('https://example.org/p-1.0.tar.gz', 'git+https://g.org/p.git@v1#egg=p', 'file:///tmp/p.whl'), { nil: undefined }),
    marker: fc.option(markerArb, { nil: undefined }),
    s1: ws,
    s2: ws,
  })
  .map(({ lead, name, extras, specifiers, parens, url, marker, s1, s2 }) => {
    let text = lead + name + s1;
    if (extras !== undefined) text += `[${extras.join(`${s2},`)}]`;
    if (url !== undefined) {
      text += `${s1}@${s2}${url}`;
      if (marker !== undefined) text += ` ;${s2}${marker}`;
      return text;
    }
    const specs = specifiers.join(`${s2},${s1}`);
    text += parens ? `${s1}(${specs})` : specs;
    if (marker !== undefined) text += `${s1};${s2}${marker}`;
    return text;
  });

describe('property: formatRequirement(parseRequirement(x)) reads back the same', () => {
  it('for generated requirements', () => {
    fc.assert(
      fc.property(requirementArb, (text) => {
        const first = parseRequirement(text);
        const canonical = formatRequirement(first);
        const second = parseRequirement(canonical);
        expect({ ...second, text: '' }).toEqual({ ...first, text: '' });
        expect(formatRequirement(second)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });
});
