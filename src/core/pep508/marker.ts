/**
 * Environment markers: parse, format, evaluate.
 *
 * - PEP 508 "Environment Markers": https://peps.python.org/pep-0508/#environment-markers
 * - PyPA spec (living text): https://packaging.python.org/en/latest/specifications/dependency-specifiers/
 * - Reference implementation: packaging's `_parser.py` / `markers.py` (>= 22).
 *
 * A marker is plain data (a tagged union), so it crosses the worker boundary and goes
 * into IndexedDB unchanged. Parsing is a hand-written recursive descent; nothing is
 * ever evaluated as code.
 */

import {
  containsVersion,
  parseSpecifierSet,
  tryParseVersion,
  type SpecifierSet,
  type Version,
} from '../pep440/index.ts';
import { normalizeExtra } from './names.ts';

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

/**
 * Values of the marker variables for one target environment. Keys are the canonical
 * variable names (`python_version`, `sys_platform`, ...). A missing key reads as "".
 */
export type MarkerEnvironment = Readonly<Record<string, string>>;

export type MarkerValue =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string };

export type MarkerOperator = '==' | '!=' | '<=' | '>=' | '<' | '>' | '~=' | '===' | 'in' | 'not in';

export type Marker =
  | { readonly kind: 'and' | 'or'; readonly left: Marker; readonly right: Marker }
  | {
      readonly kind: 'compare';
      readonly left: MarkerValue;
      readonly op: MarkerOperator;
      readonly right: MarkerValue;
    };

/** A marker that can't be parsed: where (1-based column into `input`) and why. */
export class InvalidMarkerError extends Error {
  override readonly name = 'InvalidMarkerError';
  constructor(
    readonly input: string,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${reason} at column ${column}`);
  }
}

// ---------------------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------------------

/** The canonical marker variables (PEP 508), plus `extra`. */
const CANONICAL_VARIABLES = [
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
] as const;

/**
 * Spellings that old metadata uses (PEP 345 / setuptools era), accepted as packaging
 * accepts them and mapped to the canonical name.
 */
const LEGACY_ALIASES: Readonly<Record<string, string>> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

const VARIABLES: ReadonlyMap<string, string> = new Map<string, string>([
  ...CANONICAL_VARIABLES.map((name): [string, string] => [name, name]),
  ...Object.entries(LEGACY_ALIASES),
]);

/** Marker variables of PEP 751 lock files; named in the error so the reason is clear. */
const LOCK_FILE_VARIABLES = new Set(['extras', 'dependency_groups']);

/** CPython 3.12.0 on Linux x86_64; release and kernel version unknown (""). */
export function defaultMarkerEnvironment(): MarkerEnvironment {
  return {
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
  };
}

// ---------------------------------------------------------------------------------------
// Parsing
//
//   marker      = or_expr
//   or_expr     = and_expr ( 'or' and_expr )*          -- 'and' binds tighter than 'or'
//   and_expr    = atom ( 'and' atom )*
//   atom        = '(' marker ')' | comparison
//   comparison  = value operator value
//   value       = variable | quoted_string             -- either side may be either
//   variable    = python_version | os_name | ... | legacy alias (os.name, ...)
//   operator    = '===' | '==' | '~=' | '!=' | '<=' | '>=' | '<' | '>' | 'in' | 'not' ws 'in'
//   quoted      = '"' [^"]* '"' | "'" [^']* "'"        -- taken verbatim, no escapes (PEP 508
//                                                         allows no backslash in strings)
//   ws          = [ \t]*                               -- between any two tokens
//
// Binary nodes are left-associative: `a or b or c` is or(or(a, b), c).
// ---------------------------------------------------------------------------------------

/**
 * Bounds on what the parser accepts, far above any real marker: the parser recurses once per
 * parenthesis, and a marker is a tree as deep as it has comparisons, which structured clone
 * (the worker boundary, IndexedDB) and JSON copy recursively.
 */
export const MAX_MARKER_NESTING = 100;
export const MAX_MARKER_COMPARISONS = 1000;

/** Parse a whole marker expression, e.g. `python_version < "3.8" and extra == "socks"`. */
export function parseMarker(text: string): Marker {
  const parser = new MarkerParser(text, 0);
  parser.skipSpace();
  if (parser.atEnd()) parser.fail('expected a marker expression, found nothing');
  return parser.parseToEnd();
}

/**
 * Parse the marker that runs from `start` to the end of `source` (used for the part of a
 * requirement after `;`). Errors carry columns into the whole `source`.
 * @internal shared with requirement.ts, not part of the public surface.
 */
export function parseMarkerFrom(source: string, start: number): Marker {
  return new MarkerParser(source, start).parseToEnd();
}

/** Characters of a bare word: variable names (with legacy dots) and keywords. */
const WORD_CHAR = /[A-Za-z0-9_.-]/;
/** The keyword boundary packaging uses (`\b`): the next character is not a word character. */
const IDENT_CHAR = /[A-Za-z0-9_]/;

/** Longest first, so `===` wins over `==` and `<=` over `<`. */
const SYMBOL_OPERATORS = ['===', '==', '~=', '!=', '<=', '>=', '<', '>'] as const;

class MarkerParser {
  private pos: number;
  private depth = 0;
  private comparisons = 0;

  constructor(
    private readonly source: string,
    start: number,
  ) {
    this.pos = start;
  }

  parseToEnd(): Marker {
    const marker = this.parseOr();
    this.skipSpace();
    if (!this.atEnd()) {
      const ch = this.source[this.pos];
      if (ch === ')') this.fail("unmatched ')' in marker");
      this.fail(`expected 'and', 'or' or the end of the marker, found ${this.describeHere()}`);
    }
    return marker;
  }

  fail(reason: string, at: number = this.pos): never {
    throw new InvalidMarkerError(this.source, at + 1, reason);
  }

  atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  skipSpace(): void {
    // Character codes, not a regular expression per character: this runs over every space.
    for (let c = this.source.charCodeAt(this.pos); c === 0x20 || c === 0x09; c = this.source.charCodeAt(++this.pos));
  }

  // or_expr = and_expr ( 'or' and_expr )*
  private parseOr(): Marker {
    let left = this.parseAnd();
    while (this.keyword('or')) {
      const right = this.parseAnd();
      left = { kind: 'or', left, right };
    }
    return left;
  }

  // and_expr = atom ( 'and' atom )*
  private parseAnd(): Marker {
    let left = this.parseAtom();
    while (this.keyword('and')) {
      const right = this.parseAtom();
      left = { kind: 'and', left, right };
    }
    return left;
  }

  // atom = '(' marker ')' | comparison
  private parseAtom(): Marker {
    this.skipSpace();
    if (this.source[this.pos] !== '(') return this.parseComparison();
    const open = this.pos++;
    if (++this.depth > MAX_MARKER_NESTING) this.fail(`markers nest at most ${MAX_MARKER_NESTING} parentheses deep`, open);
    const inner = this.parseOr();
    this.depth--;
    this.skipSpace();
    if (this.source[this.pos] !== ')') {
      if (this.atEnd()) this.fail("unclosed '(' in marker", open);
      this.fail(`expected 'and', 'or' or ')' in marker, found ${this.describeHere()}`);
    }
    this.pos++;
    return inner;
  }

  // comparison = value operator value
  private parseComparison(): Marker {
    if (++this.comparisons > MAX_MARKER_COMPARISONS) this.fail(`a marker holds at most ${MAX_MARKER_COMPARISONS} comparisons`);
    const left = this.parseValue(null);
    const op = this.parseOperator(left);
    const right = this.parseValue(op);
    return { kind: 'compare', left: normalizeExtraLiteral(left, right), op, right: normalizeExtraLiteral(right, left) };
  }

  // value = variable | quoted_string
  private parseValue(after: MarkerOperator | null): MarkerValue {
    this.skipSpace();
    const start = this.pos;
    const ch = this.source[this.pos];
    if (ch === '"' || ch === "'") {
      const close = this.source.indexOf(ch, start + 1);
      if (close < 0) this.fail(`unclosed ${ch} in marker string`, start);
      this.pos = close + 1;
      return { kind: 'literal', value: this.source.slice(start + 1, close) };
    }
    const word = this.readWord();
    if (word === '') {
      const wanted = 'a marker variable (like python_version) or a quoted string';
      if (after !== null) this.fail(`expected ${wanted} after '${after}', found ${this.describeHere()}`);
      this.fail(`expected ${wanted}, found ${this.describeHere()}`);
    }
    const canonical = VARIABLES.get(word);
    if (canonical !== undefined) return { kind: 'variable', name: canonical };
    if (LOCK_FILE_VARIABLES.has(word)) {
      this.fail(`marker variable '${word}' is only defined in lock files (PEP 751)`, start);
    }
    const guess = closestVariable(word);
    const shown = excerpt(word);
    if (guess === null && (after !== null || /^[0-9]/.test(word))) {
      this.fail(`marker values must be quoted: write "${shown}" instead of ${shown}`, start);
    }
    this.fail(`unknown marker variable '${shown}'${guess ? ` (did you mean '${guess}'?)` : ''}`, start);
  }

  // operator = '===' | '==' | '~=' | '!=' | '<=' | '>=' | '<' | '>' | 'in' | 'not' ws 'in'
  private parseOperator(left: MarkerValue): MarkerOperator {
    this.skipSpace();
    for (const op of SYMBOL_OPERATORS) {
      if (this.source.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    if (this.keyword('in')) return 'in';
    const notAt = this.pos;
    if (this.keyword('not')) {
      const afterNot = this.pos;
      this.skipSpace();
      if (this.pos === afterNot || !this.keyword('in')) this.fail("expected 'in' after 'not'", notAt);
      return 'not in';
    }
    if (this.source[this.pos] === '=') this.fail("'=' is not a marker operator; did you mean '=='?");
    const what = left.kind === 'variable' ? left.name : `"${left.value}"`;
    this.fail(
      `expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in) after ${what}, found ${this.describeHere()}`,
    );
  }

  /** Consume `word` if it comes next (after spaces) as a whole word. */
  private keyword(word: string): boolean {
    this.skipSpace();
    if (!this.source.startsWith(word, this.pos)) return false;
    const next = this.source[this.pos + word.length];
    if (next !== undefined && IDENT_CHAR.test(next)) return false;
    this.pos += word.length;
    return true;
  }

  private readWord(): string {
    const start = this.pos;
    while (this.pos < this.source.length && WORD_CHAR.test(this.source[this.pos]!)) this.pos++;
    return this.source.slice(start, this.pos);
  }

  private describeHere(): string {
    if (this.atEnd()) return 'the end';
    let end = this.pos;
    while (end < this.source.length && WORD_CHAR.test(this.source[end]!)) end++;
    // A lone character is quoted whole, an emoji included (not half of a surrogate pair).
    const token = end > this.pos ? this.source.slice(this.pos, end) : String.fromCodePoint(this.source.codePointAt(this.pos)!);
    return `'${excerpt(token)}'`;
  }
}

/** At most `max` characters of untrusted text, for a message. */
export function excerpt(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** packaging normalises the literal compared with `extra` when parsing (PEP 685). */
function normalizeExtraLiteral(value: MarkerValue, other: MarkerValue): MarkerValue {
  if (value.kind === 'literal' && other.kind === 'variable' && other.name === 'extra') {
    return { kind: 'literal', value: normalizeExtra(value.value) };
  }
  return value;
}

const LONGEST_VARIABLE = Math.max(...CANONICAL_VARIABLES.map((name) => name.length));

/** A known variable within edit distance 2 of a misspelt one, for the error message. */
function closestVariable(word: string): string | null {
  // Lengths further apart than the distance allowed can't be within it: skip long words unread.
  if (word.length > LONGEST_VARIABLE + 2) return null;
  let best: string | null = null;
  let bestDistance = 3;
  for (const name of CANONICAL_VARIABLES) {
    if (Math.abs(word.length - name.length) >= bestDistance) continue;
    const d = editDistance(word.toLowerCase().replace(/[.-]/g, '_'), name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, with an adjacent swap counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

/**
 * The canonical text: canonical variable names, double-quoted literals (single quotes
 * when the value holds a double quote), one space around operators, parentheses only
 * where needed so that `parseMarker(formatMarker(m))` gives back `m` exactly.
 */
export function formatMarker(m: Marker): string {
  // Iterative (an explicit stack), so no tree is too deep to print.
  type Binary = Extract<Marker, { kind: 'and' | 'or' }>;
  const frames: { node: Binary; parent: 'and' | 'or' | null; isRight: boolean; left: string | null }[] = [];
  let node: Marker = m;
  let parent: 'and' | 'or' | null = null;
  let isRight = false;
  for (;;) {
    while (node.kind !== 'compare') {
      frames.push({ node, parent, isRight, left: null });
      parent = node.kind;
      isRight = false;
      node = node.left;
    }
    let text = `${formatValue(node.left)} ${node.op} ${formatValue(node.right)}`;
    for (;;) {
      const top = frames.at(-1);
      if (!top) return text;
      if (top.left === null) {
        top.left = text;
        parent = top.node.kind;
        isRight = true;
        node = top.node.right;
        break;
      }
      frames.pop();
      text = `${top.left} ${top.node.kind} ${text}`;
      // `or` under `and` needs parentheses for precedence; a right child of the same kind
      // needs them to keep the tree's shape (the parser nests to the left).
      if ((top.parent === 'and' && top.node.kind === 'or') || (top.parent === top.node.kind && top.isRight)) text = `(${text})`;
    }
  }
}

function formatValue(v: MarkerValue): string {
  if (v.kind === 'variable') return v.name;
  return v.value.includes('"') ? `'${v.value}'` : `"${v.value}"`;
}

/** The canonical names of the variables a marker reads (`extra` included). */
export function markerVariables(m: Marker): ReadonlySet<string> {
  const found = new Set<string>();
  const pending: Marker[] = [m];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind === 'compare') {
      if (node.left.kind === 'variable') found.add(node.left.name);
      if (node.right.kind === 'variable') found.add(node.right.name);
    } else {
      pending.push(node.right, node.left);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------

/**
 * Evaluate a marker for an environment and the extras requested of the distribution.
 *
 * `extra` as pip uses it: with no extras the marker is evaluated once with `extra` = "";
 * otherwise once per requested extra (normalised, PEP 685) and the result is true if any
 * evaluation is. So `extra == "socks"` holds iff "socks" is requested, and
 * `extra != "socks"` holds with no extras. (An `extra` key in `env` is used when no
 * extras are passed.)
 *
 * A variable missing from `env` reads as "" instead of failing, so partial
 * environments work.
 */
export function evaluateMarker(m: Marker, env: MarkerEnvironment, extras?: readonly string[]): boolean {
  if (extras === undefined || extras.length === 0) {
    return evaluateNode(m, env, normalizeExtra(env['extra'] ?? ''));
  }
  return extras.some((extra) => evaluateNode(m, env, normalizeExtra(extra)));
}

/** Left to right with short-circuits, on an explicit stack so that no tree is too deep. */
function evaluateNode(root: Marker, env: MarkerEnvironment, extra: string): boolean {
  const frames: { node: Extract<Marker, { kind: 'and' | 'or' }>; leftDone: boolean }[] = [];
  let node: Marker = root;
  for (;;) {
    while (node.kind !== 'compare') {
      frames.push({ node, leftDone: false });
      node = node.left;
    }
    let value = evaluateComparison(node, env, extra);
    for (;;) {
      const top = frames.at(-1);
      if (!top) return value;
      // A left side that settles the node (false under `and`, true under `or`) is its value.
      if (!top.leftDone && value === (top.node.kind === 'or')) {
        frames.pop();
        continue;
      }
      if (!top.leftDone) {
        top.leftDone = true;
        node = top.node.right;
        break;
      }
      frames.pop();
    }
  }
}

function evaluateComparison(m: Extract<Marker, { kind: 'compare' }>, env: MarkerEnvironment, extra: string): boolean {
  const comparesExtra =
    (m.left.kind === 'variable' && m.left.name === 'extra') || (m.right.kind === 'variable' && m.right.name === 'extra');
  const read = (v: MarkerValue): string => {
    if (v.kind === 'literal') return comparesExtra ? normalizeExtra(v.value) : v.value;
    return v.name === 'extra' ? extra : (env[v.name] ?? '');
  };
  return compare(read(m.left), m.op, read(m.right));
}

/**
 * One comparison, as packaging evaluates it:
 *
 * - `in` / `not in`: substring test, `lhs in rhs`.
 * - `===`: arbitrary equality, i.e. case-insensitive string equality.
 * - other operators: if `op + rhs` is a valid PEP 440 specifier and `lhs` a valid
 *   version, the result is `Specifier(op + rhs).contains(lhs, prereleases=True)`.
 *   This holds for every variable (as the PEP 508 text and packaging 22–25 say;
 *   packaging 26 restricts it to the four version-valued variables).
 * - otherwise strings are compared. `==` / `!=` are string (in)equality. The spec says to
 *   fall back to Python's operators, which would order strings lexicographically;
 *   we follow packaging 26 instead: `<=` / `>=` hold when the strings are equal, `<` / `>`
 *   and `~=` are false. Never an exception: a marker that compares non-versions with an
 *   ordering operator is simply not satisfied.
 */
function compare(lhs: string, op: MarkerOperator, rhs: string): boolean {
  switch (op) {
    case 'in':
      return rhs.includes(lhs);
    case 'not in':
      return !rhs.includes(lhs);
    case '===':
      return lhs.toLowerCase() === rhs.toLowerCase();
    default:
      break;
  }
  const specifier = cachedSpecifier(op, rhs);
  const version = specifier && cachedVersion(lhs);
  if (specifier && version) return containsVersion(specifier, version, { prereleases: true });
  switch (op) {
    case '==':
    case '<=':
    case '>=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    default:
      return false;
  }
}

// Markers repeat the same few literals across thousands of requirements; parse each once.
const CACHE_LIMIT = 10_000;
const specifierCache = new Map<string, SpecifierSet | null>();
const versionCache = new Map<string, Version | null>();

/** Forgets the parsed marker literals (for measuring a run without caches). */
export function clearMarkerCaches(): void {
  specifierCache.clear();
  versionCache.clear();
}

/**
 * Whether `op + rhs` could be a specifier. Most marker literals are names (`"test"`,
 * `"Windows"`, `"cpython"`), and parsing them as specifiers only to catch the error cost an
 * exception each. What starts with a letter (but `v` and a digit) can be none; anything else is
 * left to the parser, since `rhs` may carry the operator on (`"=3.8"` after `<` is `<=3.8`).
 */
export function mayMakeSpecifier(rhs: string): boolean {
  // The specifier parser's own idea of space (\s), so nothing it would accept is turned away.
  const i = rhs.search(/\S/);
  if (i < 0) return false;
  const first = rhs.charCodeAt(i) | 0x20;
  if (first < 97 || first > 122) return true; // not a letter
  const next = rhs.charCodeAt(i + 1);
  return first === 118 && next >= 48 && next <= 57; // v and a digit
}

/** `op + rhs` as a single specifier, or null when it is not one. */
function cachedSpecifier(op: MarkerOperator, rhs: string): SpecifierSet | null {
  const text = op + rhs;
  let set = specifierCache.get(text);
  if (set === undefined) {
    set = mayMakeSpecifier(rhs) ? trySingleSpecifier(text) : null;
    if (specifierCache.size >= CACHE_LIMIT) specifierCache.clear();
    specifierCache.set(text, set);
  }
  return set;
}

function trySingleSpecifier(text: string): SpecifierSet | null {
  if (text.includes(',')) return null;
  try {
    const set = parseSpecifierSet(text);
    return set.specifiers.length === 1 ? set : null;
  } catch {
    return null;
  }
}

function cachedVersion(text: string): Version | null {
  let version = versionCache.get(text);
  if (version === undefined) {
    version = tryParseVersion(text);
    if (versionCache.size >= CACHE_LIMIT) versionCache.clear();
    versionCache.set(text, version);
  }
  return version;
}
