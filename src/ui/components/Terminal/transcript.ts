/**
 * What `pip install` would print for this case, as lines with ANSI colours like pip's own:
 * "Collecting …" for each requirement met, then "Would install …" (a dry run), or pip's
 * ResolutionImpossible error in the pip voice. Pure, so it is tested without a terminal.
 */
import { parsePyproject, parseRequirementsTxt, terminalSafe, type ResolvedPackage } from '../../../core/index.ts';
import type { RequirementsFormat } from '../../../cache/schema.ts';
import type { ResolveOutcome } from '../../../worker/client.ts';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const GREEN = '\x1b[32m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export interface TranscriptInput {
  readonly outcome: ResolveOutcome;
  readonly requirements: string;
  readonly format: RequirementsFormat;
}

function commandLine(format: RequirementsFormat): string {
  const args = format === 'pyproject' ? '.' : '-r requirements.txt';
  return `${GREEN}$${RESET} ${BOLD}pip install --dry-run ${args}${RESET}`;
}

/** pip colours whole lines by their prefix; what the line holds (index data) is made terminalSafe first. */
export function colourLine(text: string): string {
  const line = terminalSafe(text);
  if (line.startsWith('ERROR:')) return `${RED}${line}${RESET}`;
  if (line.startsWith('WARNING:')) return `${YELLOW}${line}${RESET}`;
  if (line.startsWith('HINT:') || line.startsWith('INFO:')) return `${DIM}${line}${RESET}`;
  return line;
}

/** `Collecting …` for your requirements, as pip names where each came from. */
function directLines(requirements: string, format: RequirementsFormat): string[] {
  if (format === 'pyproject') {
    return parsePyproject(requirements).requirements.map((r) => `Collecting ${r.text} (from my-project)`);
  }
  return parseRequirementsTxt(requirements).requirements.map((r) => `Collecting ${r.text} (from -r requirements.txt (line ${r.line}))`);
}

/** Breadth first from your requirements, as pip meets them: each package once, with its requirer. */
function transitiveLines(packages: readonly ResolvedPackage[]): string[] {
  const byKey = new Map(packages.map((p) => [p.key, p]));
  const seen = new Set(packages.filter((p) => p.direct).map((p) => p.key));
  const queue = packages.filter((p) => p.direct);
  const lines: string[] = [];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of packages) {
      if (seen.has(child.key)) continue;
      const by = child.requiredBy.find((r) => r.from !== null && r.from.replace(/\[.*\]$/, '') === parent.key);
      if (!by) continue;
      seen.add(child.key);
      queue.push(child);
      lines.push(`Collecting ${by.requirement.split(';')[0]!.trim()} (from ${byKey.get(parent.key)?.name ?? parent.key}${by.fromVersion ? `==${by.fromVersion}` : ''})`);
    }
  }
  return lines;
}

export function pipTranscript({ outcome, requirements, format }: TranscriptInput): string[] {
  const out = [commandLine(format)];
  if (outcome.kind === 'invalid') {
    for (const problem of outcome.problems) out.push(colourLine(`ERROR: Invalid requirement (line ${problem.line}, column ${problem.column}): ${problem.message}`));
    return out;
  }
  // An installer engine ran (pip 23.2, pip 20.2): its own output, line for line.
  if ((outcome.kind === 'solved' || outcome.kind === 'failed') && outcome.engineRun && outcome.engineRun.output.length > 0) {
    if (outcome.engineRun.engine === 'legacy') out[0] = out[0]!.replace('pip install --dry-run', 'pip install');
    out.push(...outcome.engineRun.output.map(colourLine));
    return out;
  }
  out.push(...directLines(requirements, format).map(colourLine));
  if (outcome.kind === 'index-error') {
    // pip too stops when the index can't be read; its own wording depends on the exception.
    out.push(colourLine(`ERROR: ${outcome.error.url}: ${outcome.error.detail}`));
    return out;
  }
  if (outcome.kind === 'failed') {
    const text = outcome.explanation?.voices.pip ?? outcome.fallbackReport ?? 'ERROR: ResolutionImpossible';
    out.push(...text.split('\n').map(colourLine));
    return out;
  }
  const { packages } = outcome.result;
  out.push(...transitiveLines(packages).map(colourLine));
  for (const p of packages) {
    if (p.yanked === false) continue;
    out.push(colourLine(`WARNING: The candidate selected for download or install is a yanked version: '${p.name}' candidate (version ${p.version})`));
    out.push(colourLine(`WARNING: Reason for being yanked: ${p.yanked || '<none given>'}`));
  }
  // PEP 792: archived and deprecated projects, said as pip's warnings are.
  for (const w of outcome.result.warnings) if (w.kind === 'project-status') out.push(colourLine(`WARNING: ${w.message}`));
  const installs = [...packages].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((p) => `${p.name}-${p.version}`);
  out.push(colourLine(`Would install ${installs.join(' ')}`));
  return out;
}

/** The transcript without colours, for copying and for screen readers. */
export function plainText(lines: readonly string[]): string {
  // eslint-disable-next-line no-control-regex
  return lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')).join('\n');
}
