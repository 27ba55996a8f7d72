/**
 * A snapshot's text read without building it: one pass checks that the whole text is JSON and
 * notes where each project's value lies, so that a project is parsed (JSON.parse of its slice)
 * only when a resolve asks for it. On a 9 MB snapshot this pass costs a fraction of JSON.parse
 * and keeps no object graph. Whatever the pass does not accept is handed to JSON.parse itself,
 * so errors read exactly as JSON.parse words them and nothing the pass misjudges is lost.
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

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new NotScanned();
  }

  space(): void {
    while (isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) this.fail();
    this.pos++;
  }

  /** A string, from its opening quote; returns where it ends (after the closing quote). */
  string(): number {
    const end = endOfString(this.text, this.pos);
    if (end < 0) this.fail();
    return (this.pos = end);
  }

  /** Any value, from its first character (spaces already skipped). */
  value(): void {
    const end = endOfValue(this.text, this.pos);
    if (end < 0) this.fail();
    this.pos = end;
  }

  /** An object; `member` hears each key (still quoted) and its value's span. */
  object(member: (key: string, start: number, end: number) => void): void {
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
      member(this.text.slice(keyStart, keyEnd), start, this.pos);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.fail();
    }
  }
}


/** Where the string whose opening quote is at `p` ends (after its closing quote), or -1 when it is not a JSON string. */
function endOfString(t: string, p: number): number {
  p++;
  for (;;) {
    const c = t.charCodeAt(p);
    if (c === QUOTE) return p + 1;
    if (!(c >= 0x20)) return -1; // a control character, or NaN: the text ended
    if (c === BACKSLASH) {
      const e = t.charCodeAt(p + 1);
      if (e === 0x75) {
        if (!(isHex(t.charCodeAt(p + 2)) && isHex(t.charCodeAt(p + 3)) && isHex(t.charCodeAt(p + 4)) && isHex(t.charCodeAt(p + 5)))) return -1;
        p += 6;
        continue;
      }
      if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
      p += 2;
      continue;
    }
    p++;
  }
}

/** Where the number starting at `p` ends, or -1 when it is not a JSON number. */
function endOfNumber(t: string, p: number): number {
  if (t.charCodeAt(p) === MINUS) p++;
  if (t.charCodeAt(p) === 0x30) p++;
  else {
    if (!isDigit(t.charCodeAt(p))) return -1;
    while (isDigit(t.charCodeAt(p))) p++;
  }
  if (t.charCodeAt(p) === DOT) {
    p++;
    if (!isDigit(t.charCodeAt(p))) return -1;
    while (isDigit(t.charCodeAt(p))) p++;
  }
  const e = t.charCodeAt(p);
  if (e === 0x65 || e === 0x45) {
    p++;
    const s = t.charCodeAt(p);
    if (s === 0x2b || s === MINUS) p++;
    if (!isDigit(t.charCodeAt(p))) return -1;
    while (isDigit(t.charCodeAt(p))) p++;
  }
  return p;
}

const OBJECT = 1;
const ARRAY = 2;
/** The open containers of endOfValue, innermost last; grown when a text nests deeper. */
let containers: Uint8Array = new Uint8Array(64);

/**
 * Where the JSON value starting at `p` ends, or -1 when the text there is not JSON. One flat
 * loop with its own stack rather than a function per kind of value: in a new process the pass
 * runs before the JIT has warmed up, and one loop is optimised (on-stack) long before a dozen
 * small recursive functions are; nesting of any depth is followed.
 */
function endOfValue(t: string, p: number): number {
  let depth = 0;
  let c: number;
  for (;;) {
    // A value is expected at p.
    c = t.charCodeAt(p);
    while (isSpace(c)) c = t.charCodeAt(++p);
    if (c === QUOTE) {
      p = endOfString(t, p);
      if (p < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const kind = c === OPEN_BRACE ? OBJECT : ARRAY;
      c = t.charCodeAt(++p);
      while (isSpace(c)) c = t.charCodeAt(++p);
      if (c === (kind === OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) p++;
      else {
        if (depth === containers.length) containers = grown(containers);
        containers[depth++] = kind;
        if (kind === OBJECT) {
          p = afterKey(t, p);
          if (p < 0) return -1;
        }
        continue;
      }
    } else if (c === 0x74) {
      if (!t.startsWith('true', p)) return -1;
      p += 4;
    } else if (c === 0x66) {
      if (!t.startsWith('false', p)) return -1;
      p += 5;
    } else if (c === 0x6e) {
      if (!t.startsWith('null', p)) return -1;
      p += 4;
    } else if (c === MINUS || isDigit(c)) {
      p = endOfNumber(t, p);
      if (p < 0) return -1;
    } else return -1;
    // After a value: close what it ends, then a comma (and a key, in an object) before the next.
    for (;;) {
      if (depth === 0) return p;
      c = t.charCodeAt(p);
      while (isSpace(c)) c = t.charCodeAt(++p);
      p++;
      const open = containers[depth - 1];
      if (c === COMMA) {
        if (open === OBJECT) {
          c = t.charCodeAt(p);
          while (isSpace(c)) c = t.charCodeAt(++p);
          p = afterKey(t, p);
          if (p < 0) return -1;
        }
        break;
      }
      if (c !== (open === OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
      depth--;
    }
  }
}

/** From a member's key (at p, spaces skipped) to just after its colon, or -1. */
function afterKey(t: string, p: number): number {
  if (t.charCodeAt(p) !== QUOTE) return -1;
  p = endOfString(t, p);
  if (p < 0) return -1;
  let c = t.charCodeAt(p);
  while (isSpace(c)) c = t.charCodeAt(++p);
  return c === COLON ? p + 1 : -1;
}

function grown(stack: Uint8Array): Uint8Array {
  const larger = new Uint8Array(stack.length * 2);
  larger.set(stack);
  return larger;
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
