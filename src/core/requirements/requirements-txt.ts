/**
 * pip's requirements file format, as far as a resolver in the browser can follow it.
 *
 * https://pip.pypa.io/en/stable/reference/requirements-file-format/
 * Reference implementation: pip's `src/pip/_internal/req/req_file.py`
 * (`preprocess` = join_lines → ignore_comments → expand_env_variables; `break_args_options`;
 * `handle_requirement_line` / `handle_option_line`).
 *
 * Never throws on bad input: every line that can't be used becomes a `Problem` with its
 * physical line and column, and parsing goes on with the next line.
 */

import { normalizeName } from '../pep508/names.ts';
import { InvalidRequirementError, parseRequirement, type Requirement } from '../pep508/requirement.ts';
import { inCharacterColumns } from './columns.ts';
import { commentStart, ENV_VARIABLE, expandVariables, logicalLines, type LogicalLine, type VariableLookup } from './logical-lines.ts';

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export interface Problem {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** 1-based physical line. */
  readonly line: number;
  /** 1-based column of the first character concerned, counted in characters (an emoji is one). */
  readonly column: number;
  /** 1-based column just past the last character concerned (exclusive), on the same line. */
  readonly endColumn?: number;
  /** The file name given to the parser, if any. */
  readonly source?: string;
}

export interface RequirementLine {
  readonly requirement: Requirement;
  /** Where the requirement starts: 1-based physical line and column. */
  readonly line: number;
  readonly column: number;
  /** The requirement as written, without options such as `--hash`. */
  readonly text: string;
  /** `--hash` values (`sha256:...`), kept but not checked. */
  readonly hashes: readonly string[];
  /** Always false for now: editable (`-e`) lines are reported as problems, not requirements. */
  readonly editable: boolean;
}

export interface InstallOptions {
  /** `--pre`: allow pre-releases everywhere. */
  readonly pre: boolean;
  /** `-i` / `--index-url` (the last one wins, as with pip). */
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  /**
   * The index options in the order written: pip applies each to the indexes so far (an
   * `--index-url` replaces them all), so their order with other files' matters (cli/index-choice.ts).
   */
  readonly indexOptions: readonly IndexOptionLine[];
  /** Normalised names, or `:all:`; after pip's rules for the two options excluding each other. */
  readonly noBinary: readonly string[];
  readonly onlyBinary: readonly string[];
  /** `-f` / `--find-links`: kept, not searched. */
  readonly findLinks: readonly string[];
  /** From pyproject's `requires-python`; requirements files have none. */
  readonly requiresPython: string | null;
}

export interface RequirementsFile {
  readonly requirements: readonly RequirementLine[];
  readonly options: InstallOptions;
  /** `-c FILE` lines, when the caller can read files (`followConstraints`); otherwise they are problems. */
  readonly constraintFiles: readonly FileReference[];
  /** `-r FILE` lines, when the caller can read files (`followIncludes`); otherwise they are problems. */
  readonly includeFiles: readonly FileReference[];
  /** Ordered by line, then column. */
  readonly problems: readonly Problem[];
}

/** An `--index-url URL`, `--extra-index-url URL` or `--no-index` line, where it was written. */
export interface IndexOptionLine {
  readonly option: 'index-url' | 'extra-index-url' | 'no-index';
  /** Null for `--no-index`. */
  readonly url: string | null;
  readonly line: number;
  readonly column: number;
}

/** A file named by a line of the requirements (`-c constraints.txt`), with where it was named. */
export interface FileReference {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export interface ParseOptions {
  /** The caller reads `-c FILE` lines itself (the CLI); the page can't, so they stay problems there. */
  readonly followConstraints?: boolean;
  /** The caller reads `-r FILE` lines itself (the CLI), as pip does; in the page they stay problems. */
  readonly followIncludes?: boolean;
  /** The caller reads `--extra-index-url` indexes too (the CLI); the page reads one index, and says so. */
  readonly readsExtraIndexes?: boolean;
  /**
   * The environment `${NAME}` is expanded from, as pip does (the CLI). Without it (the page)
   * the text is used as written, with a warning. Values never appear in problems or in a
   * requirement's `text`: they may be tokens, so those show `${NAME}` as written.
   */
  readonly environment?: VariableLookup;
}

export function emptyInstallOptions(): InstallOptions {
  return {
    pre: false,
    indexUrl: null,
    extraIndexUrls: [],
    indexOptions: [],
    noBinary: [],
    onlyBinary: [],
    findLinks: [],
    requiresPython: null,
  };
}

// ---------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------

type OptionName =
  | 'index-url'
  | 'extra-index-url'
  | 'no-index'
  | 'find-links'
  | 'no-binary'
  | 'only-binary'
  | 'prefer-binary'
  | 'pre'
  | 'require-hashes'
  | 'trusted-host'
  | 'use-feature'
  | 'requirement'
  | 'constraint'
  | 'editable'
  | 'hash'
  | 'config-settings'
  | 'global-option';

interface OptionSpec {
  readonly name: OptionName;
  readonly short?: string;
  readonly takesValue: boolean;
  /** Applies to the requirement on the same line (pip's SUPPORTED_OPTIONS_REQ). */
  readonly perRequirement: boolean;
}

/** The options pip accepts in a requirements file. */
const OPTIONS: readonly OptionSpec[] = [
  { name: 'index-url', short: 'i', takesValue: true, perRequirement: false },
  { name: 'extra-index-url', takesValue: true, perRequirement: false },
  { name: 'no-index', takesValue: false, perRequirement: false },
  { name: 'find-links', short: 'f', takesValue: true, perRequirement: false },
  { name: 'no-binary', takesValue: true, perRequirement: false },
  { name: 'only-binary', takesValue: true, perRequirement: false },
  { name: 'prefer-binary', takesValue: false, perRequirement: false },
  { name: 'pre', takesValue: false, perRequirement: false },
  { name: 'require-hashes', takesValue: false, perRequirement: false },
  { name: 'trusted-host', takesValue: true, perRequirement: false },
  { name: 'use-feature', takesValue: true, perRequirement: false },
  { name: 'requirement', short: 'r', takesValue: true, perRequirement: false },
  { name: 'constraint', short: 'c', takesValue: true, perRequirement: false },
  { name: 'editable', short: 'e', takesValue: true, perRequirement: false },
  { name: 'hash', takesValue: true, perRequirement: true },
  { name: 'config-settings', takesValue: true, perRequirement: true },
  { name: 'global-option', takesValue: true, perRequirement: true },
];

/** pip accepts the hash algorithms in its STRONG_HASHES. */
const HASH = /^(sha256|sha384|sha512):[0-9a-fA-F]+$/;

interface Token {
  readonly value: string;
  /** Logical offsets of the token as written (quotes included). */
  readonly start: number;
  readonly end: number;
}

/** Split like shlex: whitespace separates, quotes group and are removed. */
function splitTokens(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    // Runs of the token are sliced whole: one character at a time builds a deep rope.
    const parts: string[] = [];
    let run = i;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      if (ch === '"' || ch === "'") {
        parts.push(text.slice(run, i));
        const close = text.indexOf(ch, i + 1);
        const stop = close < 0 ? text.length : close;
        parts.push(text.slice(i + 1, stop));
        i = stop + 1;
        run = i;
      } else {
        i++;
      }
    }
    if (run < i) parts.push(text.slice(run, Math.min(i, text.length)));
    const value = parts.join('');
    tokens.push({ value, start: base + start, end: base + Math.min(i, text.length) });
  }
  return tokens;
}

interface ParsedOption {
  readonly spec: OptionSpec;
  /** How it was written, e.g. `-i` or `--index-url`. */
  readonly written: string;
  readonly value: string | null;
  readonly start: number;
  readonly end: number;
}

/** An option pip does not know, or a word that is not an option at all (pip drops those). */
interface OddToken {
  readonly kind: 'unknown' | 'stray';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

type OptionResult = ParsedOption | OddToken;

/**
 * Read options from tokens: `--name=value`, `--name value`, `-x value`, `-xvalue`, and
 * unique prefixes of long names (optparse allows them).
 */
function readOptions(tokens: readonly Token[]): { options: OptionResult[]; missingValue: ParsedOption[] } {
  const options: OptionResult[] = [];
  const missingValue: ParsedOption[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const text = token.value;
    let spec: OptionSpec | undefined;
    let written = text;
    let inline: string | null = null;
    if (!text.startsWith('-') || text === '-') {
      options.push({ kind: text === '-' ? 'unknown' : 'stray', text, start: token.start, end: token.end });
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      written = eq < 0 ? text : text.slice(0, eq);
      inline = eq < 0 ? null : text.slice(eq + 1);
      const long = written.slice(2);
      spec = OPTIONS.find((o) => o.name === long);
      if (!spec && long !== '') {
        const prefixed = OPTIONS.filter((o) => o.name.startsWith(long));
        if (prefixed.length === 1) spec = prefixed[0];
      }
    } else {
      written = text.slice(0, 2);
      spec = OPTIONS.find((o) => o.short === text[1]);
      if (text.length > 2) inline = text.slice(2).replace(/^=/, '');
    }
    if (!spec) {
      options.push({ kind: 'unknown', text: written, start: token.start, end: token.end });
      continue;
    }
    if (!spec.takesValue) {
      if (inline !== null) options.push({ kind: 'unknown', text, start: token.start, end: token.end });
      else options.push({ spec, written, value: null, start: token.start, end: token.end });
      continue;
    }
    if (inline !== null) {
      options.push({ spec, written, value: inline, start: token.start, end: token.end });
    } else if (i + 1 < tokens.length) {
      const next = tokens[++i]!;
      options.push({ spec, written, value: next.value, start: token.start, end: next.end });
    } else {
      missingValue.push({ spec, written, value: null, start: token.start, end: token.end });
    }
  }
  return { options, missingValue };
}

// ---------------------------------------------------------------------------------------
// The parser
// ---------------------------------------------------------------------------------------

/** `scheme://` or a VCS / file scheme at the start of a line: a URL, not a name. */
const URL_START = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|(?:git|hg|svn|bzr)\+|file:)/i;
/** What pip's `is_archive_file` accepts. */
const ARCHIVE = /\.(?:whl|zip|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar\.lz|tlz)$/i;
/** pip's `_looks_like_path`, plus `~` and Windows drives. */
const PATH_LIKE = /^(?:\.|~|[A-Za-z]:[\\/])|[\\/]/;

/** Parse a requirements file. `source` (a file name) is copied into each problem. */
export function parseRequirementsTxt(text: string, source?: string, options: ParseOptions = {}): RequirementsFile {
  return new RequirementsTxtParser(source, options).parse(text);
}

class RequirementsTxtParser {
  private readonly requirements: RequirementLine[] = [];
  private readonly problems: Problem[] = [];
  private pre = false;
  private indexUrl: string | null = null;
  private readonly extraIndexUrls: string[] = [];
  private readonly indexOptions: IndexOptionLine[] = [];
  private readonly findLinks: string[] = [];
  private readonly noBinary = new Set<string>();
  private readonly onlyBinary = new Set<string>();
  private hashNoted = false;
  private readonly constraintFiles: FileReference[] = [];
  private readonly includeFiles: FileReference[] = [];
  /** The current line's expanded values with what was written for each, longest value first. */
  private concealed: readonly (readonly [value: string, written: string])[] = [];

  constructor(
    private readonly source: string | undefined,
    private readonly parseOptions: ParseOptions = {},
  ) {}

  parse(text: string): RequirementsFile {
    for (const line of logicalLines(text)) this.parseLine(line);
    const problems = inCharacterColumns(text, this.problems)
      .map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column || a.i - b.i)
      .map(({ p }) => p);
    return {
      requirements: this.requirements,
      options: {
        pre: this.pre,
        indexUrl: this.indexUrl,
        extraIndexUrls: this.extraIndexUrls,
        indexOptions: this.indexOptions,
        noBinary: [...this.noBinary],
        onlyBinary: [...this.onlyBinary],
        findLinks: this.findLinks,
        requiresPython: null,
      },
      constraintFiles: this.constraintFiles,
      includeFiles: this.includeFiles,
      problems,
    };
  }

  private parseLine(written: LogicalLine): void {
    // ignore_comments, then expand_env_variables: a `#` inside a value is not a comment.
    const comment = commentStart(written.text);
    const { line, end } = this.expand(written, comment >= 0 ? comment : written.text.length);
    const uncommented = line.text.slice(0, end);
    const start = uncommented.length - uncommented.trimStart().length;
    const content = uncommented.trim();
    if (content === '') return;

    // break_args_options: the requirement runs up to the first word starting with '-'.
    const optionAt = /(?:^|[ \t])-/.exec(content);
    const argsEnd = optionAt ? optionAt.index : content.length;
    const args = content.slice(0, argsEnd).trimEnd();
    const optionsFrom = optionAt ? argsEnd + (content[argsEnd] === '-' ? 0 : 1) : content.length;
    const tokens = splitTokens(content.slice(optionsFrom), start + optionsFrom);

    if (args === '') this.optionLine(line, tokens);
    else this.requirementLine(line, args, start, tokens);
  }

  /** The line with its variables expanded, when the caller gave an environment; each other `${NAME}` is reported. */
  private expand(written: LogicalLine, end: number): ReturnType<typeof expandVariables> {
    this.concealed = [];
    if (!this.parseOptions.environment) {
      const variables = [...written.text.slice(0, end).matchAll(ENV_VARIABLE)];
      for (const match of variables) {
        this.report(written, 'warning', `environment variable ${match[0]} is not expanded here; the text is used as written`, match.index, match.index + match[0].length);
      }
      return { line: written, end, variables: [] };
    }
    const expanded = expandVariables(written, end, this.parseOptions.environment);
    for (const variable of expanded.variables) {
      if (variable.value === null) {
        this.report(written, 'warning', `environment variable ${variable.name} is not set (or is empty), so ${variable.written} is used as written`, variable.start, variable.end);
      }
    }
    // Longest first, so that a value inside another is not concealed in part.
    this.concealed = expanded.variables
      .filter((v): v is typeof v & { value: string } => v.value !== null)
      .map((v) => [v.value, v.written] as const)
      .sort((a, b) => b[0].length - a[0].length);
    return expanded;
  }

  /** `text` with the values of this line's expanded variables shown as the `${NAME}` written. */
  private conceal(text: string): string {
    let result = text;
    for (const [value, written] of this.concealed) result = result.split(value).join(written);
    return result;
  }

  /** A line of options only: `--pre`, `-i URL`, `-r file`, ... */
  private optionLine(line: LogicalLine, tokens: readonly Token[]): void {
    const { options, missingValue } = readOptions(tokens);
    for (const option of missingValue) {
      this.report(line, 'error', `option '${option.written}' needs a value`, option.start, option.end);
    }
    for (const option of options) {
      if ('kind' in option) this.reportOdd(line, option);
      else this.applyFileOption(line, option);
    }
  }

  private applyFileOption(line: LogicalLine, option: ParsedOption): void {
    const value = option.value ?? '';
    const here = (severity: Problem['severity'], message: string): void =>
      this.report(line, severity, message, option.start, option.end);
    switch (option.spec.name) {
      case 'pre':
        this.pre = true;
        return;
      case 'index-url':
        this.indexUrl = value;
        this.indexOptions.push({ option: 'index-url', url: value, ...line.at(option.start) });
        return;
      case 'extra-index-url':
        this.extraIndexUrls.push(value);
        this.indexOptions.push({ option: 'extra-index-url', url: value, ...line.at(option.start) });
        if (!this.parseOptions.readsExtraIndexes) here('info', `--extra-index-url ${value} is kept, but only one index is read here; the command line reads both (pipette resolve -r)`);
        return;
      case 'find-links':
        this.findLinks.push(value);
        here('info', `--find-links ${value} is kept but not searched here`);
        return;
      case 'no-binary':
        mergeBinaryOption(value, this.noBinary, this.onlyBinary);
        return;
      case 'only-binary':
        mergeBinaryOption(value, this.onlyBinary, this.noBinary);
        return;
      case 'requirement':
        if (this.parseOptions.followIncludes) {
          const at = line.at(option.start);
          this.includeFiles.push({ path: value, line: at.line, column: at.column });
          return;
        }
        here(
          'error',
          `'${option.written} ${value}' can't be followed here: other files aren't read; paste their requirements in instead`,
        );
        return;
      case 'constraint':
        if (this.parseOptions.followConstraints) {
          const at = line.at(option.start);
          this.constraintFiles.push({ path: value, line: at.line, column: at.column });
          return;
        }
        here('error', `'${option.written} ${value}' can't be followed here: put the constraints in the Constraints box instead`);
        return;
      case 'editable':
        here(
          'error',
          `'${option.written} ${value}' can't be followed here: editable installs from local paths or VCS URLs aren't supported; require the project by name instead`,
        );
        return;
      case 'no-index':
        this.indexOptions.push({ option: 'no-index', url: null, ...line.at(option.start) });
        // The command line decides what it means there (it reads the indexes the files name).
        if (!this.parseOptions.readsExtraIndexes) here('warning', '--no-index has no effect here: packages come from the index this lab has loaded');
        return;
      case 'require-hashes':
        here('info', '--require-hashes is accepted, but hashes are not checked here (nothing is downloaded)');
        return;
      case 'prefer-binary':
      case 'trusted-host':
      case 'use-feature':
        here('info', `${option.written} has no effect on resolution here and is ignored`);
        return;
      case 'hash':
      case 'config-settings':
      case 'global-option':
        here('warning', `${option.written} applies to the requirement on the same line, and this line has none`);
        return;
    }
  }

  /** A requirement, possibly followed by per-requirement options (`--hash`). */
  private requirementLine(line: LogicalLine, args: string, start: number, tokens: readonly Token[]): void {
    const end = start + args.length;
    const head = args.split(';')[0]!.trim();
    if (URL_START.test(args)) {
      this.report(
        line,
        'error',
        `'${head}' is a URL: installing from URLs can't be followed here; require the project by name instead`,
        start,
        start + head.length,
      );
      return;
    }
    if (!head.includes('@') && (PATH_LIKE.test(head) || ARCHIVE.test(head))) {
      this.report(
        line,
        'error',
        `'${head}' is a local path: local files and directories can't be followed here; require the project by name instead`,
        start,
        start + head.length,
      );
      return;
    }

    let requirement: Requirement;
    try {
      requirement = parseRequirement(args);
    } catch (e) {
      if (!(e instanceof InvalidRequirementError)) throw e;
      this.report(line, 'error', e.reason, start + e.column - 1);
      return;
    }

    const hashes: string[] = [];
    const { options, missingValue } = readOptions(tokens);
    for (const option of missingValue) {
      this.report(line, 'error', `option '${option.written}' needs a value`, option.start, option.end);
    }
    for (const option of options) {
      if ('kind' in option) {
        this.reportOdd(line, option);
      } else if (option.spec.name === 'hash') {
        const value = option.value ?? '';
        if (!HASH.test(value)) {
          this.report(
            line,
            'error',
            `'${value}' is not a hash pip accepts: write --hash=sha256:<hex digest> (sha256, sha384 or sha512)`,
            option.start,
            option.end,
          );
          continue;
        }
        hashes.push(value);
        if (!this.hashNoted) {
          this.hashNoted = true;
          this.report(line, 'info', '--hash values are kept, but hashes are not checked here (nothing is downloaded)', option.start, option.end);
        }
      } else if (option.spec.perRequirement) {
        this.report(line, 'info', `${option.written} only matters when building; it is ignored here`, option.start, option.end);
      } else {
        this.report(
          line,
          'warning',
          `${option.written} after a requirement is ignored (pip ignores it too); put it on a line of its own`,
          option.start,
          option.end,
        );
      }
    }

    if (requirement.url !== null) {
      this.report(
        line,
        'error',
        `direct references (name @ url) can't be resolved against an index: require '${requirement.name}' by name and version instead`,
        start,
        end,
      );
      return;
    }

    const at = line.at(start);
    this.requirements.push({ requirement, line: at.line, column: at.column, text: this.conceal(args), hashes, editable: false });
  }

  private reportOdd(line: LogicalLine, token: OddToken): void {
    if (token.kind === 'unknown') {
      this.report(line, 'error', `unknown option '${token.text}' (pip would stop here)`, token.start, token.end);
    } else {
      this.report(
        line,
        'warning',
        `'${token.text}' after an option is ignored (pip ignores it too); put each requirement on a line of its own`,
        token.start,
        token.end,
      );
    }
  }

  /** A problem at logical offsets [from, to) of `line`. */
  private report(line: LogicalLine, severity: Problem['severity'], message: string, from: number, to?: number): void {
    const at = line.at(from);
    let endColumn: number | undefined;
    if (to !== undefined && to > from) {
      const last = line.at(to - 1);
      if (last.line === at.line) endColumn = last.column + 1;
    }
    this.problems.push({
      severity,
      message: this.conceal(message),
      line: at.line,
      column: at.column,
      ...(endColumn !== undefined ? { endColumn } : {}),
      ...(this.source !== undefined ? { source: this.source } : {}),
    });
  }
}

/**
 * pip's handle_mutual_excludes for `--no-binary` / `--only-binary`: comma-separated
 * names; `:all:` clears both sets and stands for every project; `:none:` clears the
 * target; a name moves from the other set to the target.
 */
function mergeBinaryOption(value: string, target: Set<string>, other: Set<string>): void {
  const names = value.split(',');
  // pip's loop, in one pass: each ':all:' resets both sets and ends it unless a ':none:' follows.
  const lastNone = names.lastIndexOf(':none:');
  let from = 0;
  for (let all = names.indexOf(':all:'); all >= 0; all = names.indexOf(':all:', from)) {
    other.clear();
    target.clear();
    target.add(':all:');
    from = all + 1;
    if (lastNone < from) return;
  }
  for (const name of names.slice(from)) {
    if (name === ':none:') {
      target.clear();
      continue;
    }
    if (name === '') continue;
    const key = normalizeName(name);
    other.delete(key);
    target.add(key);
  }
}
