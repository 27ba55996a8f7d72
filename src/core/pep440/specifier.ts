/**
 * PEP 440 version specifiers: parse, format, compile to predicates.
 *
 * - Spec: https://packaging.python.org/en/latest/specifications/version-specifiers/#version-specifiers
 * - Reference implementation: packaging's `specifiers.py` (`Specifier`, `SpecifierSet`).
 *
 * Specifiers are plain data, kept as written; `compileSpecifierSet` parses their versions
 * once and gives a predicate that does no string work per call (except `===`, which is
 * string equality by definition).
 *
 * Where the reference implementation and the spec part ways:
 * - A wildcard may follow a pre- or post-release (`==1.0a1.*`, `==1.0.post1.*`), as the spec
 *   and packaging 21.3 allow (packaging >= 22 rejects it). Such a prefix matches when the
 *   releases are equal with zero padding and the specifier's pre/post segments begin the
 *   candidate's pre/post/dev segments: `==1.0a1.*` matches `1.0.0a1` and `1.0a1.post2`,
 *   not `1.0a10` nor `1.0.1a1`.
 * - `===` compares, ignoring case, with the version's text as given (`Version.text`),
 *   which is the spec's "simple string equality".
 * - Empty items in a set (`>=1,,<2`, `>=1,`) are skipped, as packaging's `SpecifierSet` does.
 * - `<V` and `>V` read "a pre-release / post-release / local version of V" as "of V's
 *   release" (packaging 21.3 to 25, pip, uv): `<2.0.post1` rejects `2.0a1`, `>1.0a1` rejects
 *   `1.0.post1` and `1.0+local`. packaging 26 reads it as "of V itself" and accepts those.
 * - Wildcards compare parsed numbers, so `==02.*` and `~=V03.0` work as `==2.*` and `~=3.0`
 *   (packaging 21.3 compared the spellings).
 */

import {
  AMBIGUOUS,
  characterAt,
  InvalidVersionError,
  compareNum,
  comparePublic,
  compareRelease,
  compareVersions,
  exactOf,
  explainTrailing,
  isPrerelease,
  isScanFailure,
  parseVersion,
  sameBase,
  scanVersion,
  tryParseVersion,
  type Version,
  type VersionLike,
} from './version.ts';

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export type Operator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface Specifier {
  readonly operator: Operator;
  /** As written, without surrounding whitespace and without a trailing `.*`. */
  readonly version: string;
  /** `==1.0.*` / `!=1.0.*`: prefix matching. */
  readonly wildcard: boolean;
}

/** All specifiers must hold; no specifiers means any version. */
export interface SpecifierSet {
  readonly specifiers: readonly Specifier[];
}

export class InvalidSpecifierError extends Error {
  override readonly name = 'InvalidSpecifierError';
  readonly input: string;
  /** 1-based, into `input` (the whole set for `parseSpecifierSet`). */
  readonly column: number;
  readonly reason: string;

  constructor(input: string, column: number, reason: string) {
    super(`invalid version specifier ${JSON.stringify(input)} at column ${column}: ${reason}`);
    this.input = input;
    this.column = column;
    this.reason = reason;
  }
}

export type VersionPredicate = (v: Version) => boolean;

// ---------------------------------------------------------------------------------------
// Grammar: packaging's Specifier regex, in parts. The version itself is version.ts's scanner.
// ---------------------------------------------------------------------------------------

const SPACE = /\s*/y;

/**
 * The operator at `p`, longest first so `===` is not read as `==`: by character code, since a
 * regular expression's match allocates, and a walk back through boto3 parses a line per release.
 */
function operatorAt(text: string, p: number): Operator | null {
  const c = text.charCodeAt(p);
  const equalsNext = text.charCodeAt(p + 1) === 0x3d;
  switch (c) {
    case 0x3d: // =
      if (!equalsNext) return null;
      return text.charCodeAt(p + 2) === 0x3d ? '===' : '==';
    case 0x7e: // ~
      return equalsNext ? '~=' : null;
    case 0x21: // !
      return equalsNext ? '!=' : null;
    case 0x3c: // <
      return equalsNext ? '<=' : '<';
    case 0x3e: // >
      return equalsNext ? '>=' : '>';
    default:
      return null;
  }
}

/** `===` takes any text up to whitespace, `,`, `;` or `)` (PEP 508 delimiters). */
const ARBITRARY = /[^\s,;)]+/y;


const OPERATOR_LIST = "~=, ==, !=, <=, >=, <, > or ===";

function matchAt(re: RegExp, text: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(text);
}

/** After the whitespace (JavaScript's `\s`) at p: ASCII by character code, the rest by SPACE (an exec allocates its match). */
function skipSpace(text: string, p: number): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) p++;
    else if (c >= 0x80) {
      SPACE.lastIndex = p;
      SPACE.exec(text);
      return SPACE.lastIndex;
    } else return p;
  }
}

function fail(text: string, index: number, reason: string): never {
  throw new InvalidSpecifierError(text, index + 1, reason);
}

function allowsLocalAndWildcard(op: Operator): boolean {
  return op === '==' || op === '!=';
}

/** Reads one specifier at `p` (after whitespace); gives it and the index just past it. */
function scanSpecifier(text: string, p: number): { spec: Specifier; end: number } {
  const operator = operatorAt(text, p);
  if (operator === null) {
    const c = characterAt(text, p);
    if (c === undefined) fail(text, p, `expected a specifier: an operator (${OPERATOR_LIST}) and a version`);
    if (c === '=') fail(text, p, "'=' is not an operator; did you mean '=='?");
    if (/[0-9]/.test(c)) fail(text, p, `expected an operator (${OPERATOR_LIST}) before the version`);
    fail(text, p, `expected an operator (${OPERATOR_LIST}), found '${c}'`);
  }
  const start = skipSpace(text, p + operator.length);

  if (operator === '===') {
    const a = matchAt(ARBITRARY, text, start);
    if (!a) fail(text, start, "expected a string to compare with after '==='");
    return { spec: { operator, version: a[0], wildcard: false }, end: ARBITRARY.lastIndex };
  }

  if (text[start] === undefined) fail(text, start, `expected a version after '${operator}'`);
  const s = scanVersion(text, start);
  if (isScanFailure(s)) fail(text, s.index, s.reason);
  const g = s.groups;
  // `==1.0a.*`: the scanner took the '.' as the optional separator before an absent
  // pre-release number; it belongs to the '.*' (the single pattern would backtrack to it).
  const versionEnd = text[s.end - 1] === '.' && text[s.end] === '*' ? s.end - 1 : s.end;
  const version = text.slice(start, versionEnd);

  // Prefix matching: `.*` right after the version.
  const wildcard = text.charCodeAt(versionEnd) === 0x2e && text.charCodeAt(versionEnd + 1) === 0x2a;
  const end = wildcard ? versionEnd + 2 : versionEnd;

  if (wildcard) {
    if (!allowsLocalAndWildcard(operator)) {
      fail(text, versionEnd, `'.*' (prefix matching) is only allowed with == and !=, not with '${operator}'`);
    }
    if (g.local !== undefined) fail(text, versionEnd, "'.*' cannot follow a local version label");
    if (g.dev !== undefined) fail(text, versionEnd, "'.*' cannot follow a dev-release segment");
  }
  if (g.local !== undefined && !allowsLocalAndWildcard(operator)) {
    fail(text, s.localAt, `a local version label ('+...') is only allowed with == and !=, not with '${operator}'`);
  }
  if (operator === '~=' && !g.release.includes('.')) {
    fail(text, start, `'~=' needs a version with at least two release numbers, as in '~=${g.release}.0'`);
  }

  const c = text[end];
  if (c !== undefined && !/[\s,]/.test(c)) {
    if (wildcard) fail(text, end, "nothing may follow '.*'");
    const why = explainTrailing(text, end, s);
    fail(text, why.index, why.reason);
  }
  return { spec: { operator, version, wildcard }, end };
}

// ---------------------------------------------------------------------------------------
// Parse and format
// ---------------------------------------------------------------------------------------

/** Parses one specifier such as `>=1.0` or `== 2.1.*`, or throws `InvalidSpecifierError`. */
export function parseSpecifier(text: string): Specifier {
  const { spec, end } = scanSpecifier(text, skipSpace(text, 0));
  const after = skipSpace(text, end);
  if (after < text.length) {
    fail(text, after, text[after] === ',' ? "a single specifier cannot contain ','; this is a set" : 'unexpected text after the specifier');
  }
  return spec;
}

/**
 * Parses a comma-separated set such as `>=1.0, <2`, whitespace tolerant; `''` is the empty
 * set (any version). Error columns point into the whole text.
 */
export function parseSpecifierSet(text: string): SpecifierSet {
  const specifiers: Specifier[] = [];
  let p = skipSpace(text, 0);
  while (p < text.length) {
    if (text[p] === ',') {
      p = skipSpace(text, p + 1);
      continue;
    }
    const { spec, end } = scanSpecifier(text, p);
    specifiers.push(spec);
    p = skipSpace(text, end);
    if (p >= text.length) break;
    if (text[p] !== ',') {
      fail(
        text,
        p,
        operatorAt(text, p) !== null || text[p] === '='
          ? "expected ',' between specifiers"
          : "expected ',' or the end after the specifier (a version cannot contain spaces)",
      );
    }
    p = skipSpace(text, p + 1);
  }
  return { specifiers };
}

/** The specifier as written: operator, version, and `.*` for a wildcard. */
export function formatSpecifier(s: Specifier): string {
  return `${s.operator}${s.version}${s.wildcard ? '.*' : ''}`;
}

/** The specifiers joined by `,`, e.g. `>=1.0,<2`; `''` for the empty set. */
export function formatSpecifierSet(set: SpecifierSet): string {
  return set.specifiers.map(formatSpecifier).join(',');
}

// ---------------------------------------------------------------------------------------
// Pre-release policy
// ---------------------------------------------------------------------------------------

const LETTER = /[A-Za-z]/;

function versionIsPrerelease(s: Specifier): boolean {
  // Pre- and dev-releases are spelled with letters (a, b, rc, dev, alpha...): most specifier
  // versions have none, and are not parsed (pip's policy asks this of every requirement met).
  if (!LETTER.test(s.version)) return false;
  const v = tryParseVersion(s.version);
  return v !== null && isPrerelease(v);
}

/** packaging's "inclusive" operators, whose pre-release version lets pre-releases in. */
function isInclusive(op: Operator): boolean {
  switch (op) {
    case '==':
    case '>=':
    case '<=':
    case '~=':
    case '===':
      return true;
    case '!=':
    case '<':
    case '>':
      return false;
  }
}

/**
 * packaging 21.3 / pip 23.2: the set allows pre-releases when any specifier with
 * ==, >=, <=, ~= or === names a pre-release (`==1.0a1.*` counts, the `.*` dropped).
 */
export function specifierSetAllowsPrereleases(set: SpecifierSet): boolean {
  return set.specifiers.some((s) => isInclusive(s.operator) && versionIsPrerelease(s));
}

/** uv: the set names a pre-release with any operator. */
export function specifierSetMentionsPrerelease(set: SpecifierSet): boolean {
  return set.specifiers.some(versionIsPrerelease);
}

// ---------------------------------------------------------------------------------------
// Compile
// ---------------------------------------------------------------------------------------

/**
 * Prefix match of `v` against the wildcard version `s` (which has no dev or local part):
 * true, false, or undefined when numbers above 2^53 left it undecided.
 */
function prefixMatch(v: VersionLike, s: VersionLike): boolean | undefined {
  let undecided = false;
  const decide = (c: number): boolean => {
    if (c === AMBIGUOUS) undecided = true;
    return c === 0 || c === AMBIGUOUS;
  };
  if (!decide(compareNum(v.epoch, s.epoch))) return false;
  if (s.pre === null && s.post === null) {
    // Release only: the candidate's release, zero padded, starts with the specifier's.
    for (let i = 0; i < s.release.length; i++) {
      if (!decide(compareNum(i < v.release.length ? v.release[i]! : 0, s.release[i]!))) return false;
    }
  } else {
    // The releases are equal, and the specifier's [pre, post] begin the candidate's [pre, post, dev].
    if (!decide(compareRelease(v.release, s.release))) return false;
    if (s.pre !== null) {
      if (v.pre === null || v.pre[0] !== s.pre[0] || !decide(compareNum(v.pre[1], s.pre[1]))) return false;
      if (s.post !== null && (v.post === null || !decide(compareNum(v.post, s.post)))) return false;
    } else if (v.pre !== null || v.post === null || !decide(compareNum(v.post, s.post!))) {
      return false;
    }
  }
  return undecided ? undefined : true;
}

function compilePrefix(sv: Version): VersionPredicate {
  const exact = exactOf(sv);
  return (v) => prefixMatch(v, sv) ?? prefixMatch(exactOf(v), exact) ?? true;
}

function compileEqual(sv: Version, wildcard: boolean): VersionPredicate {
  if (wildcard) return compilePrefix(sv);
  // Without a local label in the specifier, the candidate's local label is ignored.
  return sv.local === null ? (v) => comparePublic(v, sv) === 0 : (v) => compareVersions(v, sv) === 0;
}

/** A predicate for one specifier: pure membership, no pre-release filter. */
export function compileSpecifier(spec: Specifier): VersionPredicate {
  // Hand-made specifiers get the same checks as parsed ones.
  const s = parseSpecifier(formatSpecifier(spec));
  if (s.operator === '===') {
    const target = s.version.toLowerCase();
    return (v) => v.text.length >= target.length && v.text.trim().toLowerCase() === target;
  }
  const sv = parseVersion(s.version);
  switch (s.operator) {
    case '==':
      return compileEqual(sv, s.wildcard);
    case '!=': {
      const equal = compileEqual(sv, s.wildcard);
      return (v) => !equal(v);
    }
    case '<=':
      return (v) => comparePublic(v, sv) <= 0;
    case '>=':
      return (v) => comparePublic(v, sv) >= 0;
    case '<': {
      // <V excludes pre-releases of V's release unless V is a pre-release: <3.1 rejects 3.1.dev0.
      const specIsPre = isPrerelease(sv);
      return (v) => compareVersions(v, sv) < 0 && (specIsPre || !isPrerelease(v) || !sameBase(v, sv));
    }
    case '>': {
      // >V excludes post-releases of V's release unless V is a post-release, and local
      // versions of V's release: >3.1 rejects 3.1.post0 and 3.1+local.
      const specIsPost = sv.post !== null;
      return (v) =>
        compareVersions(v, sv) > 0 &&
        (specIsPost || v.post === null || !sameBase(v, sv)) &&
        (v.local === null || !sameBase(v, sv));
    }
    case '~=': {
      // ~=V.N is >=V.N together with ==V.*, ignoring V.N's pre/post/dev segments.
      const prefix = compilePrefix({
        text: compatiblePrefix(s.version),
        epoch: sv.epoch,
        release: sv.release.slice(0, -1),
        pre: null,
        post: null,
        dev: null,
        local: null,
      });
      return (v) => comparePublic(v, sv) >= 0 && prefix(v);
    }
  }
}

/** The text of `~=`'s prefix version (epoch and release but the last), kept exact: `1!2.3` for `~=1!2.3.4rc1`. */
export function compatiblePrefix(version: string): string {
  const s = scanVersion(version, 0);
  if (isScanFailure(s)) throw new InvalidVersionError(version, s.index + 1, s.reason);
  const { epoch, release } = s.groups;
  const prefix = release.slice(0, release.lastIndexOf('.'));
  return epoch === undefined ? prefix : `${epoch}!${prefix}`;
}

interface Compiled {
  readonly predicate: VersionPredicate;
  readonly allowsPrereleases: boolean;
}

/** Sets are immutable data; each is compiled once. */
const compiled = new WeakMap<SpecifierSet, Compiled>();

function compiledOf(set: SpecifierSet): Compiled {
  let c = compiled.get(set);
  if (c === undefined) {
    c = { predicate: buildSetPredicate(set), allowsPrereleases: specifierSetAllowsPrereleases(set) };
    compiled.set(set, c);
  }
  return c;
}

function buildSetPredicate(set: SpecifierSet): VersionPredicate {
  const ps = set.specifiers.map(compileSpecifier);
  switch (ps.length) {
    case 0:
      return () => true;
    case 1:
      return ps[0]!;
    case 2: {
      const [a, b] = ps as [VersionPredicate, VersionPredicate];
      return (v) => a(v) && b(v);
    }
    default:
      return (v) => {
        for (const p of ps) if (!p(v)) return false;
        return true;
      };
  }
}

/**
 * Pure set membership: packaging's `SpecifierSet.contains(v, prereleases=True)`, every
 * rule of PEP 440 except the global pre-release filter. Compiled once per set object.
 */
export function compileSpecifierSet(set: SpecifierSet): VersionPredicate {
  return compiledOf(set).predicate;
}

/**
 * packaging's `SpecifierSet.contains(v, prereleases)`. With `prereleases` undefined, a
 * pre-release is contained only when the set allows pre-releases
 * (`specifierSetAllowsPrereleases`); the empty set allows none.
 */
export function containsVersion(set: SpecifierSet, v: Version, options?: { prereleases?: boolean }): boolean {
  const c = compiledOf(set);
  const prereleases = options?.prereleases ?? c.allowsPrereleases;
  if (!prereleases && isPrerelease(v)) return false;
  return c.predicate(v);
}
