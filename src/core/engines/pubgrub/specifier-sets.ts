/**
 * solver.md § Term (a version constraint, here a set over the known versions): the versions of
 * a package that a specifier set allows, as a version set, without testing
 * every version against every specifier: a project with a thousand releases meets hundreds of
 * distinct ranges (each boto3 release pins its own botocore range).
 *
 * Exact under PEP 440's quirks: for `<`, `<=`, `>`, `>=`, `==` and `!=` (without `.*`) a
 * version whose epoch and release differ from the specifier's is in or out by that order alone
 * (before the specifier's release for `<`/`<=`, after it for `>`/`>=`, never for `==`); only
 * the versions that share the specifier's epoch and release (its pre-, post-, dev- and local
 * versions, where the quirks live: `<3.1` rejects 3.1.dev0, `>3.1` rejects 3.1.post0) are
 * tested, with the specifier's own predicate. In the sorted version list those sit together,
 * found by binary search. `==V.*` and `!=V.*` (V a release) name a run of versions too, those
 * whose epoch and zero-padded release begin with V's, and `~=V.N` is `>=V.N` within the run
 * `==V.*`: found by binary search as well (Requires-Python is mostly made of these). Only
 * `===` and wildcards after a pre- or post-release test every version.
 */
import {
  compareBase,
  compareReleasePrefix,
  compareVersions,
  compatiblePrefix,
  compileSpecifier,
  formatSpecifier,
  parseVersion,
  type Specifier,
  type SpecifierSet,
  type Version,
  type VersionPredicate,
} from '../../pep440/index.ts';
import { fillRange, fullSet, intersect, newSet, setFromPredicate, type VersionSet } from './version-set.ts';

interface CompiledSpecifier {
  readonly specifier: Specifier;
  /** The specifier's own predicate, compiled when first needed. */
  predicate: VersionPredicate | null;
  /** The specifier's version for the operators sorted by range, else null. */
  readonly version: Version | null;
  readonly operator: string;
  /** The release whose run of versions a wildcard (`==`, `!=`) or `~=` names, else null. */
  readonly prefix: Version | null;
  /** For `~=V.N`: `>=V.N`, the rest of its meaning. */
  readonly lowerBound: CompiledSpecifier | null;
  /** `baseKey` of `version`, or -1. */
  readonly versionKey: number;
}

function predicateOf(c: CompiledSpecifier): VersionPredicate {
  return (c.predicate ??= compileSpecifier(c.specifier));
}

/** Operators that allow their own version exactly. */
const INCLUSIVE = new Set(['<=', '>=', '==']);

/** Specifier text -> predicate and version: specifiers are few and repeat across projects (one cache per resolve, see `versionsAllowed`). */
export type CompiledSpecifiers = Map<string, CompiledSpecifier>;
const RANGED = new Set(['<', '<=', '>', '>=', '==', '!=']);

/**
 * A specifier's key in CompiledSpecifiers, made once per parsed specifier: a parsed requirement
 * is shared by every release that lists its line, so the boto3 walk's 1,400 lookups no longer
 * make and hash the same text again and again (a kept string keeps its hash).
 */
const specifierKeys = new WeakMap<Specifier, string>();

function compiled(cache: CompiledSpecifiers, spec: Specifier): CompiledSpecifier {
  let text = specifierKeys.get(spec);
  if (text === undefined) specifierKeys.set(spec, (text = formatSpecifier(spec) + (spec.wildcard ? '*' : '')));
  let entry = cache.get(text);
  if (!entry) {
    const ranged = RANGED.has(spec.operator) && !spec.wildcard;
    let prefix: Version | null = null;
    let lowerBound: CompiledSpecifier | null = null;
    if (spec.wildcard) {
      const version = parseVersion(spec.version);
      // `==1.0a1.*` matches by its pre- or post-release too: tested version by version.
      if (version.pre === null && version.post === null && version.dev === null && version.local === null) prefix = version;
    } else if (spec.operator === '~=') {
      // ~=V.N is >=V.N together with ==V.* (V.N's pre/post/dev segments play no part in the prefix).
      prefix = parseVersion(compatiblePrefix(spec.version));
      lowerBound = compiled(cache, { operator: '>=', version: spec.version, wildcard: false });
    }
    const version = ranged ? parseVersion(spec.version) : null;
    entry = { specifier: spec, predicate: null, version, operator: spec.operator, prefix, lowerBound, versionKey: version === null ? -1 : baseKey(version) };
    cache.set(text, entry);
  }
  return entry;
}

/**
 * First index in [lo, n) whose version compares to `version` at least `atLeast` (0 or 1) by
 * `compare`: compareBase (epoch and release) or compareReleasePrefix (a wildcard's run).
 */
function firstFrom(versions: readonly Version[], version: Version, atLeast: number, compare: (a: Version, b: Version) => number, lo = 0): number {
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(versions[mid]!, version) >= atLeast) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A version's epoch and first four release numbers as one number, in compareBase's order
 * without its last distinctions (zero padding included: 1.0 and 1.0.0 are one key), when they
 * fit: an epoch under 32 and numbers under 4,096, 53 bits in all; else -1. Then the binary
 * searches compare numbers, not versions (a third of a set's cost over botocore's releases,
 * once making the set itself was cheap).
 * Versions that differ only past the fourth number share a key: they fall in the run that
 * oneSpecifier tests one by one, so the key need only never contradict compareBase.
 */
function baseKey(v: Version): number {
  if (!(v.epoch >= 0 && v.epoch < 32)) return -1;
  let key = v.epoch;
  for (let i = 0; i < KEY_SEGMENTS; i++) {
    const n = i < v.release.length ? v.release[i]! : 0;
    if (!(n >= 0 && n < KEY_SEGMENT_LIMIT)) return -1;
    key = key * KEY_SEGMENT_LIMIT + n;
  }
  return key;
}

const KEY_SEGMENTS = 4;
const KEY_SEGMENT_LIMIT = 4096;

/**
 * Per sorted version list: every version's baseKey, or null when one does not fit; before that,
 * how many searches it had. The keys are made at the eighth: a project asked about once or twice
 * (most of them, on a cold start) is searched in fewer steps than making its keys takes.
 */
const baseKeyLists = new WeakMap<readonly Version[], Float64Array | null | number>();
const SEARCHES_BEFORE_KEYS = 8;

function baseKeysOf(versions: readonly Version[]): Float64Array | null {
  let keys = baseKeyLists.get(versions);
  if (typeof keys === 'number' || keys === undefined) {
    const searches = (keys ?? 0) + 1;
    if (searches < SEARCHES_BEFORE_KEYS) {
      baseKeyLists.set(versions, searches);
      return null;
    }
    keys = new Float64Array(versions.length);
    for (let i = 0; i < versions.length; i++) {
      const key = baseKey(versions[i]!);
      if (key < 0) {
        keys = null;
        break;
      }
      keys[i] = key;
    }
    baseKeyLists.set(versions, keys);
  }
  return keys;
}

/** `firstFrom` by compareBase, over the versions' keys. */
function firstFromKey(keys: Float64Array, key: number, atLeast: number, lo = 0): number {
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (atLeast === 0 ? k >= key : k > key) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The versions (sorted ascending) that one specifier allows. */
function oneSpecifier(versions: readonly Version[], c: CompiledSpecifier): VersionSet {
  const size = versions.length;
  if (c.prefix !== null) {
    // [start, end): the run the prefix names.
    const start = firstFrom(versions, c.prefix, 0, compareReleasePrefix);
    const end = firstFrom(versions, c.prefix, 1, compareReleasePrefix, start);
    const set = newSet((size + 31) >>> 5);
    if (c.operator === '!=') {
      fillRange(set, 0, start);
      fillRange(set, end, size);
      return set;
    }
    fillRange(set, start, end);
    return c.lowerBound ? intersect(set, oneSpecifier(versions, c.lowerBound)) : set;
  }
  if (c.version === null) {
    const predicate = predicateOf(c);
    return setFromPredicate(size, (i) => predicate(versions[i]!));
  }
  // [start, end): the versions with the specifier's epoch and release (by key: with its first four numbers).
  const keys = c.versionKey >= 0 ? baseKeysOf(versions) : null;
  const start = keys ? firstFromKey(keys, c.versionKey, 0) : firstFrom(versions, c.version, 0, compareBase);
  const end = keys ? firstFromKey(keys, c.versionKey, 1, start) : firstFrom(versions, c.version, 1, compareBase, start);
  const below = c.operator === '<' || c.operator === '<=' || c.operator === '!=';
  const above = c.operator === '>' || c.operator === '>=' || c.operator === '!=';
  const set = newSet((size + 31) >>> 5);
  if (below) fillRange(set, 0, start);
  // The specifier's own version (equal in every segment) needs no predicate: in for <=, >=, ==.
  const own = INCLUSIVE.has(c.operator);
  for (let i = start; i < end; i++) {
    const version = versions[i]!;
    const allowed = compareVersions(version, c.version) === 0 ? own : predicateOf(c)(version);
    if (allowed) set[i >>> 5]! |= 1 << (i & 31);
  }
  if (above) fillRange(set, end, size);
  return set;
}

/**
 * The versions (sorted ascending, no two equal) that every specifier of `specifier` allows,
 * pre-releases included. `cache` keeps compiled specifiers; a run passes its own.
 */
export function versionsAllowed(versions: readonly Version[], specifier: SpecifierSet, cache: CompiledSpecifiers = new Map()): VersionSet {
  const specs = specifier.specifiers;
  if (specs.length === 0) return fullSet(versions.length);
  // Each specifier's set is new, so the first is narrowed in place by the others.
  const set = oneSpecifier(versions, compiled(cache, specs[0]!));
  for (let i = 1; i < specs.length; i++) {
    const next = oneSpecifier(versions, compiled(cache, specs[i]!));
    for (let w = 0; w < set.length; w++) set[w]! &= next[w]!;
  }
  return set;
}
