/**
 * Version sets of specifiers by binary search (src/core/engines/pubgrub/specifier-sets.ts)
 * against the specifier code itself, version by version, on lists full of PEP 440's corner
 * cases: pre-, post-, dev- and local versions of the bound, zero padding, epochs, huge numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, containsVersion, parseSpecifierSet, parseVersion, pythonVersionsWith } from '../../../src/core/index.ts';
import { versionsAllowed } from '../../../src/core/engines/pubgrub/specifier-sets.ts';
import { has } from '../../../src/core/engines/pubgrub/version-set.ts';

const RELEASES = ['0.9', '1.0', '1.0.0', '1.0.1', '1.1', '2.0', '1!0.5', '9007199254740993.0', '9007199254740992.0'];
const SUFFIXES = ['', 'a1', 'b2', 'rc1', '.dev0', '.post1', '.post1.dev2', 'a1.dev1', '+local', '+ubuntu.1', '.post2+x'];
const VERSIONS = RELEASES.flatMap((r) => SUFFIXES.map((s) => `${r}${s}`));
const PARSED = VERSIONS.map((t) => parseVersion(t)).sort(compareVersions).filter((v, i, all) => i === 0 || compareVersions(all[i - 1]!, v) !== 0);
const OPERATORS = ['<', '<=', '>', '>=', '==', '!=', '~=', '==*', '!=*', '==='];

function specifierText(operator: string, version: string): string | null {
  if (operator.endsWith('*')) return version.includes('+') || /a|b|rc|dev|post/.test(version) ? null : `${operator.slice(0, -1)}${version}.*`;
  if (operator === '~=' && (!version.includes('.') || version.includes('+'))) return null;
  if (operator !== '==' && operator !== '!=' && operator !== '===' && version.includes('+')) return null;
  return `${operator}${version}`;
}

describe('versionsAllowed', () => {
  it('equals testing every version with the specifier code', () => {
    const specifierArb = fc.tuple(fc.constantFrom(...OPERATORS), fc.constantFrom(...VERSIONS)).map(([op, v]) => specifierText(op, v));
    fc.assert(
      fc.property(fc.subarray(PARSED, { minLength: 1 }), fc.array(specifierArb, { minLength: 1, maxLength: 3 }), (versions, specifiers) => {
        const valid = specifiers.filter((s): s is string => s !== null);
        if (valid.length === 0) return;
        const specifier = parseSpecifierSet(valid.join(','));
        const set = versionsAllowed(versions, specifier);
        const wrong = versions.filter((v, i) => has(set, i) !== containsVersion(specifier, v, { prereleases: true }));
        expect(wrong.map((v) => `${v.text} in ${valid.join(',')}`)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps the quirks at the bound: <3.1 rejects 3.1.dev0, >3.1 rejects 3.1.post0 and 3.1+local', () => {
    const versions = ['3.0', '3.1.dev0', '3.1a1', '3.1', '3.1+local', '3.1.post0', '3.2'].map((t) => parseVersion(t));
    const allowed = (text: string) => versions.filter((_, i) => has(versionsAllowed(versions, parseSpecifierSet(text)), i)).map((v) => v.text);
    expect(allowed('<3.1')).toEqual(['3.0']);
    expect(allowed('>3.1')).toEqual(['3.2']);
    expect(allowed('<=3.1')).toEqual(['3.0', '3.1.dev0', '3.1a1', '3.1', '3.1+local']);
    expect(allowed('==3.1')).toEqual(['3.1', '3.1+local']);
    expect(allowed('!=3.1,>=3.1.dev0')).toEqual(['3.1.dev0', '3.1a1', '3.1.post0', '3.2']);
  });

  it('gives the Pythons each Requires-Python allows, on the known Python universe (the solver takes them so)', () => {
    // Sorted and without duplicates, as versionsAllowed needs: the `python` package's versions.
    for (const target of ['3.12', '3.7.1', '3.14.0b1', '2.7']) {
      const pythons = pythonVersionsWith(target).map((t) => parseVersion(t));
      pythons.forEach((v, i) => i > 0 && expect(compareVersions(pythons[i - 1]!, v), `${pythons[i - 1]!.text} < ${v.text}`).toBe(-1));
      for (const text of ['>=3.8', '>=3.6.*', '>=3.7,<4', '~=3.9', '!=3.0.*,!=3.1.*,!=3.2.*,>=2.7', '==3.10.*', '>3.7', '<3.11', '>=3.8.0b1', '===3.9.0', '>=3', '<=3.12.0a1', '!=3.12.1']) {
        let spec;
        try {
          spec = parseSpecifierSet(text);
        } catch {
          continue;
        }
        const set = versionsAllowed(pythons, spec);
        const wrong = pythons.filter((v, i) => has(set, i) !== containsVersion(spec, v, { prereleases: true }));
        expect(wrong.map((v) => `${v.text} in ${text}`)).toEqual([]);
      }
    }
  });

  it('equals the specifier code on generated releases, inside and outside what one number holds (epochs, 4,096, a fifth number)', () => {
    // Release numbers at the edges of the numeric keys (under 4,096, four numbers, epoch under 32)
    // and past them, with trailing zeros (1.0 is 1.0.0.0.0) and the suffixes of PEP 440's quirks.
    const numberArb = fc.constantFrom(0, 1, 2, 9, 4095, 4096, 5000, 2 ** 31);
    const versionArb = fc
      .tuple(fc.constantFrom(0, 0, 0, 1, 31, 32), fc.array(numberArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '', 'a1', '.post1', '.dev0', '+local'))
      .map(([epoch, release, suffix]) => `${epoch === 0 ? '' : `${epoch}!`}${release.join('.')}${suffix}`);
    const operatorArb = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
    fc.assert(
      fc.property(fc.array(versionArb, { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(operatorArb, versionArb), { minLength: 1, maxLength: 3 }), (texts, specs) => {
        const versions = texts
          .map((t) => parseVersion(t))
          .sort(compareVersions)
          .filter((v, i, all) => i === 0 || compareVersions(all[i - 1]!, v) !== 0);
        const valid = specs.map(([op, v]) => specifierText(op, v)).filter((t): t is string => t !== null);
        if (valid.length === 0) return;
        const specifier = parseSpecifierSet(valid.join(','));
        // A list searched often is searched by its keys, made at its eighth search: both ways are checked.
        for (let search = 0; search < 10; search++) {
          const set = versionsAllowed(versions, specifier);
          const wrong = versions.filter((v, i) => has(set, i) !== containsVersion(specifier, v, { prereleases: true }));
          expect(wrong.map((v) => `${v.text} in ${valid.join(',')} (search ${search})`)).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
