/**
 * `pipette wording`: the wording lab for an installer's CI.
 *
 *   pipette wording check VARIANT.json|VARIANT.po ...
 *       lint: every problem at its key; exit 1 when any is an error
 *   pipette wording render [VARIANT.json|.po ...] --suite PATH ... [--voice V|all]
 *       [--verbosity brief|normal|full] [--format md|json|csv] [--jargon FILE] [--budget MS]
 *       the failing scenarios of the suite in each variant (the base wording first), with
 *       their measures; pip's recorded output too where the suite carries it
 */
import { parseArgs } from 'node:util';
import {
  BASE_VARIANT,
  DEFAULT_JARGON,
  MAX_JARGON_TERMS,
  gridToCsv,
  gridToMarkdown,
  renderSuite,
  VERBOSITIES,
  VOICES,
  type Verbosity,
  type Voice,
  type WordingCheck,
  type WordingIssue,
  type WordingVariant,
} from '../core/index.ts';
import { InputError, readText } from './files.ts';
import { writeOutput } from './read-bounded.ts';
import { checkVariantFile } from './wording-file.ts';
import { loadSuite } from './wording-suite.ts';

export const WORDING_USAGE = `  pipette wording check VARIANT.json|.po ...   check wording variants (exit 1 on an error)
  pipette wording render [VARIANT.json|.po ...] --suite PATH ... [--voice pubgrub|pip|plain|all]
                         [--verbosity brief|normal|full] [--format md|json|csv] [--jargon FILE] [--out FILE]
                                       every failing scenario of the suite in each variant, with measures`;

function issueLine(file: string, issue: WordingIssue): string {
  return `${file}: ${issue.path ? `${issue.path}: ` : ''}${issue.severity}: ${issue.message}`;
}

/** A variant file (JSON or PO); its problems are printed, and a variant that can't be used is an InputError. */
export function readVariantFile(path: string, options: { quiet?: boolean } = {}): { check: WordingCheck; variant: WordingVariant } {
  const check = checkVariantFile(path);
  if (!options.quiet) for (const issue of check.issues) process.stderr.write(`${issueLine(path, issue)}\n`);
  if (!check.variant) throw new InputError(`${path}: not a usable wording variant`);
  return { check, variant: check.variant };
}

export function verbosityFrom(value: unknown): Verbosity {
  const verbosity = (value as string | undefined) ?? 'normal';
  if (!VERBOSITIES.includes(verbosity as Verbosity)) throw new InputError(`--verbosity ${verbosity}: expected ${VERBOSITIES.join(', ')}`);
  return verbosity as Verbosity;
}

function commandCheck(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new InputError('pipette wording check takes one or more VARIANT.json (or .po) files');
  let errors = 0;
  for (const file of positionals) {
    let check: WordingCheck;
    try {
      check = checkVariantFile(file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Read errors already start with the path.
      const reason = error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message;
      process.stdout.write(`${file}: error: ${reason}\n`);
      errors++;
      continue;
    }
    for (const issue of check.issues) process.stdout.write(`${issueLine(file, issue)}\n`);
    const count = check.issues.filter((i) => i.severity === 'error').length;
    errors += count + (check.variant ? 0 : 1);
    if (check.variant) {
      const n = Object.values(check.variant.templates).reduce((sum, t) => sum + Object.keys(t ?? {}).length, 0);
      process.stdout.write(`${file}: ${check.variant.name} (${check.variant.id}, ${check.variant.language}): ${n} templates, ${count} error${count === 1 ? '' : 's'}, ${check.issues.length - count} warning${check.issues.length - count === 1 ? '' : 's'}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}

async function commandRender(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      suite: { type: 'string', multiple: true },
      voice: { type: 'string' },
      verbosity: { type: 'string' },
      format: { type: 'string' },
      jargon: { type: 'string' },
      budget: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.out === '') throw new InputError('--out needs a file name (it was given an empty one)');
  const suite = values.suite ?? [];
  if (suite.length === 0) throw new InputError('pipette wording render needs --suite PATH (a packse folder, a scenario or case file, or a folder of them)');
  const format = values.format ?? 'md';
  if (!['md', 'json', 'csv'].includes(format)) throw new InputError(`--format ${format}: expected md, json or csv`);
  const voiceArg = values.voice ?? 'all';
  if (voiceArg !== 'all' && !VOICES.includes(voiceArg as Voice)) throw new InputError(`--voice ${voiceArg}: expected ${VOICES.join(', ')} or all`);
  const voices: Voice[] = voiceArg === 'all' ? [...VOICES] : [voiceArg as Voice];
  const verbosity = verbosityFrom(values.verbosity);
  const budgetMs = Number(values.budget ?? 1000);
  if (!Number.isFinite(budgetMs) || budgetMs < 0) throw new InputError(`--budget ${values.budget}: expected milliseconds`);
  const jargon = values.jargon ? readText(values.jargon, 1024 * 1024).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) : DEFAULT_JARGON;
  if (jargon.length > MAX_JARGON_TERMS) throw new InputError(`${values.jargon}: ${jargon.length} jargon terms, over the limit of ${MAX_JARGON_TERMS}`);
  const variants = [BASE_VARIANT, ...positionals.map((file) => readVariantFile(file).variant)];
  const ids = new Set<string>();
  for (const v of variants) {
    if (ids.has(v.id)) throw new InputError(`two variants have the id "${v.id}"; give each its own`);
    ids.add(v.id);
  }
  const { entries, read, skipped } = await loadSuite(suite, { budgetMs });
  for (const line of skipped) process.stderr.write(`skipped ${line}\n`);
  // An empty grid from a suite that gave nothing would read as "no differences", with exit 0.
  if (read === 0) throw new InputError(`no scenarios in ${suite.join(', ')} (packse .toml, case or Pipette scenario .json): nothing to render`);
  process.stderr.write(`${read} scenario${read === 1 ? '' : 's'} read, ${entries.length} with no solution.\n`);
  const grids = voices.map((voice) => renderSuite(entries, variants, { voice, verbosity, jargon }));
  // A message that could not be rendered is a row of zeros in CSV: say which, and why.
  const failures = grids.flatMap((grid) => grid.rows.flatMap((row) => row.cells.flatMap((cell, i) => (cell.error ? [`${row.id}, ${grid.variants[i]!.id}, ${grid.voice} voice: could not render: ${cell.error}`] : []))));
  for (const line of failures.slice(0, 20)) process.stderr.write(`warning: ${line}\n`);
  if (failures.length > 20) process.stderr.write(`warning: ... and ${failures.length - 20} more messages could not be rendered\n`);
  let output: string;
  if (format === 'json') output = `${JSON.stringify(voices.length === 1 ? grids[0] : grids, null, 1)}\n`;
  else if (format === 'csv') output = grids.map((g, i) => (i === 0 ? gridToCsv(g) : gridToCsv(g).split('\r\n').slice(1).join('\r\n'))).join('');
  else output = grids.map(gridToMarkdown).join('\n');
  if (values.out !== undefined) writeOutput(values.out, output);
  else process.stdout.write(output);
  return 0;
}

export async function commandWording(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return commandCheck(rest);
  if (sub === 'render') return commandRender(rest);
  throw new InputError(`pipette wording takes check or render\n\n${WORDING_USAGE}`);
}
