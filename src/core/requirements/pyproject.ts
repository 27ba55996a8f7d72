/**
 * Requirements from `pyproject.toml`.
 *
 * - `[project] dependencies`, `requires-python`, `[project.optional-dependencies]`:
 *   PEP 621, https://packaging.python.org/en/latest/specifications/pyproject-toml/
 * - `[dependency-groups]` with `{include-group = "..."}`: PEP 735,
 *   https://packaging.python.org/en/latest/specifications/dependency-groups/
 *
 * smol-toml reads the document; it does not say where values are, so the strings are
 * found again by scanning the source (`scanStrings`) and each problem points at the
 * offending character inside its string. Never throws on bad input.
 */

import { TomlError, parse } from 'smol-toml';
import { InvalidSpecifierError, parseSpecifierSet } from '../pep440/index.ts';
import { normalizeName } from '../pep508/names.ts';
import { InvalidRequirementError, parseRequirement, type Requirement } from '../pep508/requirement.ts';
import { inCharacterColumns } from './columns.ts';
import { emptyInstallOptions, type Problem, type RequirementLine, type RequirementsFile } from './requirements-txt.ts';

/** Extras and dependency groups of a pyproject, by normalised name. */
export interface PyprojectGroups {
  /** `[project.optional-dependencies]`. */
  readonly extras: Readonly<Record<string, readonly RequirementLine[]>>;
  /** `[dependency-groups]`, with `include-group` entries expanded. */
  readonly groups: Readonly<Record<string, readonly RequirementLine[]>>;
  /** Problems in those two tables only (and TOML syntax errors). */
  readonly problems: readonly Problem[];
}

/**
 * `[project] dependencies` as requirements and `requires-python` as
 * `options.requiresPython`. Problems cover those two keys and TOML syntax; extras and
 * groups are read (and their problems reported) by `parsePyprojectGroups`.
 */
export function parsePyproject(text: string, source?: string): RequirementsFile {
  const doc = new PyprojectReader(text, source);
  const options = emptyInstallOptions();
  const table = doc.root === null ? null : doc.projectTable();
  if (table === null) return { requirements: [], options, constraintFiles: [], includeFiles: [], problems: doc.sortedProblems() };

  const requirements = doc.requirementArray(table['dependencies'], ['project', 'dependencies']);
  const requiresPython = doc.requiresPython(table['requires-python']);
  return {
    requirements,
    options: { ...options, requiresPython },
    constraintFiles: [],
    includeFiles: [],
    problems: doc.sortedProblems(),
  };
}

/** `[project.optional-dependencies]` and `[dependency-groups]`, keyed by normalised name. */
export function parsePyprojectGroups(text: string, source?: string): PyprojectGroups {
  const doc = new PyprojectReader(text, source);
  if (doc.root === null) return { extras: {}, groups: {}, problems: doc.sortedProblems() };
  const extras = doc.optionalDependencies();
  const groups = doc.dependencyGroups();
  return { extras, groups, problems: doc.sortedProblems() };
}

// ---------------------------------------------------------------------------------------
// Reading the document
// ---------------------------------------------------------------------------------------

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

class PyprojectReader {
  readonly root: Table | null = null;
  private readonly problems: Problem[] = [];
  private readonly source: SourceText;

  constructor(
    private readonly text: string,
    private readonly sourceName: string | undefined,
  ) {
    this.source = new SourceText(text);
    try {
      this.root = parse(text) as Table;
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      const reason = e.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      this.problems.push(this.problem('error', `TOML syntax error: ${reason}`, { line: e.line, column: e.column }));
    }
  }

  sortedProblems(): Problem[] {
    return inCharacterColumns(this.text, this.problems).sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** The `[project]` table, or null with a warning saying why nothing can be read. */
  projectTable(): Table | null {
    const project = this.root?.['project'];
    if (isTable(project)) {
      const dynamic = project['dynamic'];
      if (Array.isArray(dynamic) && dynamic.includes('dependencies')) {
        this.report(
          'warning',
          "dependencies are listed in 'dynamic': the build backend computes them, so they can't be read here",
          this.source.keyPosition(['project', 'dynamic']),
        );
      }
      return project;
    }
    const tool = this.root?.['tool'];
    const poetry = isTable(tool) && isTable(tool['poetry']);
    this.report(
      'warning',
      poetry
        ? 'no [project] table: Poetry\'s [tool.poetry] dependencies are not read; declare them in [project] (PEP 621)'
        : 'no [project] table: there are no dependencies to read',
      { line: 1, column: 1 },
    );
    return null;
  }

  requiresPython(value: unknown): string | null {
    if (value === undefined) return null;
    const path = ['project', 'requires-python'];
    if (typeof value !== 'string') {
      this.report('error', "'requires-python' must be a string such as \">=3.9\"", this.source.keyPosition(path));
      return null;
    }
    const [found] = this.source.locateStrings([value], path);
    try {
      parseSpecifierSet(value);
      return value.trim();
    } catch (e) {
      if (!(e instanceof InvalidSpecifierError)) throw e;
      this.report('error', `invalid requires-python: ${e.reason}`, this.source.positionIn(found ?? null, e.column - 1, path));
      return null;
    }
  }

  /** An array of requirement strings at `path`. */
  requirementArray(value: unknown, path: readonly string[]): RequirementLine[] {
    if (value === undefined) return [];
    const label = `'${path.slice(1).join('.')}'`;
    if (!Array.isArray(value)) {
      this.report('error', `${label} must be an array of requirement strings`, this.source.keyPosition(path));
      return [];
    }
    const strings = value.filter((v): v is string => typeof v === 'string');
    if (strings.length !== value.length) {
      this.report('error', `${label} must hold only strings; other entries are skipped`, this.source.keyPosition(path));
    }
    const located = this.source.locateStrings(strings, path);
    const lines: RequirementLine[] = [];
    strings.forEach((text, i) => {
      const line = this.requirementLine(text, located[i] ?? null, path);
      if (line) lines.push(line);
    });
    return lines;
  }

  private requirementLine(text: string, found: TomlString | null, path: readonly string[]): RequirementLine | null {
    let requirement: Requirement;
    try {
      requirement = parseRequirement(text);
    } catch (e) {
      if (!(e instanceof InvalidRequirementError)) throw e;
      this.report('error', e.reason, this.source.positionIn(found, e.column - 1, path));
      return null;
    }
    const at = this.source.positionIn(found, 0, path);
    if (requirement.url !== null) {
      const end = found && found.map.length > 0 ? this.source.positionIn(found, found.map.length - 1, path) : null;
      this.report(
        'error',
        `direct references (name @ url) can't be resolved against an index: require '${requirement.name}' by name and version instead`,
        at,
        end && end.line === at.line ? end.column + 1 : undefined,
      );
      return null;
    }
    return { requirement, line: at.line, column: at.column, text, hashes: [], editable: false };
  }

  optionalDependencies(): Record<string, RequirementLine[]> {
    const project = this.root?.['project'];
    const table = isTable(project) ? project['optional-dependencies'] : undefined;
    const result: Record<string, RequirementLine[]> = {};
    if (table === undefined) return result;
    if (!isTable(table)) {
      this.report(
        'error',
        "'optional-dependencies' must be a table of extra names to arrays",
        this.source.keyPosition(['project', 'optional-dependencies']),
      );
      return result;
    }
    for (const [name, value] of Object.entries(table)) {
      const path = ['project', 'optional-dependencies', name];
      const key = normalizeName(name);
      if (key in result) {
        this.report('warning', `extra '${name}' is the same as an earlier one after normalisation ('${key}'); merged`, this.source.keyPosition(path));
      }
      result[key] = [...(result[key] ?? []), ...this.requirementArray(value, path)];
    }
    return result;
  }

  /** PEP 735 groups, with `{include-group = "name"}` expanded (cycles reported). */
  dependencyGroups(): Record<string, RequirementLine[]> {
    const table = this.root?.['dependency-groups'];
    const result: Record<string, RequirementLine[]> = {};
    if (table === undefined) return result;
    if (!isTable(table)) {
      this.report('error', "'dependency-groups' must be a table of group names to arrays", this.source.keyPosition(['dependency-groups']));
      return result;
    }
    const byKey = new Map<string, { name: string; value: unknown }>();
    for (const [name, value] of Object.entries(table)) {
      const key = normalizeName(name);
      if (byKey.has(key)) {
        this.report('error', `dependency group '${name}' is the same as an earlier one after normalisation ('${key}')`, this.source.keyPosition(['dependency-groups', name]));
        continue;
      }
      byKey.set(key, { name, value });
    }

    // Each group's own requirements first (each string parsed and reported once).
    const own = new Map<string, { entries: ({ lines: RequirementLine[] } | { include: string })[] }>();
    for (const [key, { name, value }] of byKey) {
      const path = ['dependency-groups', name];
      if (!Array.isArray(value)) {
        this.report('error', `dependency group '${name}' must be an array`, this.source.keyPosition(path));
        own.set(key, { entries: [] });
        continue;
      }
      const strings = value.filter((v): v is string => typeof v === 'string');
      const located = this.source.locateStrings(strings, path);
      let s = 0;
      const entries: ({ lines: RequirementLine[] } | { include: string })[] = [];
      for (const item of value) {
        if (typeof item === 'string') {
          const line = this.requirementLine(item, located[s++] ?? null, path);
          entries.push({ lines: line ? [line] : [] });
        } else if (isTable(item) && typeof item['include-group'] === 'string' && Object.keys(item).length === 1) {
          entries.push({ include: item['include-group'] });
        } else {
          this.report('error', `entries of dependency group '${name}' must be strings or {include-group = "..."}`, this.source.keyPosition(path));
        }
      }
      own.set(key, { entries });
    }

    // Then includes, depth first, with the chain kept to catch cycles.
    const expanded = new Map<string, RequirementLine[]>();
    const expand = (key: string, chain: string[]): RequirementLine[] => {
      const done = expanded.get(key);
      if (done) return done;
      const lines: RequirementLine[] = [];
      for (const entry of own.get(key)?.entries ?? []) {
        if ('lines' in entry) {
          lines.push(...entry.lines);
          continue;
        }
        const target = normalizeName(entry.include);
        const path = ['dependency-groups', byKey.get(key)!.name];
        const where = this.source.positionIn(this.source.locateStrings([entry.include], path)[0] ?? null, 0, path);
        if (!own.has(target)) {
          this.report('error', `dependency group '${byKey.get(key)!.name}' includes '${entry.include}', which doesn't exist`, where);
        } else if (chain.includes(target)) {
          this.report('error', `dependency groups include each other in a cycle: ${[...chain, target].join(' → ')}`, where);
        } else {
          lines.push(...expand(target, [...chain, target]));
        }
      }
      expanded.set(key, lines);
      return lines;
    };
    for (const key of own.keys()) result[key] = expand(key, [key]);
    return result;
  }

  private report(severity: Problem['severity'], message: string, at: { line: number; column: number }, endColumn?: number): void {
    this.problems.push(this.problem(severity, message, at, endColumn));
  }

  private problem(severity: Problem['severity'], message: string, at: { line: number; column: number }, endColumn?: number): Problem {
    return {
      severity,
      message,
      line: at.line,
      column: at.column,
      ...(endColumn !== undefined ? { endColumn } : {}),
      ...(this.sourceName !== undefined ? { source: this.sourceName } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------
// Finding values in the TOML source
// ---------------------------------------------------------------------------------------

/** A string literal of the source, decoded, with where each decoded character came from. */
interface TomlString {
  readonly value: string;
  /** Offset of the opening quote. */
  readonly offset: number;
  /** Offset of the first character after the opening delimiter. */
  readonly contentOffset: number;
  /** Source offset of each UTF-16 unit of `value`. */
  readonly map: readonly number[];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

class SourceText {
  private readonly lineStarts: number[] = [0];
  private stringsCache: TomlString[] | null = null;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** The position of the `index`-th decoded character of a located string (or of its key). */
  positionIn(found: TomlString | null, index: number, path: readonly string[]): { line: number; column: number } {
    if (!found) return this.keyPosition(path);
    if (found.map.length === 0) return this.position(found.contentOffset);
    const i = Math.max(0, Math.min(index, found.map.length));
    return this.position(i < found.map.length ? found.map[i]! : found.map[found.map.length - 1]! + 1);
  }

  /** Where the key at `path` (or the closest enclosing key found) is defined. */
  keyPosition(path: readonly string[]): { line: number; column: number } {
    return this.position(this.keyOffset(path) ?? 0);
  }

  /**
   * Locate each value of an array in the source: the strings after the key at `path`,
   * matched in order by decoded value.
   */
  locateStrings(values: readonly string[], path: readonly string[]): (TomlString | null)[] {
    const strings = this.strings();
    let i = strings.findIndex((s) => s.offset >= (this.keyOffset(path) ?? 0));
    if (i < 0) i = strings.length;
    return values.map((value) => {
      for (let j = i; j < strings.length; j++) {
        if (strings[j]!.value === value) {
          i = j + 1;
          return strings[j]!;
        }
      }
      return null;
    });
  }

  /**
   * Offset just after the `=` of the key at `path`, looking at `[table]` headers and
   * (dotted) keys line by line; if the full path is not written anywhere (inline tables),
   * the longest prefix that is.
   */
  private keyOffset(path: readonly string[]): number | null {
    for (let n = path.length; n > 0; n--) {
      const found = this.exactKeyOffset(path.slice(0, n));
      if (found !== null) return found;
    }
    return null;
  }

  private exactKeyOffset(path: readonly string[]): number | null {
    const same = (a: readonly string[], b: readonly string[]): boolean =>
      a.length === b.length && a.every((part, i) => part === b[i]);
    let table: string[] = [];
    for (let l = 0; l < this.lineStarts.length; l++) {
      const start = this.lineStarts[l]!;
      const end = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1]! : this.text.length;
      const lineText = this.text.slice(start, end);
      const header = /^\s*\[(?!\[)/.exec(lineText);
      if (header) {
        const key = readDottedKey(lineText, header[0].length);
        if (key && /^\s*\]/.test(lineText.slice(key.end))) {
          table = key.parts;
          if (same(table, path)) return start + header.index;
        }
        continue;
      }
      if (/^\s*\[\[/.test(lineText)) {
        table = ['\0array-table'];
        continue;
      }
      const indent = /^\s*/.exec(lineText)![0].length;
      const key = readDottedKey(lineText, indent);
      if (!key) continue;
      const eq = /^\s*=/.exec(lineText.slice(key.end));
      if (eq && same([...table, ...key.parts], path)) return start + key.end + eq[0].length;
    }
    return null;
  }

  /** Every string literal of the document, in order (comments skipped). */
  private strings(): TomlString[] {
    if (this.stringsCache) return this.stringsCache;
    const text = this.text;
    const found: TomlString[] = [];
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '#') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (ch === '"' || ch === "'") {
        const literal = scanString(text, i);
        found.push(literal.string);
        i = literal.end;
      } else {
        i++;
      }
    }
    this.stringsCache = found;
    return found;
  }
}

/** Read one TOML string starting at the quote at `start`. Lenient: stops at the end of text. */
function scanString(text: string, start: number): { string: TomlString; end: number } {
  const quote = text[start]!;
  const multi = text.startsWith(quote.repeat(3), start);
  const literal = quote === "'";
  let i = start + (multi ? 3 : 1);
  // A newline right after the opening delimiter of a multi-line string is trimmed.
  if (multi && text[i] === '\n') i++;
  else if (multi && text.startsWith('\r\n', i)) i += 2;
  const contentOffset = i;
  let value = '';
  const map: number[] = [];
  const push = (s: string, at: number): void => {
    value += s;
    for (let k = 0; k < s.length; k++) map.push(at);
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (multi && text.startsWith(quote.repeat(3), i)) {
      // Up to two quotes just before the closing delimiter belong to the content.
      let extra = 0;
      while (extra < 2 && text[i + 3 + extra] === quote) extra++;
      for (let k = 0; k < extra; k++) push(quote, i + k);
      i += 3 + extra;
      break;
    }
    if (!multi && ch === quote) {
      i++;
      break;
    }
    if (!multi && ch === '\n') break; // unterminated; smol-toml reports it
    if (!literal && ch === '\\') {
      const next = text[i + 1];
      if (next !== undefined && next in SIMPLE_ESCAPES) {
        push(SIMPLE_ESCAPES[next]!, i);
        i += 2;
      } else if (next === 'u' || next === 'U' || next === 'x') {
        const digits = next === 'u' ? 4 : next === 'U' ? 8 : 2;
        const hex = text.slice(i + 2, i + 2 + digits);
        const code = Number.parseInt(hex, 16);
        push(Number.isNaN(code) ? '' : String.fromCodePoint(code), i);
        i += 2 + digits;
      } else if (multi && /^[ \t]*\r?\n/.test(text.slice(i + 1, i + 1 + 64))) {
        // Line-ending backslash: skip the newline and all whitespace after it.
        i++;
        while (i < text.length && /\s/.test(text[i]!)) i++;
      } else {
        push(next ?? '', i);
        i += 2;
      }
      continue;
    }
    push(ch, i);
    i++;
  }
  return { string: { value, offset: start, contentOffset, map }, end: i };
}

/** A dotted key (`a."b.c".d`) at `from`: its parts and where it ends. */
function readDottedKey(line: string, from: number): { parts: string[]; end: number } | null {
  const parts: string[] = [];
  let i = from;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const close = line.indexOf(ch, i + 1);
      if (close < 0) return null;
      parts.push(line.slice(i + 1, close));
      i = close + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(line.slice(i));
      if (!bare) return null;
      parts.push(bare[0]);
      i += bare[0].length;
    }
    let j = i;
    while (line[j] === ' ' || line[j] === '\t') j++;
    if (line[j] !== '.') return { parts, end: i };
    i = j + 1;
  }
}
