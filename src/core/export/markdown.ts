/**
 * A resolve as Markdown for pasting into an issue: the request, the result (install plan table
 * or the explanation in one voice) and the suggested fixes. Everything that comes from the
 * user or the index is escaped for GitHub-flavoured Markdown: it can't break out of a table
 * cell, a code span or a fenced block, or smuggle in HTML.
 */
import { describeTarget, type TargetEnvironment } from '../environment/index.ts';
import type { Policy, ResolvedPackage } from '../solver/index.ts';
import type { RequirementsFormat } from './permalink.ts';

export type MarkdownResult =
  | { readonly ok: true; readonly packages: readonly ResolvedPackage[] }
  | {
      readonly ok: false;
      /** The voice the explanation is written in (`pip`, `PubGrub`...). */
      readonly voice: string;
      readonly explanation: string;
      /** One sentence saying why, shown above the explanation. */
      readonly headline?: string;
    };

export interface MarkdownSuggestion {
  readonly title: string;
  readonly detail?: string;
}

export interface MarkdownInput {
  /** A heading, such as the scenario's title. */
  readonly title?: string;
  readonly requirements: string;
  readonly format?: RequirementsFormat;
  readonly target: TargetEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
  readonly result: MarkdownResult;
  readonly suggestions?: readonly MarkdownSuggestion[];
  /** Warnings beside the plan (PEP 792 statuses: archived, deprecated), as sentences. */
  readonly warnings?: readonly string[];
  /** A permalink to the same workspace. */
  readonly link?: string;
  /** The install into an existing environment: what changes, what breaks, and what the person answered. */
  readonly environment?: MarkdownEnvironment;
}

export interface MarkdownEnvironment {
  readonly changes: readonly { readonly action: string; readonly name: string; readonly installed: string | null; readonly version: string; readonly reason: string }[];
  /** pip's post-install conflict lines. */
  readonly broken: readonly string[];
  readonly needsConfirmation: boolean;
  readonly decision: 'proceed' | 'cancel' | null;
}

/** How many "required by" entries a plan row lists before saying how many more there are. */
const REQUIRED_BY_SHOWN = 3;

export function toMarkdown(input: MarkdownInput): string {
  const out: string[] = [];
  out.push(`## ${input.title?.trim() ? escapeInline(input.title) : 'Dependency resolution'}`, '');
  const policy = `policy ${codeSpan(input.policy)}, pre-releases ${input.prereleases ? 'allowed' : 'not allowed'}`;
  out.push(`Resolved by Pipette, which simulates the installer's resolver (${policy}), for ${escapeInline(describeTarget(input.target))}.`, '');
  const format = input.format ?? 'requirements.txt';
  out.push(`**Requirements** (${codeSpan(format === 'pyproject' ? 'pyproject.toml' : 'requirements.txt')}):`, '');
  out.push(...fencedBlock(input.requirements, format === 'pyproject' ? 'toml' : 'text'), '');

  const result = input.result;
  if (result.ok) {
    out.push(`### Result: solved, ${result.packages.length} package${result.packages.length === 1 ? '' : 's'}`, '');
    out.push(...planTable(result.packages), '');
    if (input.warnings?.length) out.push(...input.warnings.map((w) => `> **Warning:** ${escapeInline(w)}`), '');
  } else {
    out.push('### Result: no solution', '');
    if (result.headline?.trim()) out.push(`**${escapeInline(result.headline)}**`, '');
    out.push(`Explanation (voice: ${escapeInline(result.voice)}):`, '');
    out.push(...fencedBlock(result.explanation, 'text'), '');
  }

  if (input.environment) out.push(...environmentSection(input.environment));
  if (input.suggestions && input.suggestions.length > 0) {
    out.push('### Suggested fixes', '');
    for (const s of input.suggestions) {
      const detail = s.detail?.trim() ? ` — ${escapeInline(s.detail)}` : '';
      out.push(`- **${escapeInline(s.title)}**${detail}`);
    }
    out.push('');
  }
  if (input.link) out.push(`[Open this in Pipette](${escapeUrl(input.link)})`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function environmentSection(env: MarkdownEnvironment): string[] {
  const out = ['### Into the installed environment', ''];
  out.push('| Action | Package | Version | Why |', '| --- | --- | --- | --- |');
  for (const c of env.changes) {
    const version = c.installed && c.installed !== c.version ? `${c.installed} → ${c.version}` : c.version;
    out.push(`| ${escapeInline(c.action)} | ${codeSpan(c.name, true)} | ${codeSpan(version, true)} | ${escapeInline(c.reason)} |`);
  }
  out.push('');
  if (env.broken.length) out.push('pip would then report:', '', ...fencedBlock(env.broken.join('\n'), 'text'), '');
  if (env.needsConfirmation) {
    const answer = env.decision === 'proceed' ? 'proceed' : env.decision === 'cancel' ? 'not to install' : 'not answered yet';
    out.push(`The plan downgrades or replaces installed packages; asked to confirm, the person chose: **${answer}**.`, '');
  }
  return out;
}

function planTable(packages: readonly ResolvedPackage[]): string[] {
  const rows = [...packages].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lines = ['| Package | Version | Required by | Notes |', '| --- | --- | --- | --- |'];
  for (const pkg of rows) {
    const name = pkg.extras.length > 0 ? `${pkg.name}[${pkg.extras.join(',')}]` : pkg.name;
    const cells = [codeSpan(name, true), codeSpan(pkg.version, true), requiredByCell(pkg), notesCell(pkg)];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function requiredByCell(pkg: ResolvedPackage): string {
  const entries = pkg.requiredBy.map((edge) => {
    const who = edge.from === null ? 'you' : codeSpan(edge.fromVersion ? `${edge.from} ${edge.fromVersion}` : edge.from, true);
    return `${who}: ${codeSpan(edge.requirement, true)}`;
  });
  const shown = entries.slice(0, REQUIRED_BY_SHOWN);
  if (entries.length > shown.length) shown.push(`and ${entries.length - shown.length} more`);
  return shown.join('<br>');
}

function notesCell(pkg: ResolvedPackage): string {
  const notes: string[] = [];
  if (pkg.direct) notes.push('requested');
  if (pkg.yanked !== false) notes.push(pkg.yanked ? `yanked: ${escapeInline(pkg.yanked)}` : 'yanked');
  if (pkg.prerelease) notes.push('pre-release');
  return notes.join(', ');
}

// ---------------------------------------------------------------------------------------
// Escaping (GitHub-flavoured Markdown)
// ---------------------------------------------------------------------------------------

/** Control characters other than tab and newline: invisible, and some reorder text (bidi). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Punctuation that means something in inline Markdown or starts HTML or an entity. */
const INLINE_SPECIAL = /[\\`*_{}[\]<>#+!|~&]/g;

/** Plain text on one line: every Markdown or HTML special character is backslash-escaped. */
export function escapeInline(text: string): string {
  // `|` is escaped too, so the same text is safe in a paragraph and in a table cell.
  return oneLine(text).replace(INLINE_SPECIAL, (char) => `\\${char}`);
}

/**
 * Text as an inline code span: fenced with more backticks than any run inside it, so it can't
 * end early. Inside a table cell a `|` still splits the row in GFM unless escaped as `\|`.
 */
export function codeSpan(text: string, inTable = false): string {
  let content = oneLine(text);
  if (inTable) content = content.replaceAll('|', '\\|');
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A leading or trailing backtick would merge with the fence; CommonMark strips one space each side.
  const padded = content === '' ? ' ' : content.startsWith('`') || content.endsWith('`') ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/** A fenced code block that no line of `text` can close: the fence is longer than any backtick run in it. */
export function fencedBlock(text: string, language: string): string[] {
  const content = text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(/\n+$/, '');
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}${language}`, ...(content === '' ? [] : content.split('\n')), fence];
}

function oneLine(text: string): string {
  return text.replace(CONTROL, '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A link target: only http(s) URLs, with characters that could end the Markdown link escaped. */
function escapeUrl(url: string): string {
  const trimmed = oneLine(url);
  if (!/^https?:\/\//i.test(trimmed)) return '#';
  return trimmed.replace(/[()<>\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
