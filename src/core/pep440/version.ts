/**
 * PEP 440 versions: parse, normalise, order.
 *
 * - Spec: https://packaging.python.org/en/latest/specifications/version-specifiers/#version-scheme
 * - Reference implementation: packaging's `version.py` (`VERSION_PATTERN`, `Version`, `_cmpkey`).
 *
 * A version is plain data (it crosses structured clone and goes into IndexedDB unchanged);
 * the functions beside it read it. `formatVersion` gives packaging's `str(Version)`.
 *
 * Numbers are JavaScript numbers. Release, epoch, pre/post/dev and local numbers may have
 * more digits than a double holds exactly; ordering stays exact all the same: two doubles
 * that differ order their integers correctly (rounding is monotonic), and when two
 * numbers above 2^53 are equal as doubles, the comparison re-reads the exact digits from
 * `text` (see `exactOf`).
 */

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export type PreReleaseLabel = 'a' | 'b' | 'rc';

export interface Version {
  /**
   * The input as given (what `===` compares against). For versions made by this module's
   * functions, `parseVersion(text)` gives this version back; keep that true for
   * hand-made values, since numbers above 2^53 are read exactly from here.
   */
  readonly text: string;
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: readonly [PreReleaseLabel, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
  /** Lower-cased strings and numbers, as packaging's `Version.local` tuple. */
  readonly local: readonly (string | number)[] | null;
}

export class InvalidVersionError extends Error {
  override readonly name = 'InvalidVersionError';
  readonly input: string;
  /** 1-based, into `input`. */
  readonly column: number;
  /** Why the text is not a version, for a person. */
  readonly reason: string;

  constructor(input: string, column: number, reason: string) {
    super(`invalid version ${JSON.stringify(input)} at column ${column}: ${reason}`);
    this.input = input;
    this.column = column;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------
// Grammar: packaging's VERSION_PATTERN, built from named parts. `parseVersion` matches the
// whole pattern at once. Specifiers, and error messages, match the parts one at a time
// (sticky), to know where a version stops: each part is greedy and the parts after it never
// need what it took, so this finds the same versions as the whole pattern (alternatives are
// listed longest first, "alpha" before "a", for the same reason). The one exception, a '.'
// taken before the '*' of `==1.0a.*`, is handled in specifier.ts.
// Letters are ASCII only, in either case.
// ---------------------------------------------------------------------------------------

/** Surrounding whitespace is allowed (packaging strips it). */
const SPACE_SOURCE = '\\s*';

/** "Preceding v character": `v1.0` is `1.0`. */
const V_SOURCE = '[vV]';

/** Epoch: `N!` before the release, `1!2.0`. Defaults to 0. */
const EPOCH_SOURCE = '(?<epoch>[0-9]+)!';

/** Release: numbers separated by dots, `1`, `1.0`, `2024.10.3`. */
const RELEASE_SOURCE = '(?<release>[0-9]+(?:\\.[0-9]+)*)';

/**
 * Pre-release: optional separator, a label, optional separator, optional number.
 * `a`/`alpha`, `b`/`beta`, `rc`/`c`/`pre`/`preview`; `1.0-Alpha.2` is `1.0a2`, `1.0rc` is `1.0rc0`.
 */
const PRE_SOURCE = '(?<pre>[-_.]?(?<pre_l>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<pre_n>[0-9]+)?)';

/**
 * Post-release: either the implicit form `-N` (`1.0-1` is `1.0.post1`), or an optional
 * separator, `post`/`rev`/`r`, optional separator, optional number (`1.0r` is `1.0.post0`).
 */
const POST_SOURCE = '(?<post>-(?<post_n1>[0-9]+)|[-_.]?(?:post|rev|r)[-_.]?(?<post_n2>[0-9]+)?)';

/** Development release: optional separator, `dev`, optional separator, optional number. */
const DEV_SOURCE = '(?<dev>[-_.]?dev[-_.]?(?<dev_n>[0-9]+)?)';

/** Local version label: `+` then letters/digits in segments separated by `.`, `-` or `_`. */
const LOCAL_SOURCE = '\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*)';

/** The whole version in one pattern: the fast path of `parseVersion`. */
const VERSION = new RegExp(
  `^${SPACE_SOURCE}${V_SOURCE}?(?:${EPOCH_SOURCE})?${RELEASE_SOURCE}` +
    `${PRE_SOURCE}?${POST_SOURCE}?${DEV_SOURCE}?(?:${LOCAL_SOURCE})?${SPACE_SOURCE}$`,
  'i',
);

/** The same parts one at a time, to find where a version stops and tell why. */
const SPACE = new RegExp(SPACE_SOURCE, 'y');
const LEADING_V = new RegExp(V_SOURCE, 'y');
const EPOCH = new RegExp(EPOCH_SOURCE, 'y');
const RELEASE = new RegExp(RELEASE_SOURCE, 'y');
const PRE = new RegExp(PRE_SOURCE, 'iy');
const POST = new RegExp(POST_SOURCE, 'iy');
const DEV = new RegExp(DEV_SOURCE, 'iy');
const LOCAL = new RegExp(LOCAL_SOURCE, 'iy');

/** Where pre/post/dev spelling separators may appear. */
const SEPARATOR = /[-_.]/;
/** A word of letters, to name an unexpected segment in an error. */
const WORD = /[a-zA-Z]+/y;
/** A local segment that is a number. */
const DIGITS = /^[0-9]+$/;

function matchAt(re: RegExp, text: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(text);
}

// ---------------------------------------------------------------------------------------
// Scanning (internal, shared with specifier.ts)
// ---------------------------------------------------------------------------------------

/** @internal The named groups of the pattern; a part is present when its group is defined. */
export interface VersionGroups {
  readonly epoch?: string | undefined;
  readonly release: string;
  readonly pre?: string | undefined;
  readonly pre_l?: string | undefined;
  readonly pre_n?: string | undefined;
  readonly post?: string | undefined;
  readonly post_n1?: string | undefined;
  readonly post_n2?: string | undefined;
  readonly dev?: string | undefined;
  readonly dev_n?: string | undefined;
  readonly local?: string | undefined;
}

/** @internal A version found in a longer text, with where its parts are. */
export interface ScannedVersion {
  readonly groups: VersionGroups;
  /** Index where the version starts (at the `v` or first digit). */
  readonly start: number;
  /** Index just past the version. */
  readonly end: number;
  /** Index of the dev segment (its separator, if any), or -1. */
  readonly devAt: number;
  /** Index of the `+` of the local label, or -1. */
  readonly localAt: number;
}

/** @internal A scan that could not find a version: where (0-based) and why. */
export interface ScanFailure {
  readonly index: number;
  readonly reason: string;
}

const PRE_LABELS: Readonly<Record<string, PreReleaseLabel>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  rc: 'rc',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
};
const POST_LABELS: readonly string[] = ['post', 'rev', 'r'];

/**
 * @internal Reads a version starting at `start` (no leading whitespace) and stops where the
 * grammar ends; what follows is the caller's business (see `explainTrailing`).
 */
export function scanVersion(text: string, start: number): ScannedVersion | ScanFailure {
  const plainEnd = plainReleaseEnd(text, start);
  if (plainEnd > 0) return { groups: { release: text.slice(start, plainEnd) }, start, end: plainEnd, devAt: -1, localAt: -1 };
  let p = start;
  const v = matchAt(LEADING_V, text, p);
  if (v) p = LEADING_V.lastIndex;

  const e = matchAt(EPOCH, text, p);
  if (e) p = EPOCH.lastIndex;

  const r = matchAt(RELEASE, text, p);
  if (!r) return { index: p, reason: explainMissingRelease(text, p, v !== null, e?.[0] ?? null) };
  p = RELEASE.lastIndex;
  const groups: Record<string, string | undefined> = { ...e?.groups, ...r.groups };

  const pre = matchAt(PRE, text, p);
  if (pre) {
    Object.assign(groups, pre.groups);
    p = PRE.lastIndex;
  }
  const post = matchAt(POST, text, p);
  if (post) {
    Object.assign(groups, post.groups);
    p = POST.lastIndex;
  }
  let devAt = -1;
  const dev = matchAt(DEV, text, p);
  if (dev) {
    Object.assign(groups, dev.groups);
    devAt = p;
    p = DEV.lastIndex;
  }
  let localAt = -1;
  const local = matchAt(LOCAL, text, p);
  if (local) {
    Object.assign(groups, local.groups);
    localAt = p;
    p = LOCAL.lastIndex;
  }
  return { groups: groups as unknown as VersionGroups, start, end: p, devAt, localAt };
}

const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;
const isLetterCode = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);

/**
 * Where a version that is only a release (`1.26.4`) ends, when nothing after it could continue
 * it; -1 otherwise (then the parts are matched one by one). Most versions in real metadata are
 * plain releases, and this spares them seven sticky patterns and their named groups. Only a
 * letter (after an optional '.', '-' or '_'), '-', '+' or '!' can continue a release.
 */
function plainReleaseEnd(text: string, start: number): number {
  let p = start;
  if (!isDigitCode(text.charCodeAt(p))) return -1;
  for (;;) {
    while (isDigitCode(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 0x2e && isDigitCode(text.charCodeAt(p + 1))) p++;
    else break;
  }
  const next = text.charCodeAt(p);
  if (isLetterCode(next) || next === 0x2d || next === 0x5f || next === 0x2b || next === 0x21) return -1;
  if (next === 0x2e && isLetterCode(text.charCodeAt(p + 1))) return -1;
  return p;
}

/** A version that is a release and nothing else, without the pattern (see `plainReleaseEnd`). */
function plainRelease(text: string): Version | null {
  const release: number[] = [];
  const length = text.length;
  let p = 0;
  for (;;) {
    const start = p;
    let value = 0;
    for (let c = text.charCodeAt(p); isDigitCode(c); c = text.charCodeAt(++p)) value = value * 10 + (c - 0x30);
    if (p === start) return null;
    // Past 15 digits the sum may round differently from Number(), which rounds once.
    release.push(p - start > 15 ? Number(text.slice(start, p)) : value);
    if (p === length) break;
    if (text.charCodeAt(p) !== 0x2e) return null;
    p++;
  }
  return { text, epoch: 0, release, pre: null, post: null, dev: null, local: null };
}

/** @internal Tells a scan result from a failure. */
export function isScanFailure(r: ScannedVersion | ScanFailure): r is ScanFailure {
  return 'reason' in r;
}

/** The whole character at `p` (both halves of a surrogate pair, so an emoji is quoted as itself). */
export function characterAt(text: string, p: number): string | undefined {
  const code = text.codePointAt(p);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function quote(c: string): string {
  return /\s/.test(c) ? 'whitespace' : `'${c}'`;
}

function explainMissingRelease(text: string, p: number, hadV: boolean, epoch: string | null): string {
  const c = characterAt(text, p);
  if (epoch !== null) {
    return c === undefined
      ? `expected a release number after the epoch '${epoch}'`
      : `expected a release number after the epoch '${epoch}', found ${quote(c)}`;
  }
  if (hadV) {
    return c === undefined ? "expected a release number after 'v'" : `expected a release number after 'v', found ${quote(c)}`;
  }
  if (c === undefined) return p === 0 ? 'expected a version, found an empty string' : 'expected a version, found only whitespace';
  return `a version starts with a number (optionally after 'v' or an epoch 'N!'), found ${quote(c)}`;
}

/** What may follow the parts scanned so far, for "expected ..." messages. */
function expectedAfter(s: ScannedVersion): string {
  const g = s.groups;
  const parts: string[] = [];
  if (g.local !== undefined) {
    parts.push("a letter or digit after a local label separator ('.', '-', '_')");
  } else {
    const tail = g.pre !== undefined || g.post !== undefined || g.dev !== undefined;
    if (!tail) parts.push("'.' and a release number");
    if (!tail) parts.push('a pre-release (a1, b1, rc1)');
    if (g.post === undefined && g.dev === undefined) parts.push('a post-release (.post1)');
    if (g.dev === undefined) parts.push('a dev-release (.dev1)');
    parts.push("a local label ('+' and letters or digits)");
  }
  parts.push('the end');
  return `expected ${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

const WHITESPACE_INSIDE = 'unexpected whitespace: a version cannot contain spaces';

function segmentKind(word: string): 'pre' | 'post' | 'dev' | null {
  const w = word.toLowerCase();
  if (Object.hasOwn(PRE_LABELS, w)) return 'pre';
  if (POST_LABELS.includes(w)) return 'post';
  if (w === 'dev') return 'dev';
  return null;
}

/**
 * @internal Why the text at `p` (0-based), right after the scanned version `s`, cannot
 * continue it. `p` is where the failure is reported unless a more precise place is known.
 */
export function explainTrailing(text: string, p: number, s: ScannedVersion): ScanFailure {
  const g = s.groups;
  const c = characterAt(text, p)!;
  const next = characterAt(text, p + c.length);

  if (/\s/.test(c)) {
    return { index: p, reason: WHITESPACE_INSIDE };
  }
  if (c === '*' || (SEPARATOR.test(c) && next === '*')) {
    return {
      index: p,
      reason: "'.*' is not part of a version: prefix matching is written '.*' at the end of a == or != specifier",
    };
  }

  if (g.local !== undefined) {
    if (c === '+') return { index: p, reason: 'a version has at most one local label (one \'+\')' };
    if (SEPARATOR.test(c)) {
      return next === undefined
        ? { index: p, reason: `a local version label cannot end with '${c}'` }
        : { index: p, reason: `empty segment in the local version label: '${c}' must be followed by a letter or digit` };
    }
    return {
      index: p,
      reason: `${quote(c)} is not allowed in a local version label (ASCII letters, digits, '.', '-' and '_' are)`,
    };
  }

  if (c === '+') {
    return next === undefined
      ? { index: p, reason: "expected a local version label (letters or digits) after '+'" }
      : { index: p + 1, reason: `a local version label starts with an ASCII letter or digit, found ${quote(next)}` };
  }
  if (c === '!') {
    return /^[vV]?[0-9]+!/.test(text.slice(s.start))
      ? { index: p, reason: "a version has at most one epoch ('N!')" }
      : { index: p, reason: "an epoch is a single number before the release, as in '1!2.0'" };
  }

  const q = SEPARATOR.test(c) ? p + 1 : p;
  const w = matchAt(WORD, text, q);
  if (w) {
    const word = w[0];
    const kind = segmentKind(word);
    const later = g.post !== undefined ? 'post-release' : 'dev-release';
    switch (kind) {
      case 'pre':
        return g.pre !== undefined
          ? { index: q, reason: `a version has at most one pre-release segment; found another one, '${word}'` }
          : { index: q, reason: `the pre-release segment '${word}' must come before the ${later} segment` };
      case 'post':
        return g.post !== undefined
          ? { index: q, reason: `a version has at most one post-release segment; found another one, '${word}'` }
          : { index: q, reason: `the post-release segment '${word}' must come before the dev-release segment` };
      case 'dev':
        return { index: q, reason: `a version has at most one dev-release segment; found another one, '${word}'` };
      case null:
        return { index: q, reason: `unknown segment '${word}': ${expectedAfter(s)}` };
    }
  }

  if (SEPARATOR.test(c)) {
    if (next === undefined) return { index: p, reason: `a version cannot end with '${c}': ${expectedAfter(s)}` };
    if (/[0-9]/.test(next)) {
      return g.pre !== undefined || g.post !== undefined || g.dev !== undefined
        ? { index: p + 1, reason: 'release numbers must come before the pre-, post- and dev-release segments' }
        : { index: p, reason: `release numbers are separated by '.', not '${c}'` };
    }
    if (SEPARATOR.test(next)) return { index: p + 1, reason: `two separators in a row ('${c}${next}')` };
    if (/\s/.test(next)) return { index: p + 1, reason: WHITESPACE_INSIDE };
    return { index: p + 1, reason: `unexpected ${quote(next)} after '${c}': ${expectedAfter(s)}` };
  }
  return { index: p, reason: `unexpected ${quote(c)}: ${expectedAfter(s)}` };
}

// ---------------------------------------------------------------------------------------
// Parse and format
// ---------------------------------------------------------------------------------------

/** Where and why `text` (all of it) is not a version. */
function explainInvalid(text: string): ScanFailure {
  const s = scanVersion(text, matchAt(SPACE, text, 0) ? SPACE.lastIndex : 0);
  if (isScanFailure(s)) return s;
  // The pattern failed, so something other than whitespace follows what the parts took.
  matchAt(SPACE, text, s.end);
  return SPACE.lastIndex === text.length ? { index: s.end, reason: 'unexpected text' } : explainTrailing(text, s.end, s);
}

/** @internal The parts of a version, with numbers made by `num`. */
export function buildVersion<N>(g: VersionGroups, num: (digits: string) => N) {
  const pre: readonly [PreReleaseLabel, N] | null =
    g.pre === undefined ? null : [PRE_LABELS[g.pre_l!.toLowerCase()]!, num(g.pre_n ?? '0')];
  return {
    epoch: num(g.epoch ?? '0'),
    release: g.release.split('.').map(num),
    pre,
    post: g.post === undefined ? null : num(g.post_n1 ?? g.post_n2 ?? '0'),
    dev: g.dev === undefined ? null : num(g.dev_n ?? '0'),
    local: g.local === undefined ? null : g.local.split(/[-_.]/).map((part) => (DIGITS.test(part) ? num(part) : part.toLowerCase())),
  };
}

function fromGroups(text: string, g: VersionGroups): Version {
  return { text, ...buildVersion(g, Number) };
}

/** Parses a PEP 440 version, or throws `InvalidVersionError` saying why and where. */
export function parseVersion(text: string): Version {
  const plain = plainRelease(text);
  if (plain) return plain;
  const m = VERSION.exec(text);
  if (m) return fromGroups(text, m.groups as unknown as VersionGroups);
  const why = explainInvalid(text);
  throw new InvalidVersionError(text, why.index + 1, why.reason);
}

/** Parses a PEP 440 version, or gives null. */
export function tryParseVersion(text: string): Version | null {
  const plain = plainRelease(text);
  if (plain) return plain;
  const m = VERSION.exec(text);
  return m ? fromGroups(text, m.groups as unknown as VersionGroups) : null;
}

/** The canonical, normalised form: packaging's `str(Version)`, e.g. `1!2.0rc1.post2.dev3+abc.5`. */
export function formatVersion(v: Version): string {
  return render(precise(v), true, true);
}

function render(x: VersionLike, withTail: boolean, withLocal: boolean): string {
  let s = x.epoch === 0 ? '' : `${x.epoch}!`;
  s += x.release.join('.');
  if (withTail) {
    if (x.pre !== null) s += `${x.pre[0]}${x.pre[1]}`;
    if (x.post !== null) s += `.post${x.post}`;
    if (x.dev !== null) s += `.dev${x.dev}`;
  }
  if (withLocal && x.local !== null) s += `+${x.local.join('.')}`;
  return s;
}

// ---------------------------------------------------------------------------------------
// Properties and derived versions
// ---------------------------------------------------------------------------------------

/** A pre-release or a development release (packaging's `is_prerelease`). */
export function isPrerelease(v: Version): boolean {
  return v.pre !== null || v.dev !== null;
}

export function isPostRelease(v: Version): boolean {
  return v.post !== null;
}

export function isDevRelease(v: Version): boolean {
  return v.dev !== null;
}

/** The version without its local label (packaging's `public`); `v` itself when it has none. */
export function publicVersion(v: Version): Version {
  if (v.local === null) return v;
  return { ...v, text: render(precise(v), true, false), local: null };
}

/** Epoch and release only (packaging's `base_version`). */
export function baseVersion(v: Version): Version {
  return {
    text: render(precise(v), false, false),
    epoch: v.epoch,
    release: v.release,
    pre: null,
    post: null,
    dev: null,
    local: null,
  };
}

// ---------------------------------------------------------------------------------------
// Order: packaging's _cmpkey
//
//   (epoch, release without trailing zeros, pre, post, dev, local) where
//   pre  = -inf for a dev release with no pre and no post ("1.0.dev0" < "1.0a0"),
//          +inf for no pre, else (label, n) with a < b < rc;
//   post = -inf when absent; dev = +inf when absent;
//   local = -inf when absent, else segments with numbers above strings, strings by code
//           point, and a shorter label first when one is a prefix of the other.
// ---------------------------------------------------------------------------------------

/** @internal A number that may be exact beyond 2^53 (a bigint); `<` and `>` compare both kinds. */
export type Num = number | bigint;

/** @internal A version whose numbers may be bigints (see `exactOf`). */
export interface VersionLike {
  readonly epoch: Num;
  readonly release: readonly Num[];
  readonly pre: readonly [PreReleaseLabel, Num] | null;
  readonly post: Num | null;
  readonly dev: Num | null;
  readonly local: readonly (string | Num)[] | null;
}

/**
 * @internal Returned by comparisons that met two numbers above 2^53 that are equal as
 * doubles, where the order of the integers cannot be told from the doubles. It is not 0,
 * so `if (c !== 0) return c` passes it up; the caller compares `exactOf` the versions.
 */
export const AMBIGUOUS = 2;

/** Number.MAX_SAFE_INTEGER read once: unoptimised code (every CLI start) boxes it anew at each read of the property. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** @internal -1, 0, 1, or AMBIGUOUS. */
export function compareNum(a: Num, b: Num): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return typeof a === 'number' && a > MAX_SAFE ? AMBIGUOUS : 0;
}

/** @internal Release segments compared with zero padding (1.0 == 1.0.0). */
export function compareRelease(a: readonly Num[], b: readonly Num[]): number {
  const n = a.length > b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const c = compareNum(i < a.length ? a[i]! : 0, i < b.length ? b[i]! : 0);
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_RANK: Readonly<Record<PreReleaseLabel, number>> = { a: 1, b: 2, rc: 3 };
const DEV_ONLY_RANK = 0;
const NO_PRE_RANK = 4;

function preRank(v: VersionLike): number {
  if (v.pre !== null) return PRE_RANK[v.pre[0]];
  return v.post === null && v.dev !== null ? DEV_ONLY_RANK : NO_PRE_RANK;
}

function compareLocal(a: readonly (string | Num)[] | null, b: readonly (string | Num)[] | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xs = typeof x === 'string';
    const ys = typeof y === 'string';
    if (xs !== ys) return xs ? -1 : 1;
    const c = xs ? (x < y ? -1 : x > y ? 1 : 0) : compareNum(x, y as Num);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** @internal The _cmpkey order; with `withLocal` false, local labels are ignored. May give AMBIGUOUS. */
export function compareLike(a: VersionLike, b: VersionLike, withLocal: boolean): number {
  let c = compareNum(a.epoch, b.epoch);
  if (c !== 0) return c;
  c = compareRelease(a.release, b.release);
  if (c !== 0) return c;
  const ra = preRank(a);
  const rb = preRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.pre !== null && b.pre !== null) {
    c = compareNum(a.pre[1], b.pre[1]);
    if (c !== 0) return c;
  }
  if (a.post === null) {
    if (b.post !== null) return -1;
  } else {
    if (b.post === null) return 1;
    c = compareNum(a.post, b.post);
    if (c !== 0) return c;
  }
  if (a.dev === null) {
    if (b.dev !== null) return 1;
  } else {
    if (b.dev === null) return -1;
    c = compareNum(a.dev, b.dev);
    if (c !== 0) return c;
  }
  return withLocal ? compareLocal(a.local, b.local) : 0;
}

/** Total order of PEP 440 (packaging's `_cmpkey`): negative, 0 or positive. */
export function compareVersions(a: Version, b: Version): number {
  const c = compareLike(a, b, true);
  return c === AMBIGUOUS ? compareExactly(a, b, true) : c;
}

/** @internal `compareVersions` of the public versions (local labels ignored). */
export function comparePublic(a: Version, b: Version): number {
  const c = compareLike(a, b, false);
  return c === AMBIGUOUS ? compareExactly(a, b, false) : c;
}

/** @internal Same epoch and release (packaging's `Version(a.base_version) == Version(b.base_version)`). */
export function sameBase(a: Version, b: Version): boolean {
  return compareBase(a, b) === 0;
}

/** Epoch and release only (pre, post, dev and local ignored), in the order of `compareVersions`: -1, 0 or 1. */
export function compareBase(a: Version, b: Version): number {
  let c = compareNum(a.epoch, b.epoch);
  if (c === 0) c = compareRelease(a.release, b.release);
  if (c === AMBIGUOUS) {
    const x = exactOf(a);
    const y = exactOf(b);
    c = compareNum(x.epoch, y.epoch);
    if (c === 0) c = compareRelease(x.release, y.release);
  }
  return c === AMBIGUOUS ? 0 : c;
}

/**
 * `v`'s epoch and release, cut (or zero padded) to the length of `prefix`'s release, compared
 * with `prefix`'s: 0 for every version `==prefix.*` names by its release. In a sorted list the
 * versions a prefix names sit together, so callers find them by binary search. Exact above 2^53.
 */
export function compareReleasePrefix(v: Version, prefix: Version): number {
  let c = comparePrefixOf(v, prefix);
  if (c === AMBIGUOUS) c = comparePrefixOf(exactOf(v), exactOf(prefix));
  return c === AMBIGUOUS ? 0 : c;
}

function comparePrefixOf(v: VersionLike, prefix: VersionLike): number {
  const c = compareNum(v.epoch, prefix.epoch);
  if (c !== 0) return c;
  for (let i = 0; i < prefix.release.length; i++) {
    const d = compareNum(i < v.release.length ? v.release[i]! : 0, prefix.release[i]!);
    if (d !== 0) return d;
  }
  return 0;
}

function compareExactly(a: Version, b: Version, withLocal: boolean): number {
  const c = compareLike(exactOf(a), exactOf(b), withLocal);
  // Still ambiguous only for hand-made versions whose text does not match their numbers.
  return c === AMBIGUOUS ? 0 : c;
}

// ---------------------------------------------------------------------------------------
// Exact numbers
// ---------------------------------------------------------------------------------------

function isSafe(n: number): boolean {
  return n <= MAX_SAFE;
}

function allSafe(v: Version): boolean {
  if (!isSafe(v.epoch)) return false;
  for (const n of v.release) if (!isSafe(n)) return false;
  if (v.pre !== null && !isSafe(v.pre[1])) return false;
  if (v.post !== null && !isSafe(v.post)) return false;
  if (v.dev !== null && !isSafe(v.dev)) return false;
  if (v.local !== null) for (const x of v.local) if (typeof x === 'number' && !isSafe(x)) return false;
  return true;
}

function exactNum(s: string): Num {
  const n = Number(s);
  return isSafe(n) ? n : BigInt(s);
}

/**
 * @internal `v` with every number above 2^53 as an exact bigint, read again from `v.text`.
 * When the text does not parse to the same shape (a hand-made version), `v` itself.
 */
export function exactOf(v: Version): VersionLike {
  if (allSafe(v)) return v;
  const m = VERSION.exec(v.text);
  if (!m) return v;
  const exact = buildVersion(m.groups as unknown as VersionGroups, exactNum);
  if (exact.release.length !== v.release.length || (exact.local?.length ?? -1) !== (v.local?.length ?? -1)) return v;
  return exact;
}

/** `v`, or its exact form when it has numbers above 2^53. */
function precise(v: Version): VersionLike {
  return allSafe(v) ? v : exactOf(v);
}
