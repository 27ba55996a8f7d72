/**
 * `npm run bench`: figures and ratios against a peer measured in the same run, from the bench
 * built like the CLI (scripts/build-bench.mjs: in-process figures are those of the built code,
 * not of the sources through tsx). Each section
 * prints the machine's load average beside its figures (2 cores shared: figures taken under
 * load are not comparable). Sections, in order (`--only a,b` runs some of them):
 *
 *  pep440    PEP 440 containment: compiled specifiers against @renovatebot/pep440's `satisfies`.
 *  cases     Real cases (../shared/data/cases) in-process: load, warm (caches cleared), cached
 *            (bench/in-process.ts).
 *  cli       Whole processes: the built CLI against pip 23.2, CPU and wall, A B A B, pip's index
 *            built once per snapshot, time-outs shown as such; the goals (bench/whole-process.ts).
 *  engines   The pip engine against pip 23.2 on the same cases (pip's figures from `cli` when it ran).
 *  matrix    The environment matrix (pandas, Python 3.8–3.12) and pip on one target.
 *  ui        The browser app: first result, initial JavaScript, longest task (bench/ui.ts).
 *  audit     The trust audit of the 2023 snapshot, in the CLI and in the worker (bench/audit.ts).
 *  wording   The wording lab: the packse suite in three variants, in Node and the worker.
 *  suite     Suite runs (bench/suite.ts).
 *  study     The study server under load (bench/study-load.ts), on PGlite and on PostgreSQL.
 *
 * The bench starts and ends with the time of a fixed piece of work apart from Pipette's code
 * (machine-speed.ts): the load average says what else runs here, not whether the host is slower.
 *
 * Options: --only SECTIONS, --cases SUBSTRING (only matching cases), --no-pip,
 * --pip-timeout SECONDS (default 60), --runs N (warm runs, default 5; 15 for the solver section), --repeats N (whole-process
 * runs of each side, default 2), --no-ui, --no-study.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchPep440, formatBenchTable } from './pep440.ts';
import { benchEngines, type PipFigures } from './engines.ts';
import { benchWording } from './wording.ts';
import { benchStudyLoad } from './study-load.ts';
import { benchMatrix } from './matrix.ts';
import { benchInProcess } from './in-process.ts';
import { benchWholeProcess } from './whole-process.ts';
import { machineSpeedMs } from './machine-speed.ts';
// @ts-expect-error: a plain ES module script, without types.
import { CHROMIUM, ensureChromium } from '../scripts/setup.mjs';

const SECTIONS = ['pep440', 'cases', 'solver', 'pigeonhole', 'cli', 'engines', 'matrix', 'ui', 'audit', 'wording', 'suite', 'study'] as const;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    cases: { type: 'string' },
    'no-pip': { type: 'boolean' },
    'pip-timeout': { type: 'string' },
    runs: { type: 'string' },
    repeats: { type: 'string' },
    'no-ui': { type: 'boolean' },
    'no-study': { type: 'boolean' },
  },
});
const WARM_RUNS = Number(values.runs ?? 5);
const REPEATS = Number(values.repeats ?? 2);
const PIP_TIMEOUT = Number(values['pip-timeout'] ?? 60);
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
for (const name of only ?? []) {
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only ${name}: no such section (there are ${SECTIONS.join(', ')})`);
}
const wanted = (name: (typeof SECTIONS)[number]) =>
  (!only || only.has(name)) && !(values['no-ui'] && name === 'ui') && !(values['no-study'] && name === 'study');

function load(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/**
 * The browser sections (ui, audit, wording, suite) drive Debian's Chromium, installed here as
 * `npm test` installs it; when that fails they say so and every other section still runs.
 */
let chromiumReady: boolean | null = null;
function chromiumAvailable(): boolean {
  if (chromiumReady === null) {
    try {
      if (!process.env.PIPETTE_CHROMIUM) ensureChromium();
      chromiumReady = true;
    } catch (error) {
      chromiumReady = false;
      console.log(`\nThe browser figures are skipped: Chromium is not at ${CHROMIUM} and could not be installed (${(error as Error).message}).`);
    }
  }
  return chromiumReady;
}

async function benchBrowser(): Promise<void> {
  const { benchUi } = await import('./ui.ts');
  console.log(`\nBrowser app (${load()}):`);
  const figures = await benchUi();
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key}: ${typeof value === 'number' ? value.toFixed(1) : String(value)}`);
}

console.log(`npm run bench — ${new Date().toISOString()}, node ${process.version}, ${load()}`);
// Figures move with the machine's speed, which the load average does not show (machine-speed.ts).
console.log(`Machine speed: the reference work takes ${machineSpeedMs().toFixed(1)} ms (lower is faster; compare figures of two days with it)`);
if (wanted('pep440')) {
  console.log(`\nPEP 440 containment (same inputs, one run; ${load()}):`);
  console.log(formatBenchTable(benchPep440()));
}
if (wanted('cases')) await benchInProcess({ ...(values.cases ? { cases: values.cases } : {}), runs: WARM_RUNS });
let pipFigures: Map<string, PipFigures> | undefined;
if (wanted('cli')) {
  console.log(`\n(${load()})`);
  const figures = await benchWholeProcess({ ...(values.cases ? { cases: values.cases } : {}), pip: !values['no-pip'], pipTimeout: PIP_TIMEOUT, repeats: REPEATS });
  pipFigures = new Map(figures?.rows.filter((r) => r.pip).map((r) => [r.name, { cpu: r.pip!.cpu, wall: r.pip!.wall, timedOut: r.pip!.timedOut, ok: r.pip!.rc === 0 }]));
}
// The solver's warm runs are 15 unless --runs says otherwise: a median of 5 moved by a quarter from one run of the bench to the next.
if (wanted('solver')) await import('./solver.ts').then(async (m) => m.printSolverBench(await m.benchSolver({ runs: values.runs ? WARM_RUNS : 15 })));
if (wanted('pigeonhole')) await import('./pigeonhole.ts').then(async (m) => m.printPigeonholeBench(await m.benchPigeonhole({ budgetSeconds: 10 }), 10));
if (wanted('engines')) await benchEngines({ ...(values.cases ? { cases: values.cases } : {}), pip: !values['no-pip'], pipTimeout: PIP_TIMEOUT, ...(pipFigures ? { pipFigures } : {}) });
if (wanted('matrix')) await benchMatrix({ pip: !values['no-pip'] });
if (wanted('ui')) {
  if (chromiumAvailable()) await benchBrowser();
  else console.log(`\nBrowser app: skipped, because Chromium is not at ${CHROMIUM} and could not be installed (the reason is printed above).`);
}
const withBrowser = () => !values['no-ui'] && chromiumAvailable();
if (wanted('audit')) await import('./audit.ts').then(async ({ benchAudit, printAuditBench }) => { const f = await benchAudit({ ui: withBrowser() }); if (f) printAuditBench(f); });
if (wanted('wording')) await benchWording({ ui: withBrowser() });
if (wanted('suite')) await import('./suite.ts').then(async (m) => m.printSuiteBench(await m.benchSuite({ ui: withBrowser() })));
if (wanted('study')) await benchStudyLoad();
console.log(`\nDone — ${load()}; the reference work takes ${machineSpeedMs().toFixed(1)} ms now.`);
