import { describe, expect, it } from 'vitest';

import { isValidName, normalizeExtra, normalizeName } from '../../../src/core/pep508/index.ts';

describe('normalizeName (PEP 503)', () => {
  it.each([
    ['requests', 'requests'],
    ['Django', 'django'],
    ['zope.interface', 'zope-interface'],
    ['typing_extensions', 'typing-extensions'],
    ['Foo__Bar', 'foo-bar'],
    ['foo-_.-bar', 'foo-bar'],
    ['PyYAML', 'pyyaml'],
    ['backports.zoneinfo', 'backports-zoneinfo'],
    ['a', 'a'],
    ['1', '1'],
    ['ruamel.yaml.clib', 'ruamel-yaml-clib'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const name of ['Foo__Bar', 'A.B-C_D', 'x']) {
      expect(normalizeName(normalizeName(name))).toBe(normalizeName(name));
    }
  });
});

describe('normalizeExtra (PEP 685)', () => {
  it.each([
    ['socks', 'socks'],
    ['Socks', 'socks'],
    ['tests_no_zope', 'tests-no-zope'],
    ['with.blake2', 'with-blake2'],
    ['EPATH__NO--TF', 'epath-no-tf'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeExtra(input)).toBe(expected);
  });
});

describe('isValidName (PEP 508)', () => {
  it.each([
    'a',
    'Z',
    '7',
    'requests',
    'zope.interface',
    'typing_extensions',
    'foo-bar',
    'Foo..Bar',
    '2to3',
    'a-_.b',
  ])('accepts %s', (name) => {
    expect(isValidName(name)).toBe(true);
  });

  it.each([
    '',
    '-foo',
    'foo-',
    '_foo',
    'foo_',
    '.foo',
    'foo.',
    'foo bar',
    'foo[bar]',
    'föo',
    'foo>=1',
    'foo@bar',
  ])('rejects %j', (name) => {
    expect(isValidName(name)).toBe(false);
  });
});
