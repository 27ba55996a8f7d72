/**
 * Dependency specifiers: `name[extras] specifier ; marker` and `name[extras] @ url ; marker`.
 *
 * - PEP 508: https://peps.python.org/pep-0508/
 * - PyPA spec: https://packaging.python.org/en/latest/specifications/dependency-specifiers/
 * - Reference implementation: packaging's `_parser.py` (>= 22), `requirements.py`.
 *
 * A requirement is plain data; `formatRequirement` gives its canonical text.
 */

import {
  InvalidSpecifierError,
  formatSpecifierSet,
  parseSpecifierSet,
  type SpecifierSet,
} from '../pep440/index.ts';
import { InvalidMarkerError, excerpt, formatMarker, parseMarkerFrom, type Marker } from './marker.ts';
import { isLetterOrDigit, isNameCharacter, normalizeExtra, normalizeName } from './names.ts';

export interface Requirement {
  /** The name as written. */
  readonly name: string;
  /** `normalizeName(name)`: what to compare and look up by. */
  readonly key: string;
  /** Normalised (PEP 685), deduplicated, sorted. */
  readonly extras: readonly string[];
  /** Empty for "any version" and for direct references. */
  readonly specifier: SpecifierSet;
  readonly marker: Marker | null;
  /** The URL of a `name @ url` direct reference. */
  readonly url: string | null;
  /** The input, trimmed. */
  readonly text: string;
}

/** A requirement that can't be parsed: where (1-based column into `input`) and why. */
export class InvalidRequirementError extends Error {
  override readonly name = 'InvalidRequirementError';
  /** The column as a person counts it: one per character, an emoji included (`column` is a string index, 1-based). */
  readonly characterColumn: number;
  constructor(
    readonly input: string,
    readonly column: number,
    readonly reason: string,
  ) {
    const characterColumn = [...input.slice(0, Math.max(0, column - 1))].length + 1 + Math.max(0, column - 1 - input.length);
    super(`${reason} at column ${characterColumn}`);
    this.characterColumn = characterColumn;
  }
}

// ---------------------------------------------------------------------------------------
// Grammar (PEP 508, with whitespace allowed between any two parts, as packaging does):
//
//   requirement  = ws name ws extras? ws ( url_part | version_part ) ws END
//   name         = letterOrDigit ( [A-Za-z0-9._-]* letterOrDigit )?
//   extras       = '[' ws ( name ( ws ',' ws name )* )? ws ']'
//   url_part     = '@' ws url ( ws1 ( ';' marker )? )?     -- url: no spaces or tabs;
//                                                            a ';' after the URL needs
//                                                            a space before it
//   version_part = ( '(' specifiers ')' | specifiers )? ws ( ';' marker )?
//   specifiers   = specifier ( ws ',' ws specifier )*     -- PEP 440, parsed by ../pep440
//   marker       = see marker.ts
//   ws           = [ \t]*          ws1 = [ \t]+
//
// The parenthesised form `botocore (<2.0.0,>=1.5.40)` is older but still valid, and
// common in real metadata.
// ---------------------------------------------------------------------------------------

const SPACE = /[ \t]/;
/** The first characters of a PEP 440 comparison operator. */
const OPERATOR_START = /[<>=!~]/;

const EMPTY_SPECIFIER: SpecifierSet = Object.freeze({ specifiers: Object.freeze([]) });

export function parseRequirement(text: string): Requirement {
  return new RequirementParser(text).parse();
}

/** The requirement, or null when `text` is not a valid one. */
export function tryParseRequirement(text: string): Requirement | null {
  try {
    return parseRequirement(text);
  } catch (e) {
    if (e instanceof InvalidRequirementError) return null;
    throw e;
  }
}

class RequirementParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  parse(): Requirement {
    this.skipSpace();
    if (this.atEnd()) this.fail('expected a package name, found nothing');
    const name = this.parseName('package name');
    this.skipSpace();
    const extras = this.source[this.pos] === '[' ? this.parseExtras() : [];
    this.skipSpace();

    let specifier = EMPTY_SPECIFIER;
    let url: string | null = null;
    let marker: Marker | null = null;
    const ch = this.source[this.pos];
    if (ch === '@') {
      url = this.parseUrl();
      marker = this.parseMarkerAfterUrl();
    } else {
      if (ch === '(') specifier = this.parseParenthesizedSpecifier();
      else if (ch !== undefined && OPERATOR_START.test(ch)) specifier = this.parseBareSpecifier();
      else if (ch !== undefined && ch !== ';') {
        this.fail(
          `expected a version specifier (like '>=1.0'), '@ URL', ';' or the end after '${name}', found ${this.describeHere()}`,
        );
      }
      this.skipSpace();
      if (this.source[this.pos] === ';') marker = this.parseMarker();
      else if (!this.atEnd()) this.fail(`expected ';' or the end after the version specifier, found ${this.describeHere()}`);
    }

    return {
      name,
      key: normalizeName(name),
      extras: [...new Set(extras.map(normalizeExtra))].sort(),
      specifier,
      marker,
      url,
      text: this.source.trim(),
    };
  }

  // name = letterOrDigit ( [A-Za-z0-9._-]* letterOrDigit )?
  private parseName(what: 'package name' | 'extra name'): string {
    const start = this.pos;
    while (isNameCharacter(this.source.charCodeAt(this.pos))) this.pos++;
    const name = this.source.slice(start, this.pos);
    const article = what === 'package name' ? 'a' : 'an';
    if (name === '') this.fail(`expected ${article} ${what}, found ${this.describeHere()}`);
    if (!isLetterOrDigit(name.charCodeAt(0))) this.fail(`${article} ${what} must start with a letter or digit, not '${name[0]}'`, start);
    if (!isLetterOrDigit(name.charCodeAt(name.length - 1))) {
      this.fail(`${article} ${what} must end with a letter or digit, not '${name[name.length - 1]}'`, this.pos - 1);
    }
    return name;
  }

  // extras = '[' ws ( name ( ws ',' ws name )* )? ws ']'
  private parseExtras(): string[] {
    const open = this.pos++;
    const extras: string[] = [];
    this.skipSpace();
    if (this.source[this.pos] === ']') {
      this.pos++;
      return extras;
    }
    for (;;) {
      if (this.atEnd()) this.fail("unclosed '[' for extras", open);
      extras.push(this.parseName('extra name'));
      this.skipSpace();
      const ch = this.source[this.pos];
      if (ch === ']') {
        this.pos++;
        return extras;
      }
      if (ch === ',') {
        this.pos++;
        this.skipSpace();
        if (this.source[this.pos] === ']') this.fail("expected an extra name after ','");
        continue;
      }
      if (ch === undefined) this.fail("unclosed '[' for extras", open);
      if (isNameCharacter(ch.charCodeAt(0))) this.fail("expected ',' between extra names");
      this.fail(`expected ',' or ']' in extras, found ${this.describeHere()}`);
    }
  }

  // '(' specifiers ')'
  private parseParenthesizedSpecifier(): SpecifierSet {
    const open = this.pos;
    const semicolon = this.source.indexOf(';', open);
    const close = this.source.indexOf(')', open + 1);
    if (close < 0 || (semicolon >= 0 && semicolon < close)) this.fail("unclosed '(' for the version specifier", open);
    const set = this.parseSpecifiers(open + 1, close);
    this.pos = close + 1;
    return set;
  }

  // specifiers, up to the ';' of a marker or the end
  private parseBareSpecifier(): SpecifierSet {
    const semicolon = this.source.indexOf(';', this.pos);
    const end = semicolon < 0 ? this.source.length : semicolon;
    const set = this.parseSpecifiers(this.pos, end);
    this.pos = end;
    return set;
  }

  /** PEP 440 parses the specifier text; its columns are moved into the whole input. */
  private parseSpecifiers(start: number, end: number): SpecifierSet {
    const text = this.source.slice(start, end);
    if (text.trim() === '') return EMPTY_SPECIFIER;
    try {
      return parseSpecifierSet(text);
    } catch (e) {
      if (e instanceof InvalidSpecifierError) {
        throw new InvalidRequirementError(this.source, start + e.column, e.reason);
      }
      throw e;
    }
  }

  // url_part = '@' ws url
  private parseUrl(): string {
    this.pos++; // '@'
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.source.length && !SPACE.test(this.source[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail("expected a URL after '@'");
    return this.source.slice(start, this.pos);
  }

  // ( ws1 ( ';' marker )? )?
  private parseMarkerAfterUrl(): Marker | null {
    this.skipSpace();
    if (this.atEnd()) return null;
    if (this.source[this.pos] !== ';') {
      this.fail(`expected ' ; marker' or the end after the URL (a URL can't contain spaces), found ${this.describeHere()}`);
    }
    return this.parseMarker();
  }

  // ';' marker
  private parseMarker(): Marker {
    const semicolon = this.pos++;
    this.skipSpace();
    if (this.atEnd()) this.fail("expected a marker after ';'", semicolon);
    try {
      return parseMarkerFrom(this.source, this.pos);
    } catch (e) {
      if (e instanceof InvalidMarkerError) throw new InvalidRequirementError(this.source, e.column, e.reason);
      throw e;
    }
  }

  private fail(reason: string, at: number = this.pos): never {
    throw new InvalidRequirementError(this.source, at + 1, reason);
  }

  private atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  private skipSpace(): void {
    // Character codes, not a regular expression per character: this runs over every space.
    for (let c = this.source.charCodeAt(this.pos); c === 0x20 || c === 0x09; c = this.source.charCodeAt(++this.pos));
  }

  private describeHere(): string {
    if (this.atEnd()) return 'the end';
    let end = this.pos;
    while (isNameCharacter(this.source.charCodeAt(end))) end++;
    // A lone character is quoted whole, an emoji included (not half of a surrogate pair).
    const token = end > this.pos ? this.source.slice(this.pos, end) : String.fromCodePoint(this.source.codePointAt(this.pos)!);
    return `'${excerpt(token)}'`;
  }
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

/**
 * The canonical text, as packaging prints it: `name[a,b]>=1,<2; marker`, or
 * `name[a] @ url ; marker` for a direct reference (the space before `;` keeps the URL
 * from swallowing it). `{ marker: false }` leaves the marker out.
 */
export function formatRequirement(r: Requirement, options?: { marker?: boolean }): string {
  let text = r.name;
  if (r.extras.length > 0) text += `[${r.extras.join(',')}]`;
  if (r.url !== null) text += ` @ ${r.url}`;
  else text += formatSpecifierSet(r.specifier);
  if (r.marker !== null && options?.marker !== false) {
    text += `${r.url !== null ? ' ' : ''}; ${formatMarker(r.marker)}`;
  }
  return text;
}
