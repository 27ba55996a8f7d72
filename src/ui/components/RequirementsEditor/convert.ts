/**
 * Moving the text between requirements.txt and pyproject `[project] dependencies`, so the
 * syntax switch keeps the person's requirements instead of leaving them invalid — and keeps
 * everything else too: comments go along as TOML comments, and lines pyproject.toml has no
 * place for (`--index-url`, `-c`, `-r`, `--pre`...) ride along as `# requirements.txt:`
 * comments that the way back turns into lines again. What can't be carried is listed, so the
 * page can offer to undo the switch.
 */
import { parsePyproject, parseRequirementsTxt } from '../../../core/index.ts';
import type { RequirementsFormat } from '../../../cache/schema.ts';

export interface Conversion {
  readonly text: string;
  /** What changed meaning on the way ("2 pip option lines kept as comments: …"); empty when nothing did. */
  readonly notes: readonly string[];
}

/** Lines pyproject.toml can't hold are carried under this prefix, and restored from it. */
const CARRIED = '# requirements.txt: ';
const TEMPLATE_HEAD = '[project]\nname = "my-project"\nversion = "0.1.0"\n';

export function convertRequirements(text: string, from: RequirementsFormat, to: RequirementsFormat): string {
  return convert(text, from, to).text;
}

export function convert(text: string, from: RequirementsFormat, to: RequirementsFormat): Conversion {
  if (from === to) return { text, notes: [] };
  return to === 'pyproject' ? toPyproject(text) : toRequirementsTxt(text);
}

function toPyproject(text: string): Conversion {
  const parsed = parseRequirementsTxt(text);
  const byLine = new Map(parsed.requirements.map((r) => [r.line, r]));
  const out: string[] = [];
  const carried: string[] = [];
  let hashes = 0;
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    // A logical line: physical lines joined where one ends in a backslash.
    let logical = physical[i]!;
    const first = i + 1;
    while (/\\$/.test(logical) && i + 1 < physical.length) logical = `${logical.slice(0, -1)} ${physical[++i]!.trim()}`;
    const trimmed = logical.trim();
    if (trimmed === '') {
      if (out.length > 0) out.push('');
      continue;
    }
    if (trimmed.startsWith('#')) {
      out.push(`  ${trimmed}`);
      continue;
    }
    const requirement = byLine.get(first);
    const comment = /(?:^|\s)#.*$/.exec(logical)?.[0].trim() ?? '';
    if (requirement) {
      if (requirement.hashes.length > 0) hashes++;
      out.push(`  ${JSON.stringify(requirement.text)},${comment ? `  ${comment}` : ''}`);
    } else {
      out.push(`  ${CARRIED}${trimmed}`);
      carried.push(trimmed);
    }
  }
  while (out[out.length - 1] === '') out.pop();
  const notes: string[] = [];
  if (carried.length > 0) {
    notes.push(
      `${carried.length} line${carried.length === 1 ? '' : 's'} pyproject.toml has no place for (${carried.map((c) => c.split(/\s+/)[0]).join(', ')}) ${carried.length === 1 ? 'is' : 'are'} kept as comments and no longer ${carried.length === 1 ? 'applies' : 'apply'}; switching back restores them.`,
    );
  }
  if (hashes > 0) notes.push(`The --hash values of ${hashes} requirement${hashes === 1 ? '' : 's'} are left out (pyproject.toml dependencies have no hashes).`);
  return { text: `${TEMPLATE_HEAD}dependencies = [\n${out.join('\n')}${out.length ? '\n' : ''}]\n`, notes };
}

function toRequirementsTxt(text: string): Conversion {
  const parsed = parsePyproject(text);
  const region = dependencyLines(text);
  const lines: string[] = [];
  if (parsed.options.requiresPython) lines.push(`# requires-python ${parsed.options.requiresPython}`);
  let notes: string[] = [];
  if (region) {
    let started = false;
    for (const raw of region.lines) {
      const trimmed = raw.trim();
      if (trimmed === '') {
        if (started) lines.push('');
        continue;
      }
      started = true;
      if (trimmed.startsWith(CARRIED.trim())) {
        lines.push(trimmed.slice(CARRIED.trim().length).trim());
        continue;
      }
      if (trimmed.startsWith('#')) {
        lines.push(trimmed);
        continue;
      }
      const strings = stringsIn(trimmed);
      const comment = commentAfter(trimmed);
      strings.forEach((s, k) => lines.push(k === strings.length - 1 && comment ? `${s}  ${comment}` : s));
    }
    const rest = `${text.slice(0, region.start)}${text.slice(region.end)}`;
    if (!isTemplateRest(rest)) notes = ['The rest of pyproject.toml (the project’s name, version and any other table) has no place in requirements.txt and is left out.'];
  } else {
    lines.push(...parsed.requirements.map((r) => r.text));
    if (text.trim() !== '') notes = ['Only the [project] dependencies are carried over; the rest of pyproject.toml has no place in requirements.txt.'];
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return { text: lines.join('\n') + (lines.length ? '\n' : ''), notes };
}

/** The lines inside `dependencies = [ … ]` of the [project] table, and where the whole assignment lies. */
function dependencyLines(text: string): { lines: string[]; start: number; end: number } | null {
  const head = /^[ \t]*dependencies[ \t]*=[ \t]*\[/m.exec(text);
  if (!head) return null;
  let i = head.index + head[0].length;
  let quote: string | null = null;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ']') break;
  }
  if (i >= text.length) return null;
  const inner = text.slice(head.index + head[0].length, i);
  let end = i + 1;
  while (end < text.length && text[end] !== '\n') end++;
  return { lines: inner.split(/\r\n|\r|\n/), start: head.index, end: Math.min(end + 1, text.length) };
}

/** TOML basic ("…") and literal ('…') strings on a line, decoded. */
function stringsIn(line: string): string[] {
  const found: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m[1] !== undefined) {
      try {
        found.push(JSON.parse(`"${m[1]}"`) as string);
      } catch {
        found.push(m[1]);
      }
    } else found.push(m[2]!);
  }
  return found;
}

/** A `# comment` after the strings of a line. */
function commentAfter(line: string): string {
  const withoutStrings = line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  const at = withoutStrings.indexOf('#');
  return at >= 0 ? withoutStrings.slice(at).trim() : '';
}

/** Whether what lies outside the dependencies is only what the switch itself writes. */
function isTemplateRest(rest: string): boolean {
  const normalise = (s: string) => s.replace(/\r\n?/g, '\n').replace(/\n+/g, '\n').trim();
  return normalise(rest) === normalise(TEMPLATE_HEAD) || normalise(rest) === '[project]';
}
