/**
 * Property tests against the oracle, @renovatebot/pep440 (v4), on generated versions and
 * specifiers in varied spellings.
 *
 * Where the oracle is wrong, the case is named by a predicate below that says how and
 * cites the spec (https://packaging.python.org/en/latest/specifications/version-specifiers/);
 * only those cases are excluded, and where the oracle's answer is predictable, the test
 * checks that it is (so the predicate cannot silently hide more than it says).
 */
import { clean, compare, satisfies, valid, validRange } from '@renovatebot/pep440';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  compileSpecifierSet,
  containsVersion,
  formatVersion,
  isPrerelease,
  parseSpecifierSet,
  parseVersion,
  specifierSetAllowsPrereleases,
  tryParseVersion,
  type Specifier,
  type SpecifierSet,
  type Version,
} from '../../../src/core/pep440/index.ts';
import { maybeVersionText, specifierSetText, versionText } from './arbitraries.ts';

/** PEP440_RUNS=100000 for a longer search. */
const RUNS = { numRuns: Number(process.env['PEP440_RUNS'] ?? 4000) };

// ---------------------------------------------------------------------------------------
// The oracle's bugs, each a named predicate
// ---------------------------------------------------------------------------------------

/**
 * The oracle turns local segments into numbers with JavaScript's Number(), so "1e5",
 * "0x1f", "0b1" and "Infinity" become 100000, 31, 1 and Infinity. Spec, "Local version
 * identifiers": a segment is compared as an integer only when it "consists solely of ASCII
 * digits", otherwise lexicographically as a string (packaging: `part.isdigit()`).
 */
function oracleReadsLocalSegmentAsNumber(text: string): boolean {
  const plus = text.indexOf('+');
  if (plus < 0) return false;
  return text
    .slice(plus + 1)
    .trim()
    .split(/[-_.]/)
    .some((part) => !/^[0-9]+$/.test(part) && !Number.isNaN(Number(part)));
}

/**
 * The oracle's `clean` writes a local label with `${array}`, which joins its segments with
 * ',' ("1.0+abc,1"). Spec, "Local version identifiers" / "Normalization": segments are
 * joined with '.'. The adapter puts the dots back; nothing is excluded.
 */
function oracleCleanWithDots(text: string): string | null {
  const c = clean(text);
  if (c === null) return null;
  const plus = c.indexOf('+');
  return plus < 0 ? c : c.slice(0, plus) + c.slice(plus).replaceAll(',', '.');
}

/**
 * The oracle accepts `==1.0.dev0.*` (and `.dev.*`): it rejects a wildcard after a dev
 * segment by testing the dev *number* for truthiness, and 0 is falsy. Spec, "Version
 * matching": a prefix match containing a development release is invalid.
 */
function oracleAcceptsWildcardAfterDevZero(text: string): boolean {
  return text.split(',').some((item) => {
    const m = /^\s*(?:==|!=)\s*(.*)\.\*\s*$/.exec(item);
    const v = m ? tryParseVersion(m[1]!) : null;
    return v !== null && v.dev === 0;
  });
}

/**
 * The oracle reads an `===` value that looks like a version as one, and then rejects
 * `===1.0+abc.*` and `===1.0.dev1.*` by the wildcard rules of `==`. Spec, "Arbitrary
 * equality": the value is any string, compared as a string (packaging: `[^\s;)]*`).
 */
function oracleRejectsArbitraryWildcard(text: string): boolean {
  return text.split(',').some((item) => {
    const m = /^\s*===\s*(.*)\.\*\s*$/.exec(item);
    const v = m ? tryParseVersion(m[1]!) : null;
    return v !== null && (v.local !== null || (v.dev !== null && v.dev !== 0));
  });
}

/**
 * The oracle rejects a set with an empty item (`>=1,,<2`, `>=1,`); packaging's
 * `SpecifierSet` skips them, as we do (PyPI metadata has `requires_python = ">=3.6,"`).
 */
function hasEmptyItem(text: string): boolean {
  return text.trim() !== '' && text.split(',').some((item) => item.trim() === '');
}

function releaseEqual(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
  return true;
}

/**
 * For `<V` and `>V` the oracle rejects every candidate whose release equals V's (zero
 * padded, epoch ignored); its own comment calls this "a simplified version". Spec,
 * "Exclusive ordered comparison": `<V` only excludes pre-releases of V (unless V is one),
 * `>V` only post-releases (unless V is one) and local versions of V, so `>1.0a1` contains
 * `1.0`, `>1.0.post1` contains `1.0.post2`, `<1.0.post1` contains `1.0`, `<1!1.0`
 * contains `1.0`. The oracle answers false in these cases, which is checked.
 */
function oracleRejectsSameRelease(s: Specifier, spec: Version, v: Version): boolean {
  return (s.operator === '<' || s.operator === '>') && releaseEqual(v.release, spec.release);
}

/**
 * The oracle ignores the pre- and post-release segments of a wildcard version:
 * `==1.0a1.*` matches `1.0b2` there. Spec, "Version matching": prefix matching compares
 * the segments given, "additional trailing segments will be ignored".
 */
function oracleIgnoresWildcardTail(s: Specifier, spec: Version): boolean {
  return s.wildcard && (spec.pre !== null || spec.post !== null);
}

/**
 * The oracle's prefix match does not zero-pad the candidate: `==1.0.*` does not match `1`
 * there, nor does `~=1.0.0` (whose prefix is `1.0.*`). Spec, "Version matching": "If the
 * specified version includes only a release segment, then trailing components (or the lack
 * thereof) in the release segment are also ignored", and "Final releases" zero padding.
 */
function oracleDoesNotPadPrefix(s: Specifier, spec: Version, v: Version): boolean {
  if (s.wildcard) return v.release.length < spec.release.length;
  return s.operator === '~=' && v.release.length < spec.release.length - 1;
}

/**
 * When the candidate has a local label, the oracle compares public versions even if the
 * specifier has a local label too: `==1.0+abc` matches `1.0+def` there. Spec, "Version
 * matching": only a specifier *without* a local label ignores the candidate's.
 */
function oracleDropsSpecifierLocal(s: Specifier, spec: Version, v: Version): boolean {
  return (s.operator === '==' || s.operator === '!=') && !s.wildcard && spec.local !== null && v.local !== null;
}

/**
 * For `===`, when the candidate has a local label, the oracle compares the normalised
 * public versions: `===1.0` matches `1.0+abc`. Spec, "Arbitrary equality": "simple string
 * equality operations", no normalisation, local label included.
 */
function oracleArbitraryDropsLocal(s: Specifier, v: Version): boolean {
  return s.operator === '===' && v.local !== null;
}

/**
 * The oracle's default pre-release filter is per specifier: each specifier lets a
 * pre-release through only if its own version is a pre-release, whatever its operator.
 * packaging's `SpecifierSet.prereleases` (21.3, used by pip 23.2) is true when *any*
 * specifier with ==, >=, <=, ~= or === names a pre-release; spec, "Handling of
 * pre-releases", leaves the default to the tool. We follow packaging; where the two
 * filters differ for a pre-release candidate, the case is excluded.
 */
function oraclePrereleaseFilterDiffers(set: SpecifierSet, v: Version): boolean {
  if (!isPrerelease(v)) return false;
  const oracleAllows =
    set.specifiers.length > 0 &&
    set.specifiers.every((s) => {
      const sv = tryParseVersion(s.version);
      return sv !== null && isPrerelease(sv);
    });
  return oracleAllows !== specifierSetAllowsPrereleases(set);
}

/** Why the oracle's membership answer is not to be trusted for `v`, or null. */
function oracleMembershipBug(set: SpecifierSet, v: Version): string | null {
  if (oracleReadsLocalSegmentAsNumber(v.text)) return 'local segment read as number';
  for (const s of set.specifiers) {
    if (s.operator === '===') {
      if (oracleArbitraryDropsLocal(s, v)) return '=== drops local';
      continue;
    }
    if (oracleReadsLocalSegmentAsNumber(s.version)) return 'local segment read as number';
    const spec = parseVersion(s.version);
    if (oracleRejectsSameRelease(s, spec, v)) return 'same release';
    if (oracleIgnoresWildcardTail(s, spec)) return 'wildcard tail';
    if (oracleDoesNotPadPrefix(s, spec, v)) return 'prefix not padded';
    if (oracleDropsSpecifierLocal(s, spec, v)) return 'specifier local dropped';
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------

describe('versions against the oracle', () => {
  it('accepts exactly what the oracle accepts', () => {
    fc.assert(
      fc.property(maybeVersionText, (text) => {
        const ours = tryParseVersion(text) !== null;
        expect(ours).toBe(clean(text) !== null);
        if (text.trim() === text) expect(ours).toBe(valid(text) !== null);
      }),
      RUNS,
    );
  });

  it('normalises as the oracle does', () => {
    fc.assert(
      fc.property(versionText(), fc.constantFrom('', ' ', '\t'), (text, space) => {
        fc.pre(!oracleReadsLocalSegmentAsNumber(text));
        expect(formatVersion(parseVersion(space + text + space))).toBe(oracleCleanWithDots(text));
      }),
      RUNS,
    );
  });

  it('orders as the oracle does', () => {
    fc.assert(
      fc.property(versionText(), versionText(), (x, y) => {
        fc.pre(!oracleReadsLocalSegmentAsNumber(x) && !oracleReadsLocalSegmentAsNumber(y));
        expect(Math.sign(compareVersions(parseVersion(x), parseVersion(y)))).toBe(Math.sign(compare(x, y)));
      }),
      RUNS,
    );
  });

  it('is a total order consistent with the canonical form', () => {
    fc.assert(
      fc.property(versionText(), versionText(), versionText(), (x, y, z) => {
        const [a, b, c] = [x, y, z].map(parseVersion) as [Version, Version, Version];
        expect(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a))).toBe(0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        // Equal versions have the same canonical form once trailing release zeros go.
        const key = (v: Version) => formatVersion({ ...v, release: trimZeros(v.release), text: '' });
        expect(compareVersions(a, b) === 0).toBe(key(a) === key(b));
        // The canonical form parses back to an equal version.
        expect(compareVersions(parseVersion(formatVersion(a)), a)).toBe(0);
      }),
      RUNS,
    );
  });
});

function trimZeros(release: readonly number[]): number[] {
  const r = [...release];
  while (r.length > 1 && r[r.length - 1] === 0) r.pop();
  return r;
}

// ---------------------------------------------------------------------------------------
// Specifiers
// ---------------------------------------------------------------------------------------

/** Candidates, and a set whose `===` specifiers sometimes name one of them. */
const setAndCandidates = fc
  .array(versionText(), { minLength: 1, maxLength: 6 })
  .chain((candidates) =>
    fc.tuple(fc.constant(candidates), specifierSetText(fc.oneof(fc.constantFrom(...candidates), versionText()))),
  );

describe('specifiers against the oracle', () => {
  it('accepts generated specifier sets, as the oracle does', () => {
    fc.assert(
      fc.property(specifierSetText(), (text) => {
        expect(() => parseSpecifierSet(text)).not.toThrow();
        expect(validRange(text)).toBe(true);
      }),
      RUNS,
    );
  });

  it('accepts exactly what the oracle accepts, on edited specifier sets', () => {
    const edited = fc
      .tuple(specifierSetText(), fc.nat(), fc.constantFrom('', '.', '*', '.*', '+a', ',', ' ', '=', '<', '~', 'dev', 'a1', '!'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
      });
    fc.assert(
      fc.property(edited, (text) => {
        fc.pre(!hasEmptyItem(text) && !oracleAcceptsWildcardAfterDevZero(text) && !oracleRejectsArbitraryWildcard(text));
        let ours = true;
        try {
          parseSpecifierSet(text);
        } catch {
          ours = false;
        }
        expect(ours).toBe(validRange(text));
      }),
      RUNS,
    );
  });

  it('contains the versions the oracle says it contains, with pre-releases allowed', () => {
    let compared = 0;
    let total = 0;
    fc.assert(
      fc.property(setAndCandidates, ([candidates, text]) => {
        const set = parseSpecifierSet(text);
        const contains = compileSpecifierSet(set);
        for (const c of candidates) {
          total++;
          const v = parseVersion(c);
          const oracle = satisfies(c, text, { prereleases: true });
          const bug = oracleMembershipBug(set, v);
          if (bug === 'same release') {
            expect(oracle, `${c} in ${text}`).toBe(false);
          } else if (bug === null) {
            expect(contains(v), `${c} in ${text}`).toBe(oracle);
            compared++;
          }
        }
      }),
      RUNS,
    );
    // The exclusions stay narrow: most cases are compared.
    expect(compared / total).toBeGreaterThan(0.75);
  });

  it('applies the default pre-release filter as the oracle does, where the two filters agree', () => {
    let compared = 0;
    let total = 0;
    fc.assert(
      fc.property(setAndCandidates, ([candidates, text]) => {
        const set = parseSpecifierSet(text);
        for (const c of candidates) {
          total++;
          const v = parseVersion(c);
          const oracle = satisfies(c, text);
          const bug = oracleMembershipBug(set, v);
          if (oraclePrereleaseFilterDiffers(set, v)) continue;
          if (bug === 'same release') {
            expect(oracle, `${c} in ${text}`).toBe(false);
          } else if (bug === null) {
            expect(containsVersion(set, v), `${c} in ${text}`).toBe(oracle);
            compared++;
          }
        }
      }),
      RUNS,
    );
    // Most exclusions here are the two pre-release filters differing, by design.
    expect(compared / total).toBeGreaterThan(0.6);
  });

  it("the oracle's option is `prereleases`; `includePrerelease` (semver's name) is ignored", () => {
    const options = { includePrerelease: true } as unknown as { prereleases?: boolean };
    expect(satisfies('1.5a1', '>=1.0', options)).toBe(false);
    expect(satisfies('1.5a1', '>=1.0', { prereleases: true })).toBe(true);
    expect(containsVersion(parseSpecifierSet('>=1.0'), parseVersion('1.5a1'), { prereleases: true })).toBe(true);
  });
});

describe('the documented oracle bugs are real', () => {
  // Each predicate above excludes cases; these show the oracle does get them wrong.
  it.each([
    ['1.0+1e5', '1.0+100000'],
    ['1.0+abc.1', '1.0+abc,1'],
  ])('clean(%s) = %s', (input, wrong) => {
    expect(clean(input)).toBe(wrong);
  });

  it('compare reads "1e5" as a number', () => {
    expect(compare('1.0+1e5', '1.0+abc')).toBeGreaterThan(0);
    expect(compareVersions(parseVersion('1.0+1e5'), parseVersion('1.0+abc'))).toBeLessThan(0);
  });

  it.each([
    // [version, specifier, prereleases option, the oracle's wrong answer]
    ['1.0', '>1.0a1', true, false],
    ['1.0.post2', '>1.0.post1', true, false],
    ['1.0', '<1.0.post1', true, false],
    ['1.0', '<1!1.0', true, false],
    ['1.0b2', '==1.0a1.*', true, true],
    ['1', '==1.0.*', true, false],
    ['1', '~=1.0.0', true, false],
    ['1.0+def', '==1.0+abc', true, true],
    ['1.0+abc', '===1.0', true, true],
    ['1.5a1', '>=1.0a1,<2', undefined, false],
  ] as const)('satisfies(%s, %j, prereleases: %s) is %s', (version, spec, prereleases, wrong) => {
    const options = prereleases === undefined ? {} : { prereleases };
    expect(satisfies(version, spec, options)).toBe(wrong);
    expect(containsVersion(parseSpecifierSet(spec), parseVersion(version), options)).toBe(!wrong);
  });

  it('the oracle accepts a wildcard after dev0 and rejects empty items', () => {
    expect(validRange('==1.0.dev0.*')).toBe(true);
    expect(() => parseSpecifierSet('==1.0.dev0.*')).toThrow();
    expect(validRange('>=1,')).toBe(false);
    expect(parseSpecifierSet('>=1,').specifiers).toHaveLength(1);
    expect(validRange('===1.0+abc.*')).toBe(false);
    expect(parseSpecifierSet('===1.0+abc.*').specifiers).toEqual([{ operator: '===', version: '1.0+abc.*', wildcard: false }]);
  });
});
