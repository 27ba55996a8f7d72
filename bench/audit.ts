/**
 * The trust audit of the 2023 snapshot (pypi-2023-09-popular.json: 606 projects, 28k releases)
 * with PyPA's advisories (../shared/data/advisories), goal under 2 s:
 *
 *  1. In the CLI's process: the metadata audit with advisories (cold, then the median of warm
 *     runs), the advisory matching alone, and the same matching done by the peer, Python's
 *     `packaging` through ../shared/data/advisories/affected.py, timed in the same run (ratio).
 *  2. The whole `pipette lint-index` command, as a user runs it (wall time, Node start included).
 *  3. In the browser's worker (unless --no-ui): the snapshot imported, a resolve, then "Audit this
 *     index", timed from the click to the report on screen, with the longest main-thread task
 *     (budget 100 ms) seen by a PerformanceObserver for 'longtask'.
 *
 * `npx tsx bench/audit.ts` prints the figures; `benchAudit()` is what bench/run.ts calls.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AdvisoryIndex, auditIndex, makeTarget, parseOsvText } from '../src/core/index.ts';
import { readIndexFile, sharedDataDir } from '../src/cli/files.ts';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.PIPETTE_CHROMIUM ?? '/usr/bin/chromium';
const WARM_RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time, and CPU time of this process (what the work costs when other programs share the cores). */
function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

export interface AuditBench {
  readonly releases: number;
  readonly coldMs: number;
  readonly coldCpuMs: number;
  readonly warmMs: number;
  readonly warmCpuMs: number;
  readonly matchingMs: number;
  readonly peerMatchingMs: number | null;
  readonly cliWallMs: number;
  readonly worker: { readonly clickToReportMs: number; readonly workerMs: number; readonly longestTaskMs: number; readonly longTasks: number } | null;
}

export async function benchAudit(options: { ui?: boolean } = {}): Promise<AuditBench | null> {
  const data = sharedDataDir();
  const snapshotPath = data && join(data, 'indexes/pypi-2023-09-popular.json');
  const advisoriesPath = data && join(data, 'advisories/pypa-advisory-db.json');
  if (!snapshotPath || !advisoriesPath || !existsSync(snapshotPath) || !existsSync(advisoriesPath)) {
    console.log('\nTrust audit: skipped — ../shared/data (2023 snapshot, advisories) is not here.');
    return null;
  }
  const { index, warnings } = readIndexFile(snapshotPath);
  const records = parseOsvText(readFileSync(advisoriesPath, 'utf8')).advisories;
  const target = makeTarget({ python: '3.10.12' });
  const run = () => auditIndex(index, { warnings, target, advisories: new AdvisoryIndex(records) });
  const cold = time(run);
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = time(run);
    warm.push(t.ms);
    warmCpu.push(t.cpuMs);
  }

  // The advisory matching alone, the piece the peer does too.
  const matching = time(() => {
    const advisories = new AdvisoryIndex(records);
    let affected = 0;
    for (const project of index.projects.values()) for (const release of project.releases) if (advisories.affecting(project.key, release.version).length) affected++;
    return affected;
  });
  let peerMatchingMs: number | null = null;
  try {
    const started = performance.now();
    execFileSync('python3', [join(data!, 'advisories/affected.py'), snapshotPath, advisoriesPath], { encoding: 'utf8', timeout: 300_000 });
    peerMatchingMs = performance.now() - started;
  } catch (error) {
    console.log(`  (peer: affected.py did not run: ${(error as Error).message.split('\n')[0]})`);
  }

  const cli = time(() =>
    execFileSync(process.execPath, [join(ROOT, 'bin/pipette.js'), 'lint-index', snapshotPath, '--advisories', advisoriesPath, '--json'], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 }),
  );

  const worker = options.ui === false ? null : await benchWorker(snapshotPath, advisoriesPath);
  return {
    releases: cold.value.releases,
    coldMs: cold.ms,
    coldCpuMs: cold.cpuMs,
    warmMs: median(warm),
    warmCpuMs: median(warmCpu),
    matchingMs: matching.ms,
    peerMatchingMs,
    cliWallMs: cli.ms,
    worker,
  };
}

const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration }); })
    .observe({ type: 'longtask', buffered: true });
`;

async function benchWorker(snapshotPath: string, advisoriesPath: string): Promise<AuditBench['worker']> {
  const { chromium } = await import('playwright-core');
  const { build, preview } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'pipette-audit-bench-'));
  let close = async () => {};
  try {
    await build({ root: ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const server = await preview({ root: ROOT, logLevel: 'error', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    close = () => server.close();
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('the preview server has no port');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await page.addInitScript(OBSERVE_LONG_TASKS);
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('file-input').setInputFiles(snapshotPath);
      await page.getByText(/Imported the index/).waitFor({ timeout: 120_000 });
      const panel = page.getByRole('region', { name: /Security advisories/ });
      await panel.getByLabel('OSV advisory files', { exact: true }).setInputFiles(advisoriesPath);
      await panel.getByTestId('advisory-info').getByText(/advisories imported/).waitFor({ timeout: 120_000 });
      const editor = page.getByRole('textbox', { name: 'Requirements' });
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('requests\n');
      await page.locator('header').getByRole('button', { name: /^Resolve/ }).click();
      await page.locator('header [data-status="done"]').waitFor({ timeout: 120_000 });
      await page.waitForTimeout(1000);
      const startedAt = (await page.evaluate('performance.now()')) as number;
      await panel.getByRole('button', { name: 'Audit this index' }).click();
      const summary = panel.getByTestId('index-audit').getByText(/\d+ projects, \d+ releases/);
      await summary.waitFor({ timeout: 120_000 });
      const doneAt = (await page.evaluate('performance.now()')) as number;
      const text = (await summary.textContent()) ?? '';
      await page.waitForTimeout(500);
      const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
      const during = tasks.filter((t) => t.start + t.duration >= startedAt);
      return {
        clickToReportMs: doneAt - startedAt,
        workerMs: Number(/(\d+) ms/.exec(text)?.[1] ?? NaN),
        longestTaskMs: during.reduce((max, t) => Math.max(max, t.duration), 0),
        longTasks: during.length,
      };
    } finally {
      await browser.close();
    }
  } finally {
    await close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function printAuditBench(figures: AuditBench): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nTrust audit of the 2023 snapshot (${figures.releases} releases, PyPA advisories; goal < 2 s; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores):`);
  console.log(`  in-process audit (metadata + advisories): cold ${s(figures.coldMs)} (CPU ${s(figures.coldCpuMs)}), warm median ${s(figures.warmMs)} (CPU ${s(figures.warmCpuMs)})`);
  const ratio = figures.peerMatchingMs ? ` — peer packaging (affected.py, incl. Python start) ${s(figures.peerMatchingMs)}, ratio ${(figures.peerMatchingMs / figures.matchingMs).toFixed(1)}×` : '';
  console.log(`  advisory matching alone: ${s(figures.matchingMs)}${ratio}`);
  console.log(`  pipette lint-index (whole command, Node start and snapshot load included): ${s(figures.cliWallMs)}`);
  if (figures.worker) {
    const w = figures.worker;
    console.log(`  in the browser's worker: ${s(w.workerMs)} audit, ${s(w.clickToReportMs)} from click to report; longest main-thread task ${w.longestTaskMs.toFixed(0)} ms (${w.longTasks} over 50 ms; budget 100 ms)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchAudit({ ui: !process.argv.includes('--no-ui') });
  if (figures) printAuditBench(figures);
}
