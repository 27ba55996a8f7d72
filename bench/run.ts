/**
 * `npm run bench`: figures and ratios against a peer measured in the same run.
 *
 *  1. PEP 440 containment: compiled specifiers against @renovatebot/pep440's `satisfies`.
 *  2. Real cases (../shared/data/cases): each resolved in-process (cold, then the median of
 *     warm runs), and pip 23.2's own resolver on the same case through
 *     ../shared/peers/pip_resolve.py, with the ratio.
 *  3. The pip engine against pip 23.2 on the same cases, CPU time against CPU time (engines.ts).
 *  4. The browser app, when its bench module is present: initial JavaScript and the longest
 *     main-thread task while the largest bundled case resolves.
 *  4. The wording lab (bench/wording.ts): the packse suite in three wording variants, in Node and in the browser's worker.
 *
 *  4. The trust audit of the 2023 snapshot, in the CLI and in the worker (bench/audit.ts).
 *
 *  4. The study server under load (bench/study-load.ts), on PGlite and on PostgreSQL.
 *
 * Options: --cases SUBSTRING (only matching cases), --no-pip, --pip-timeout SECONDS (default 120),
 * --runs N (warm runs, default 7), --no-ui, --no-study.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IndexProvider, resolve, toSnapshot, type ResolveResult } from '../src/core/index.ts';
import { readProblem, requestFor, sharedDataDir, sharedPeersDir, type Problem } from '../src/cli/files.ts';
import { benchPep440, formatBenchTable } from './pep440.ts';
import { benchEngines } from './engines.ts';
import { benchWording } from './wording.ts';
import { benchStudyLoad } from './study-load.ts';
import { benchMatrix } from './matrix.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    'no-pip': { type: 'boolean' },
    'pip-timeout': { type: 'string' },
    runs: { type: 'string' },
    'no-ui': { type: 'boolean' },
    'no-study': { type: 'boolean' },
  },
});
const WARM_RUNS = Number(values.runs ?? 7);
const PIP_TIMEOUT = Number(values['pip-timeout'] ?? 120);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function resolveOnce(problem: Problem): Promise<{ ms: number; result: ResolveResult }> {
  const started = performance.now();
  const result = await resolve(new IndexProvider(problem.index), requestFor(problem));
  return { ms: performance.now() - started, result };
}

interface PipRun {
  readonly ok: boolean | null;
  readonly seconds: number | null;
  readonly note: string;
}

function runPip(problem: Problem, peers: string, scratch: string): PipRun {
  const snapshot = join(scratch, 'index.json');
  const requirements = join(scratch, 'requirements.txt');
  writeFileSync(snapshot, JSON.stringify(toSnapshot(problem.index)));
  writeFileSync(requirements, problem.requirements.join('\n') + '\n');
  const python = problem.markers.python_version;
  const args = [join(peers, 'pip_resolve.py'), snapshot, requirements, '--timeout', String(PIP_TIMEOUT)];
  if (python) args.push('--python', python);
  if (problem.prereleases) args.push('--pre');
  try {
    const out = execFileSync('python3', args, { encoding: 'utf8', timeout: (PIP_TIMEOUT * 2 + 120) * 1000, maxBuffer: 64 * 1024 * 1024 });
    const line = out.trim().split('\n').pop()!;
    const parsed = JSON.parse(line) as { ok: boolean; seconds: number; output_tail?: string[] };
    const timedOut = (parsed.output_tail ?? []).some((l) => l.includes('timed out'));
    return { ok: timedOut ? null : parsed.ok, seconds: parsed.seconds, note: timedOut ? `gave up after ${PIP_TIMEOUT} s` : '' };
  } catch (error) {
    return { ok: null, seconds: null, note: `pip did not run: ${(error as Error).message.split('\n')[0]}` };
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

async function benchCases(): Promise<void> {
  const data = sharedDataDir();
  if (!data) {
    console.log('\nReal cases: skipped — ../shared/data is not here.');
    return;
  }
  const peers = values['no-pip'] ? null : sharedPeersDir();
  const dir = join(data, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => !values.cases || f.includes(values.cases))
    .sort();
  console.log(`\nReal cases: Pipette in-process (cold, and median of ${WARM_RUNS} warm runs) against pip 23.2 (pip_resolve.py, whole process)${peers ? '' : ' — pip skipped'}`);
  console.log(`  ${pad('case', 36)} ${pad('verdict', 9)} ${pad('cold ms', 8, true)} ${pad('warm ms', 8, true)} ${pad('pip s', 8, true)} ${pad('× faster', 9, true)}  note`);
  const scratch = mkdtempSync(join(tmpdir(), 'pipette-bench-'));
  const slow: string[] = [];
  const ratios: number[] = [];
  try {
    for (const file of files) {
      const problem = readProblem(join(dir, file));
      const cold = await resolveOnce(problem);
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push((await resolveOnce(problem)).ms);
      const warmMs = median(warm);
      const pip = peers ? runPip(problem, peers, scratch) : { ok: null, seconds: null, note: '' };
      const pipSeconds = pip.seconds;
      const ratio = pipSeconds ? (pipSeconds * 1000) / warmMs : null;
      if (ratio) ratios.push(ratio);
      const verdict = cold.result.ok ? 'solved' : 'no sol.';
      const notes = [pip.note];
      if (pip.ok !== null && pip.ok !== cold.result.ok) notes.push(`pip says ${pip.ok ? 'solved' : 'no solution'}`);
      if (cold.result.ok && warmMs > 100) slow.push(`${problem.name} (${warmMs.toFixed(1)} ms)`);
      console.log(
        `  ${pad(problem.name, 36)} ${pad(verdict, 9)} ${pad(cold.ms.toFixed(1), 8, true)} ${pad(warmMs.toFixed(1), 8, true)} ${pad(pipSeconds === null ? '-' : pipSeconds.toFixed(2), 8, true)} ${pad(ratio === null ? '-' : ratio.toFixed(0), 9, true)}  ${notes.filter(Boolean).join('; ')}`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (ratios.length) console.log(`  speed-up against pip: min ${Math.min(...ratios).toFixed(0)}×, median ${median(ratios).toFixed(0)}×`);
  console.log(slow.length ? `  over 100 ms warm: ${slow.join(', ')}` : '  every satisfiable case resolves in under 100 ms warm');
}

async function benchBrowser(): Promise<void> {
  const module = join(import.meta.dirname, 'ui.ts');
  if (values['no-ui'] || !existsSync(module)) return;
  const { benchUi } = (await import(module)) as { benchUi: () => Promise<Record<string, unknown>> };
  console.log('\nBrowser app:');
  const figures = await benchUi();
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${typeof value === 'number' ? value.toFixed(1) : String(value)}`);
}

console.log('PEP 440 containment (same inputs, one run):');
console.log(formatBenchTable(benchPep440()));
await benchCases();
await import('./solver.ts').then(async (m) => m.printSolverBench(await m.benchSolver({ runs: WARM_RUNS })));
await import('./pigeonhole.ts').then(async (m) => m.printPigeonholeBench(await m.benchPigeonhole({ budgetSeconds: 10 }), 10));
await benchEngines({ ...(values.cases ? { cases: values.cases } : {}), pip: !values['no-pip'], pipTimeout: PIP_TIMEOUT });
await benchMatrix({ pip: !values['no-pip'] });
await benchBrowser();
await import('./audit.ts').then(async ({ benchAudit, printAuditBench }) => { const f = await benchAudit({ ui: !values['no-ui'] }); if (f) printAuditBench(f); });
await benchWording({ ui: !values['no-ui'] });
await import('./suite.ts').then(async (m) => m.printSuiteBench(await m.benchSuite({ ui: !values['no-ui'] })));
if (!values['no-study']) await benchStudyLoad();
