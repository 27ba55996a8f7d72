/**
 * A snapshot's text read without building it: one pass checks that the whole text is JSON and
 * notes where each project's value lies, so that a project is parsed (JSON.parse of its slice)
 * only when a resolve asks for it. On a 9 MB snapshot this pass costs a fraction of JSON.parse
 * and keeps no object graph. Whatever the pass does not accept — invalid JSON, or input it
 * cannot follow (nesting deeper than its stack) — is handed to JSON.parse itself, so errors
 * read exactly as JSON.parse words them and nothing the pass misjudges is lost.
 */

/** Where a project's value lies in the text: `text.slice(start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface ScannedSnapshot {
  /** The root's members other than `projects`, parsed (they are small). */
  readonly root: Record<string, unknown>;
  /** Project name (unescaped) -> its value's span, in JSON.parse's key order; a repeated name keeps its last value, as JSON.parse does. */
  readonly projects: ReadonlyMap<string, Span>;
}

/** The pass met something that is not JSON (JSON.parse will say what). */
class NotScanned extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;

/** A run of string characters that need no look: anything but a quote, a backslash or a control character. */
const STRING_BODY = /[^"\\\u0000-\u001f]*/y;

const SPACE = /[ \t\n\r]*/y;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new NotScanned();
  }

  space(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    SPACE.lastIndex = this.pos;
    SPACE.test(this.text);
    this.pos = SPACE.lastIndex;
  }

  expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) this.fail();
    this.pos++;
  }

  /** A string, from its opening quote; returns where it ends (after the closing quote). */
  string(): number {
    const t = this.text;
    let p = this.pos + 1;
    for (;;) {
      // Plain characters in one native step; then a quote, an escape, a control character or the end.
      STRING_BODY.lastIndex = p;
      STRING_BODY.test(t);
      p = STRING_BODY.lastIndex;
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      if (c !== c || c < 0x20) this.fail(); // NaN: the text ended
      if (c === BACKSLASH) {
        const e = t.charCodeAt(p + 1);
        if (e === 0x75) {
          if (!(isHex(t.charCodeAt(p + 2)) && isHex(t.charCodeAt(p + 3)) && isHex(t.charCodeAt(p + 4)) && isHex(t.charCodeAt(p + 5)))) this.fail();
          p += 6;
          continue;
        }
        if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) this.fail();
        p += 2;
        continue;
      }
      p++;
    }
    this.pos = p + 1;
    return this.pos;
  }

  digits(): void {
    const t = this.text;
    let p = this.pos;
    if (!isDigit(t.charCodeAt(p))) this.fail();
    while (isDigit(t.charCodeAt(p))) p++;
    this.pos = p;
  }

  number(): void {
    const t = this.text;
    if (t.charCodeAt(this.pos) === MINUS) this.pos++;
    if (t.charCodeAt(this.pos) === 0x30) this.pos++;
    else this.digits();
    if (t.charCodeAt(this.pos) === DOT) {
      this.pos++;
      this.digits();
    }
    const e = t.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const s = t.charCodeAt(this.pos);
      if (s === 0x2b || s === MINUS) this.pos++;
      this.digits();
    }
  }

  word(word: string): void {
    if (!this.text.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
  }

  /** Any value, from its first character (spaces already skipped). */
  value(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) this.string();
    else if (c === OPEN_BRACE) this.object(null);
    else if (c === OPEN_BRACKET) this.array();
    else if (c === 0x74) this.word('true');
    else if (c === 0x66) this.word('false');
    else if (c === 0x6e) this.word('null');
    else if (c === MINUS || isDigit(c)) this.number();
    else this.fail();
  }

  array(): void {
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      this.value();
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) this.fail();
    }
  }

  /** An object; `member` (when given) hears each key (still quoted) and its value's span. */
  object(member: ((key: string, start: number, end: number) => void) | null): void {
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.pos) !== QUOTE) this.fail();
      const keyStart = this.pos;
      const keyEnd = this.string();
      this.space();
      this.expect(COLON);
      this.space();
      const start = this.pos;
      this.value();
      member?.(this.text.slice(keyStart, keyEnd), start, this.pos);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.fail();
    }
  }
}

/** A key that JSON.parse puts first, in numeric order (an array index: "0", "17", not "017"). */
function isArrayIndex(key: string): boolean {
  if (key.length === 0 || key.length > 10 || (key.length > 1 && key.charCodeAt(0) === 0x30)) return false;
  for (let i = 0; i < key.length; i++) if (!isDigit(key.charCodeAt(i))) return false;
  return Number(key) < 4294967295;
}

function keyOf(quoted: string): string {
  return quoted.indexOf('\\') < 0 ? quoted.slice(1, -1) : (JSON.parse(quoted) as string);
}

/**
 * Scans a snapshot's text. Returns null when the text is JSON but not an object whose
 * `projects` is an object (the caller then reads it whole, for the usual errors); throws
 * JSON.parse's own SyntaxError when the text is not JSON.
 */
export function scanSnapshotText(text: string): ScannedSnapshot | null {
  const scanner = new Scanner(text);
  const root: Record<string, unknown> = {};
  const found: { projects: Map<string, Span> | null } = { projects: null };
  try {
    scanner.space();
    if (text.charCodeAt(scanner.pos) !== OPEN_BRACE) scanner.value();
    else rootObject(scanner, root, (projects) => (found.projects = projects));
    scanner.space();
    if (scanner.pos !== text.length) scanner.fail();
  } catch {
    // Not JSON (or too deep to follow): JSON.parse says what is wrong, in its words; should it
    // accept the text after all, the caller reads it whole.
    JSON.parse(text);
    return null;
  }
  if (!found.projects) return null;
  return { root, projects: inJsonParseOrder(found.projects) };
}

/** The root object in one pass: `projects` (when an object) as spans, the other members parsed. */
function rootObject(scanner: Scanner, root: Record<string, unknown>, setProjects: (found: Map<string, Span> | null) => void): void {
  const text = scanner.text;
  scanner.pos++;
  scanner.space();
  if (text.charCodeAt(scanner.pos) === CLOSE_BRACE) {
    scanner.pos++;
    return;
  }
  for (;;) {
    scanner.space();
    if (text.charCodeAt(scanner.pos) !== QUOTE) scanner.fail();
    const keyStart = scanner.pos;
    const key = keyOf(text.slice(keyStart, scanner.string()));
    scanner.space();
    scanner.expect(COLON);
    scanner.space();
    const start = scanner.pos;
    if (key === 'projects' && text.charCodeAt(start) === OPEN_BRACE) {
      const found = new Map<string, Span>();
      // A repeated name keeps its first place and takes its last value, as with JSON.parse.
      scanner.object((name, from, to) => found.set(keyOf(name), { start: from, end: to }));
      setProjects(found);
      delete root.projects;
    } else {
      scanner.value();
      if (key === 'projects') setProjects(null);
      Object.defineProperty(root, key, { value: JSON.parse(text.slice(start, scanner.pos)), enumerable: true, writable: true, configurable: true });
    }
    scanner.space();
    const c = text.charCodeAt(scanner.pos++);
    if (c === CLOSE_BRACE) return;
    if (c !== COMMA) scanner.fail();
  }
}

/** JSON.parse lists array-index keys first, ascending, then the others in the order written. */
function inJsonParseOrder(projects: Map<string, Span>): ReadonlyMap<string, Span> {
  const indexes = [...projects.keys()].filter(isArrayIndex);
  if (indexes.length === 0) return projects;
  indexes.sort((a, b) => Number(a) - Number(b));
  const ordered = new Map<string, Span>();
  for (const key of indexes) ordered.set(key, projects.get(key)!);
  for (const [key, span] of projects) if (!ordered.has(key)) ordered.set(key, span);
  return ordered;
}
