import { describe, expect, it } from 'vitest';

import {
  KNOWN_PYTHON_VERSIONS,
  PythonVersionError,
  normalizePythonVersion,
  pythonVersionsWith,
} from '../../../src/core/environment/index.ts';
import {
  comparePythonVersions,
  parsePythonVersion,
} from '../../../src/core/environment/python-versions.ts';

describe('KNOWN_PYTHON_VERSIONS', () => {
  it('runs from 2.7.0 to 3.14.0, ascending, without repeats', () => {
    expect(KNOWN_PYTHON_VERSIONS[0]).toBe('2.7.0');
    expect(KNOWN_PYTHON_VERSIONS.at(-1)).toBe('3.14.0');
    const parsed = KNOWN_PYTHON_VERSIONS.map(parsePythonVersion);
    for (let i = 1; i < parsed.length; i++) {
      expect(comparePythonVersions(parsed[i - 1]!, parsed[i]!)).toBeLessThan(0);
    }
  });

  it.each([
    ['2.7.18', true],
    ['2.7.19', false],
    ['2.6.9', false],
    ['3.0.1', true],
    ['3.5.10', true],
    ['3.6.15', true],
    ['3.7.17', true],
    ['3.8.20', true],
    ['3.9.25', true],
    ['3.10.19', true],
    ['3.11.14', true],
    ['3.12.12', true],
    ['3.13.9', true],
    ['3.13.10', false],
    ['3.14.0', true],
    ['3.14.1', false],
    ['3.15.0', false],
  ])('%s known: %s', (version, known) => {
    expect(KNOWN_PYTHON_VERSIONS.includes(version)).toBe(known);
  });

  it('has every patch release of a series', () => {
    const series313 = KNOWN_PYTHON_VERSIONS.filter((v) => v.startsWith('3.13.'));
    expect(series313).toEqual(Array.from({ length: 10 }, (_, i) => `3.13.${i}`));
  });
});

describe('pythonVersionsWith', () => {
  it('is the known list when the target is known', () => {
    expect(pythonVersionsWith('3.12.0')).toEqual(KNOWN_PYTHON_VERSIONS);
    expect(pythonVersionsWith('3.12')).toEqual(KNOWN_PYTHON_VERSIONS);
  });

  it.each([
    ['3.15.0', '3.14.0', null],
    ['3.14.0rc1', '3.13.9', '3.14.0'],
    ['3.13.10', '3.13.9', '3.14.0'],
    ['3.12.99', '3.12.12', '3.13.0'],
  ])('adds %s in order', (target, before, after) => {
    const versions = pythonVersionsWith(target);
    const index = versions.indexOf(target);
    expect(versions).toHaveLength(KNOWN_PYTHON_VERSIONS.length + 1);
    expect(versions[index - 1]).toBe(before);
    expect(versions[index + 1] ?? null).toBe(after);
  });

  it('rejects what is not a version', () => {
    expect(() => pythonVersionsWith('3.x')).toThrow(PythonVersionError);
  });
});

describe('normalizePythonVersion', () => {
  it.each([
    ['3.12', '3.12.0'],
    ['3.12.1', '3.12.1'],
    [' 3.9 ', '3.9.0'],
    ['3.13.0b2', '3.13.0b2'],
    ['3.14rc1', '3.14.0rc1'],
  ])('%j → %s', (input, expected) => {
    expect(normalizePythonVersion(input)).toBe(expected);
  });

  it.each(['3.x', '3', '3.12.0.1', 'py3.12', '3.12-dev', '5.0'])('rejects %j', (input) => {
    expect(() => normalizePythonVersion(input)).toThrow(/bad Python version/);
  });

  it.each(['3.12.99999999999999999999', '3.10000', '3.12.0rc10000'])('rejects %j rather than print another number', (input) => {
    expect(() => normalizePythonVersion(input)).toThrow(/above 9999 is not a Python release/);
  });

  it('takes the largest numbers allowed as typed', () => {
    expect(normalizePythonVersion('3.9999.9999rc9999')).toBe('3.9999.9999rc9999');
  });
});
