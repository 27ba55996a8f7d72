/**
 * A suggested fix (`RequestChange`) applied to the text in the editor: the requirement lines
 * it takes out are replaced in place by the ones it puts in (so comments and order stay),
 * and the rest are added at the end. Pure, so it is tested without a browser.
 */
import { parsePyproject, parseRequirementsTxt, type RequirementLine, type RequestChange } from '../../core/index.ts';
import type { RequirementsFormat } from '../../cache/schema.ts';

export interface AppliedChange {
  readonly text: string;
  /** Requirements the change meant to remove but that the text does not hold as written. */
  readonly notFound: readonly string[];
  /** Options the change meant to lift (`--no-binary a`) that the text does not hold. */
  readonly flagsNotFound: readonly string[];
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * Takes `names` (normalised, or `:all:`) out of every `option` line (`--no-binary a,b`,
 * `--no-binary=:all:`); a line left with no value goes. Returns the names it found.
 */
function liftOption(text: string, option: string, names: readonly string[]): { text: string; found: Set<string> } {
  const found = new Set<string>();
  const pattern = new RegExp(`^(\\s*)${option}(=|\\s+)(\\S+)(.*)$`);
  const lines = text.split('\n').flatMap((line) => {
    const match = pattern.exec(line);
    if (!match) return [line];
    const [, indent, separator, value, rest] = match as unknown as [string, string, string, string, string];
    const kept = value.split(',').filter((entry) => {
      const hit = names.includes(entry === ':all:' ? entry : normalize(entry));
      if (hit) found.add(entry === ':all:' ? entry : normalize(entry));
      return !hit;
    });
    if (kept.length === value.split(',').length) return [line];
    if (kept.length > 0) return [`${indent}${option}${separator}${kept.join(',')}${rest}`];
    return rest.trim() === '' || rest.trim().startsWith('#') ? [] : [`${indent}${rest.trim()}`];
  });
  return { text: lines.join('\n'), found };
}

interface Edit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.insert + out.slice(edit.to);
  return out;
}

/** Offset just past the end of the physical line holding `offset`, newline included. */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

export function applyChangeToText(text: string, format: RequirementsFormat, change: RequestChange): AppliedChange {
  const parsed = format === 'pyproject' ? parsePyproject(text) : parseRequirementsTxt(text);
  const starts = lineStarts(text);
  const offsetOf = (line: RequirementLine) => starts[line.line - 1]! + line.column - 1;
  const additions = [...change.add];
  const edits: Edit[] = [];
  const notFound: string[] = [];
  const used = new Set<RequirementLine>();
  for (const removal of change.remove) {
    const found = parsed.requirements.find((r) => !used.has(r) && (r.text === removal || r.requirement.text === removal));
    if (!found) {
      notFound.push(removal);
      continue;
    }
    used.add(found);
    const from = offsetOf(found);
    const to = from + found.text.length;
    const replacement = additions.shift();
    if (replacement !== undefined) {
      edits.push({ from, to, insert: format === 'pyproject' ? JSON.stringify(replacement).slice(1, -1) : replacement });
    } else if (format === 'pyproject') {
      edits.push(removePyprojectString(text, from, to));
    } else {
      const lineStart = starts[found.line - 1]!;
      const lineEnd = endOfLine(text, from);
      const rest = text.slice(to, lineEnd).replace(/\s*#.*$/, '').trim();
      // The whole line goes when nothing else (an option such as --hash) stays on it.
      edits.push(rest === '' && text.slice(lineStart, from).trim() === '' ? { from: lineStart, to: lineEnd, insert: '' } : { from, to, insert: '' });
    }
  }
  let out = applyEdits(text, edits);
  if (additions.length > 0) out = format === 'pyproject' ? addToPyproject(out, additions) : appendLines(out, additions);
  const flagsNotFound: string[] = [];
  // --no-build is what pip calls --only-binary in a requirements file.
  for (const [option, names] of [['--no-binary', change.allowBinary ?? []], ['--only-binary', change.allowBuild ?? []]] as const) {
    if (names.length === 0) continue;
    const lifted = format === 'pyproject' ? { text: out, found: new Set<string>() } : liftOption(out, option, names);
    out = lifted.text;
    for (const name of names) if (!lifted.found.has(name)) flagsNotFound.push(`${option} ${name}`);
  }
  return { text: out, notFound, flagsNotFound };
}

/** The quoted string around [from, to) with its comma, and its line when nothing else is on it. */
function removePyprojectString(text: string, from: number, to: number): Edit {
  let start = from - 1;
  let end = to + 1;
  const after = /^\s*,/.exec(text.slice(end));
  if (after) end += after[0].length;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = endOfLine(text, end);
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    start = lineStart;
    end = lineEnd;
  }
  return { from: start, to: end, insert: '' };
}

function appendLines(text: string, lines: readonly string[]): string {
  const base = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${base}${lines.join('\n')}\n`;
}

/** Adds strings at the end of `[project] dependencies = [...]`, or writes the table when there is none. */
function addToPyproject(text: string, requirements: readonly string[]): string {
  const quoted = requirements.map((r) => JSON.stringify(r));
  const start = /^\s*dependencies\s*=\s*\[/m.exec(text);
  if (!start) {
    const entries = quoted.map((q) => `  ${q},`).join('\n');
    if (/^\s*\[project\]\s*$/m.test(text)) return text.replace(/^(\s*\[project\]\s*)$/m, `$1\ndependencies = [\n${entries}\n]`);
    return `${appendLines(text, [])}[project]\ndependencies = [\n${entries}\n]\n`;
  }
  // The closing bracket: the first `]` outside a string after the opening one.
  let i = start.index + start[0].length;
  let quote: string | null = null;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') i = endOfLine(text, i) - 1;
    else if (ch === ']') break;
  }
  const before = text.slice(0, i);
  const multiline = before.slice(start.index).includes('\n');
  const trimmed = before.replace(/\s*$/, '');
  const needsComma = !trimmed.endsWith('[') && !trimmed.endsWith(',');
  const insert = multiline ? `${needsComma ? ',' : ''}\n${quoted.map((q) => `  ${q},`).join('\n')}\n` : `${needsComma ? ', ' : ''}${quoted.join(', ')}`;
  return trimmed + insert + text.slice(i);
}
