/**
 * The interoperability lab's speed: the shared packse suite × 4 combinations, in the CLI on
 * worker threads (1 and 2 jobs) and in the browser's worker pool (1 worker and one per core),
 * with scenarios per second and the speed-up of the pool over one worker (goal: near the
 * number of cores). Combinations: PubGrub under uv's and pip's rules, for each scenario's own
 * Python and for 3.8, unless the pip and legacy engines are in the build, which then take two.
 *
 * `npx tsx bench/suite.ts [--no-ui]` prints the figures; `benchSuite()` is what `npm run bench` calls.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { availableEngines } from '../src/core/index.ts';
import { sharedDataDir } from '../src/cli/files.ts';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.PIPETTE_CHROMIUM ?? '/usr/bin/chromium';

interface Combo {
  readonly engine: string;
  readonly policy: string;
  readonly python: string;
}

function combinations(): Combo[] {
  const names = new Set(availableEngines().map((e) => e.name));
  if (names.has('pip') && names.has('legacy')) {
    return [{ engine: 'pubgrub', policy: 'uv', python: '' }, { engine: 'pubgrub', policy: 'pip', python: '' }, { engine: 'pip', policy: 'pip', python: '' }, { engine: 'legacy', policy: 'pip', python: '' }];
  }
  return ['', '3.8'].flatMap((python) => ['uv', 'pip'].map((policy) => ({ engine: 'pubgrub', policy, python })));
}

interface CliFigures {
  readonly jobs: number;
  readonly wallMs: number;
  readonly processMs: number;
  readonly cells: number;
  readonly startupMs: number;
}

function runCli(packse: string, combos: readonly Combo[], jobs: number): CliFigures {
  // One invocation per distinct Python (empty = each scenario's own), as a CI job would split them.
  let wallMs = 0;
  let processMs = 0;
  let cells = 0;
  let startupMs = 0;
  for (const python of [...new Set(combos.map((c) => c.python))]) {
    const these = combos.filter((c) => c.python === python);
    const args = ['bin/pipette.js', 'suite', 'run', packse, '--engine', [...new Set(these.map((c) => c.engine))].join(','), '--policy', [...new Set(these.map((c) => c.policy))].join(','), '--jobs', String(jobs), '--json', '--quiet', '--no-pip-baseline'];
    if (python) args.push('--python', python);
    const started = performance.now();
    let out: string;
    try {
      out = execFileSync('node', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch (error) {
      // Exit status 1 (an expectation failed) still prints the whole run.
      out = String((error as { stdout?: unknown }).stdout ?? '');
      if (!out) throw error;
    }
    processMs += performance.now() - started;
    const json = JSON.parse(out) as { wallMs: number; startupMs: number; cells: unknown[] };
    wallMs += json.wallMs;
    startupMs += json.startupMs;
    cells += json.cells.length;
  }
  return { jobs, wallMs, processMs, cells, startupMs };
}

async function runBrowser(page: Page, workers: number, scenarios: number): Promise<number> {
  const setup = page.getByRole('region', { name: 'Run the suite' });
  await setup.getByLabel('Workers', { exact: true }).fill(String(workers));
  await setup.getByRole('button', { name: new RegExp(`^Run ${scenarios} scenarios`) }).click();
  const progress = page.getByTestId('run-progress');
  await progress.and(page.locator('[data-state="done"]')).waitFor({ timeout: 300_000 });
  return Number(await progress.getAttribute('data-wall-ms')) - Number(await progress.getAttribute('data-startup-ms'));
}

export interface SuiteBench {
  readonly scenarios: number;
  readonly combinations: string;
  readonly [figure: string]: number | string;
}

export async function benchSuite(options: { ui?: boolean } = {}): Promise<SuiteBench | null> {
  const data = sharedDataDir();
  if (!data) return null;
  const packse = join(data, 'packse');
  const files = (readdirSync(packse, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.toml'));
  const combos = combinations();
  const label = combos.map((c) => `${c.engine}/${c.policy}${c.python ? `/py${c.python}` : ''}`).join(', ');
  const one = runCli(packse, combos, 1);
  const two = runCli(packse, combos, 2);
  const figures: Record<string, number | string> = {
    scenarios: files.length,
    combinations: label,
    cores: availableParallelism(),
    // Two cores shared with other work make the speed-ups noisy: the load says how busy they were.
    'load average at start (1 min)': loadavg()[0]!,
    'cli 1 job: scenarios/s': files.length / (one.wallMs / 1000),
    'cli 2 jobs: scenarios/s': files.length / (two.wallMs / 1000),
    'cli speed-up, 2 jobs over 1 (×)': one.wallMs / two.wallMs,
    'cli 2 jobs: whole commands, s': two.processMs / 1000,
    'cli 2 jobs: starting the workers, s': two.startupMs / 1000,
  };
  if (options.ui === false) return figures as SuiteBench;

  const zip = zipSync(Object.fromEntries(files.map((f) => [`packse/${f}`, new Uint8Array(readFileSync(join(packse, f)))])));
  const outDir = mkdtempSync(join(tmpdir(), 'pipette-suite-bench-'));
  let server: { close(): Promise<void> } | null = null;
  try {
    await build({ root: ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
    const previewServer = await preview({ root: ROOT, logLevel: 'error', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    server = previewServer;
    const address = previewServer.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('the preview server has no port');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.getByRole('button', { name: 'Interoperability lab' }).click();
      await page.getByTestId('suite-file-input').setInputFiles({ name: 'packse.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
      await page.getByRole('navigation', { name: 'Suites' }).getByRole('button', { name: new RegExp(`${files.length} scenarios`) }).waitFor({ timeout: 60_000 });
      const setup = page.getByRole('region', { name: 'Run the suite' });
      // Start from no combinations, then add the four.
      while ((await setup.getByRole('button', { name: /^Remove / }).count()) > 0) await setup.getByRole('button', { name: /^Remove / }).first().click();
      for (const c of combos) {
        await setup.getByLabel('Engine', { exact: true }).selectOption(c.engine);
        await setup.getByLabel('Rules', { exact: true }).selectOption(c.policy);
        await setup.getByLabel('Python', { exact: true }).fill(c.python);
        await setup.getByRole('button', { name: 'Add' }).click();
      }
      const cores = Number(await page.evaluate('navigator.hardwareConcurrency'));
      // Workers stay between runs of one size: a first run of each size warms them (compiled code), the second is measured.
      await runBrowser(page, 1, files.length);
      const single = await runBrowser(page, 1, files.length);
      await runBrowser(page, cores, files.length);
      const pooled = await runBrowser(page, cores, files.length);
      figures['browser cores (hardwareConcurrency)'] = cores;
      figures['browser 1 worker: scenarios/s'] = files.length / (single / 1000);
      figures[`browser pool of ${cores}: scenarios/s`] = files.length / (pooled / 1000);
      figures[`browser speed-up, pool of ${cores} over 1 worker (×)`] = single / pooled;
      figures['load average at end (1 min)'] = loadavg()[0]!;
    } finally {
      await browser.close();
    }
  } finally {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return figures as SuiteBench;
}

export function printSuiteBench(figures: SuiteBench | null): void {
  if (!figures) {
    console.log('\nInteroperability lab: skipped — ../shared/data is not here.');
    return;
  }
  console.log(`\nInteroperability lab: the shared packse suite (${figures.scenarios} scenarios) × 4 combinations (${figures.combinations})`);
  for (const [key, value] of Object.entries(figures)) if (key !== 'scenarios' && key !== 'combinations') console.log(`  ${key}: ${typeof value === 'number' ? value.toFixed(2) : value}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printSuiteBench(await benchSuite({ ui: !process.argv.includes('--no-ui') }));
}
