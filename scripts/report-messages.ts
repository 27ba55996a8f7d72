/**
 * `npm run report:messages`: pip's own message beside Pipette's, for every unsatisfiable real
 * case (pip's output from ../shared/peers/pip_resolve.py, kept in each case's `pip` field)
 * and every unsatisfiable packse scenario (pip's from pip-packse-baseline.json), written to
 * reports/messages.md so the difference can be read side by side.
 *
 * Options: --out FILE (default reports/messages.md).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { explainFailure, IndexProvider, resolve, type Policy } from '../src/core/index.ts';
import { readProblem, REPO_ROOT, requestFor, sharedDataDir, sharedPeersDir, type Problem } from '../src/cli/files.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ?? join(REPO_ROOT, 'reports', 'messages.md');

interface Entry {
  readonly title: string;
  readonly source: string;
  readonly problem: Problem;
  readonly policy: Policy;
  readonly pipLines: readonly string[];
}

/** The part of pip's output that is the message: from the first ERROR (or the last INFO before it). */
function pipMessage(lines: readonly string[]): string[] {
  const first = lines.findIndex((l) => l.startsWith('ERROR'));
  return first < 0 ? [...lines] : lines.slice(Math.max(0, first)).filter((l) => l.trim() !== '');
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function collect(): Entry[] {
  const data = sharedDataDir();
  if (!data) return [];
  const entries: Entry[] = [];
  const casesDir = join(data, 'cases');
  const caseFiles = [
    ...readdirSync(casesDir).filter((f) => f.endsWith('.json')).map((f) => join(casesDir, f)),
    ...readdirSync(join(casesDir, 'pip-yaml')).filter((f) => f.endsWith('.json')).map((f) => join(casesDir, 'pip-yaml', f)),
  ].sort();
  for (const file of caseFiles) {
    const problem = readProblem(file);
    const pip = problem.caseFile?.pip;
    if (!pip || pip.ok) continue;
    entries.push({ title: problem.name, source: relative(data, file), problem, policy: 'pip', pipLines: pipMessage(pip.outputTail) });
  }
  const peers = sharedPeersDir();
  const baselinePath = peers ? join(peers, 'pip-packse-baseline.json') : null;
  if (baselinePath && existsSync(baselinePath)) {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { scenarios: { path: string; pip_ok?: boolean; error_lines?: string[]; verdict: string }[] };
    for (const scenario of baseline.scenarios) {
      if (scenario.pip_ok !== false || scenario.verdict === 'skip') continue;
      const problem = readProblem(join(data, 'packse', scenario.path));
      entries.push({ title: problem.name, source: `packse/${scenario.path}`, problem, policy: 'pip', pipLines: scenario.error_lines ?? [] });
    }
  }
  return entries;
}

async function main(): Promise<void> {
  const entries = collect();
  if (entries.length === 0) {
    console.log('report:messages: skipped — ../shared/data is not here.');
    return;
  }
  const sections: string[] = [];
  const index: string[] = [];
  let ours = 0;
  for (const entry of entries) {
    const { problem } = entry;
    const provider = new IndexProvider(problem.index);
    const request = requestFor(problem, entry.policy);
    const result = await resolve(provider, request);
    const anchor = entry.title.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
    index.push(`- [${entry.title}](#${anchor})${result.ok ? ' — Pipette finds a solution' : ''}`);
    const head = [`## ${entry.title}`, '', `Source: \`${entry.source}\`. Requirements: ${problem.requirements.map((r) => `\`${r}\``).join(', ')}.`, ''];
    if (result.ok) {
      sections.push(
        [...head, '**pip 23.2**', '', fence(entry.pipLines.join('\n') || '(no message recorded)'), '', `**Pipette** resolves it: ${result.packages.map((p) => `${p.name}==${p.version}`).join(', ')}.`, ''].join('\n'),
      );
      continue;
    }
    ours++;
    const explanation = await explainFailure(provider, request, result);
    const minimal = explanation.minimalConflict;
    sections.push(
      [
        ...head,
        '**pip 23.2**',
        '',
        fence(entry.pipLines.join('\n') || '(no message recorded)'),
        '',
        `**Pipette — plain**`,
        '',
        fence(explanation.voices.plain),
        '',
        `**Pipette — pip voice**`,
        '',
        fence(explanation.voices.pip),
        '',
        `**Pipette — pubgrub**`,
        '',
        fence(explanation.voices.pubgrub),
        '',
        minimal ? `Minimal conflict: ${minimal.requirements.map((r) => `\`${r}\``).join(', ')}${minimal.python ? ', the target Python' : ''}${minimal.platform ? ', the platform' : ''} (${minimal.resolves} resolves).` : '',
        '',
      ].join('\n'),
    );
  }
  const document = [
    '# Installer messages side by side',
    '',
    `Generated by \`npm run report:messages\` on ${new Date().toISOString().slice(0, 10)}: pip 23.2's message (recorded by \`shared/peers/pip_resolve.py\`) beside Pipette's three voices, for ${entries.length} requests pip could not resolve (${ours} that Pipette cannot resolve either).`,
    '',
    ...index,
    '',
    ...sections,
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, document);
  console.log(`report:messages: wrote ${relative(process.cwd(), out)} (${entries.length} requests).`);
}

await main();
