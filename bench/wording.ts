/**
 * The wording lab's speed: the whole shared packse suite's failing scenarios rendered in three
 * wording variants (the base and the two of examples/wording/), every voice.
 *
 *  - CLI / Node: explaining the suite once (resolve, minimal conflict, fixes), then rendering
 *    the grid (3 variants × every scenario, with measures and template usage) cold and warm,
 *    against explain's own renderer (`renderVoices`, base wording, no tracking) as the peer.
 *  - Browser: the built app in Chromium; the suite imported as a zip into the lab (the worker
 *    resolves and explains it), then the grid re-rendered per voice, timed from the change in
 *    the page to the grid on screen (target: under 2 s warm), with every main-thread long task
 *    seen meanwhile (budget: none over 100 ms).
 *
 * `npx tsx bench/wording.ts [--no-ui]`, or `npm run bench` (which calls benchWording).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { BASE_VARIANT, parseWordingFile, renderSuite, renderVoices, VOICES, type WordingSuiteEntry as SuiteEntry, type WordingVariant } from '../src/core/index.ts';
import { sharedDataDir, sharedPeersDir } from '../src/cli/files.ts';
import { loadSuite } from '../src/cli/wording-suite.ts';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.PIPETTE_CHROMIUM ?? '/usr/bin/chromium';
const WARM_RUNS = 7;
const EXAMPLES = ['short-and-plain.json', 'error-note-hint.json'].map((f) => join(ROOT, 'examples', 'wording', f));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function exampleVariants(): WordingVariant[] {
  return EXAMPLES.map((file) => {
    const { variant } = parseWordingFile(readFileSync(file, 'utf8'));
    if (!variant) throw new Error(`${file} is not a usable variant`);
    return variant;
  });
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export interface NodeWordingBench {
  readonly scenarios: number;
  readonly failing: number;
  readonly explainMs: number;
  readonly gridColdMs: number;
  readonly gridWarmMs: number;
  readonly peerWarmMs: number;
}

async function benchNode(packse: string): Promise<{ figures: NodeWordingBench; entries: SuiteEntry[] }> {
  const variants = [BASE_VARIANT, ...exampleVariants()];
  const started = performance.now();
  const { entries, read } = await loadSuite([packse], { budgetMs: 500 });
  const explainMs = performance.now() - started;
  const all = () => {
    for (const voice of VOICES) renderSuite(entries, variants, { voice });
  };
  const gridColdMs = time(all);
  const warm = Array.from({ length: WARM_RUNS }, () => time(all));
  // The peer: explain's own renderer, three times over (once per variant's worth of work), per voice.
  const peer = Array.from({ length: WARM_RUNS }, () =>
    time(() => {
      for (let i = 0; i < variants.length * VOICES.length; i++) for (const e of entries) renderVoices(e.findings);
    }),
  );
  return { figures: { scenarios: read, failing: entries.length, explainMs, gridColdMs, gridWarmMs: median(warm), peerWarmMs: median(peer) }, entries };
}

function packseZip(packse: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.toml')) files[`packse/${relative(packse, full)}`] = readFileSync(full);
    }
  };
  walk(packse);
  const peers = sharedPeersDir();
  if (peers) files['packse/pip-packse-baseline.json'] = readFileSync(join(peers, 'pip-packse-baseline.json'));
  return zipSync(files, { level: 6 });
}

export interface BrowserWordingBench {
  readonly failing: number;
  readonly suiteLoadMs: number;
  /** Median, over the voices, of change → grid on screen, warm (3 variants). */
  readonly gridWarmMs: number;
  /** The worker's own time for those renders (median). */
  readonly workerWarmMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
}

const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration }); })
    .observe({ type: 'longtask', buffered: true });
`;

/** In the page: change the lab's voice, and wait until the grid for it is on screen. */
const RERENDER = `async (voice) => {
  const status = document.querySelector('[data-testid="lab-status"]');
  const select = document.querySelector('[data-testid="lab-voice"]');
  const started = performance.now();
  select.value = voice;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  let seenRendering = false;
  await new Promise((resolve) => {
    const check = () => {
      const text = status.textContent || '';
      if (text.includes('Rendering')) seenRendering = true;
      if (seenRendering && text.includes('Rendered in')) { observer.disconnect(); resolve(); }
    };
    const observer = new MutationObserver(check);
    observer.observe(status, { childList: true, subtree: true, characterData: true });
    check();
  });
  // The grid draws a few rows per task: wait for its whole first page.
  const rows = () => document.querySelectorAll('section[aria-label="Suite grid"] tbody tr').length;
  while (rows() < 10) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { total: performance.now() - started, worker: Number(/Rendered in (\\d+)/.exec(status.textContent)[1]) };
}`;

export async function benchBrowser(packse: string): Promise<BrowserWordingBench> {
  const { chromium } = await import('playwright-core');
  const { build, preview } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'pipette-wording-bench-'));
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
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.getByRole('navigation', { name: 'Scenario library' }).getByRole('button', { name: /Direct clash/ }).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(500);
      const labStarted = (await page.evaluate('performance.now()')) as number;
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Wording lab' }).click();
      await page.getByTestId('suite-summary').waitFor({ timeout: 60_000 });
      for (const file of EXAMPLES) {
        await page.getByTestId('variant-file').setInputFiles(file);
        await page.getByRole('button', { name: JSON.parse(readFileSync(file, 'utf8')).name, exact: true }).waitFor();
      }
      await page.getByTestId('lab-voice').selectOption('pip');
      const loadStarted = (await page.evaluate('performance.now()')) as number;
      const phases: [string, number][] = [['lab', labStarted], ['suite', loadStarted]];
      await page.getByTestId('suite-files').setInputFiles({ name: 'packse.zip', mimeType: 'application/zip', buffer: Buffer.from(packseZip(packse)) });
      await page.getByTestId('suite-summary').filter({ hasText: 'packse.zip' }).waitFor({ timeout: 600_000 });
      await page
        .getByTestId('lab-status')
        .filter({ hasText: 'Rendered in' })
        .waitFor({ timeout: 120_000 })
        .catch(async (error: Error) => {
          const said = `status: ${await page.getByTestId('lab-status').textContent().catch(() => 'none')}; summary: ${await page.getByTestId('suite-summary').textContent().catch(() => 'none')}; html ${(await page.content()).length} chars`;
          await page.screenshot({ path: join(tmpdir(), 'pipette-wording-bench-failure.png') });
          throw new Error(`the suite's grid never came: ${error.message}\n${errors.join('\n')}\n${said.slice(0, 2000)}`);
        });
      const suiteLoadMs = ((await page.evaluate('performance.now()')) as number) - loadStarted;
      const summary = await page.getByTestId('suite-summary').innerText();
      const failing = Number(/: (\d+) failing/.exec(summary)?.[1] ?? 0);
      phases.push(['renders', (await page.evaluate('performance.now()')) as number]);
      const totals: number[] = [];
      const workers: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const voice of ['plain', 'pubgrub', 'pip']) {
          const { total, worker } = (await page.evaluate(`(${RERENDER})(${JSON.stringify(voice)})`)) as { total: number; worker: number };
          if (round > 0) {
            totals.push(total);
            workers.push(worker);
          }
        }
      }
      await page.waitForTimeout(500);
      if (process.env.PIPETTE_BENCH_TASKS) {
        const all = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
        for (const t of all.filter((t) => t.start >= labStarted)) console.log(`  long task ${t.duration.toFixed(0)} ms during ${[...phases].reverse().find(([, at]) => t.start >= at)![0]}`);
      }
      const tasks = ((await page.evaluate('window.__longTasks')) as { start: number; duration: number }[]).filter((t) => t.start + t.duration >= labStarted);
      await page.evaluate('setTimeout(() => { const end = performance.now() + 150; while (performance.now() < end); }, 0)');
      await page.waitForTimeout(300);
      const seen = ((await page.evaluate('window.__longTasks')) as { duration: number }[]).some((t) => t.duration >= 140);
      if (!seen) throw new Error('the long-task observer missed a 150 ms task: the measurement is not working');
      return {
        failing,
        suiteLoadMs,
        gridWarmMs: median(totals),
        workerWarmMs: median(workers),
        longestTaskMs: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
        longTasks: tasks.length,
      };
    } finally {
      await browser.close();
    }
  } finally {
    await close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function benchWording(options: { ui: boolean }): Promise<void> {
  const data = sharedDataDir();
  console.log('\nWording lab (the shared packse suite, 3 variants):');
  if (!data) {
    console.log('  skipped — ../shared/data is not here.');
    return;
  }
  const packse = join(data, 'packse');
  const { figures: node } = await benchNode(packse);
  console.log(`  CLI/Node: ${node.failing} failing of ${node.scenarios} scenarios, explained once in ${(node.explainMs / 1000).toFixed(1)} s`);
  console.log(`  CLI/Node: grid of 3 variants × ${VOICES.length} voices: ${node.gridColdMs.toFixed(0)} ms cold, ${node.gridWarmMs.toFixed(0)} ms warm; explain's renderer on the same work ${node.peerWarmMs.toFixed(0)} ms (×${(node.gridWarmMs / node.peerWarmMs).toFixed(2)})`);
  if (!options.ui) return;
  const browser = await benchBrowser(packse);
  console.log(`  browser: suite zip read, resolved and explained in the worker in ${(browser.suiteLoadMs / 1000).toFixed(1)} s (${browser.failing} failing)`);
  console.log(`  browser: grid of 3 variants, one voice, change → on screen ${browser.gridWarmMs.toFixed(0)} ms warm (worker ${browser.workerWarmMs.toFixed(0)} ms; Node for one voice ≈ ${(node.gridWarmMs / VOICES.length).toFixed(0)} ms) — target under 2000 ms: ${browser.gridWarmMs < 2000 ? 'met' : 'MISSED'}`);
  console.log(`  browser: longest main-thread task in the lab ${browser.longestTaskMs.toFixed(0)} ms (${browser.longTasks} over 50 ms) — budget 100 ms: ${browser.longestTaskMs <= 100 ? 'met' : 'MISSED'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchWording({ ui: !process.argv.includes('--no-ui') });
}
