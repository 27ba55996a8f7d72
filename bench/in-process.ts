/**
 * Real cases in-process, three ways kept apart:
 *  - load: reading the case and its snapshot (file, JSON.parse, the lazy index), nothing cached
 *    (the CLI's scan cache off);
 *  - warm: a resolve on that fresh index with the module caches cleared (clearModuleCaches):
 *    only the JIT is warm; the median of N runs;
 *  - cached: resolving again over the same index, whose parsed projects, metadata and
 *    candidates are kept (what the page does for a second resolve of the same index).
 * Before each timed step, two scavenges empty the young generation (settle-heap.ts), so that a
 * resolve does not pay for copying the index its load just made.
 * "first" is the very first resolve of the case in this process; three untimed runs follow it
 * before the warm ones, so that "warm" is a settled JIT, not the second run. Cold, in a new process, is
 * whole-process.ts's table. No collection is forced between runs: V8 flushes the bytecode of
 * functions idle through several full collections, and forced ones made warm runs colder
 * (boto3-urllib3: 67 → 187 ms).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearModuleCaches, IndexProvider, resolve, type ResolveResult } from '../src/core/index.ts';
import { clearIndexFiles, readProblem, requestFor, sharedDataDir, type Problem } from '../src/cli/files.ts';
import { settleYoungGeneration } from './settle-heap.ts';

export interface InProcessRow {
  readonly name: string;
  readonly ok: boolean;
  readonly firstMs: number;
  readonly loadMs: number;
  readonly warmMs: number;
  readonly cachedMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/** Untimed runs of each case after its first, before the warm ones. */
const WARM_UP_RUNS = 3;

const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  settleYoungGeneration();
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Read with the CLI's scan cache off (src/cli/scan-cache.ts): "load" is a first read of the file. */
function freshProblem(path: string): Problem {
  clearIndexFiles();
  clearModuleCaches();
  const chosen = process.env.PIPETTE_CACHE_DIR;
  process.env.PIPETTE_CACHE_DIR = 'off';
  try {
    return readProblem(path);
  } finally {
    if (chosen === undefined) delete process.env.PIPETTE_CACHE_DIR;
    else process.env.PIPETTE_CACHE_DIR = chosen;
  }
}

const resolveOnce = (problem: Problem): Promise<ResolveResult> => resolve(new IndexProvider(problem.index, problem.warnings), requestFor(problem));

export async function benchInProcess(options: { cases?: string; runs: number }): Promise<InProcessRow[]> {
  const data = sharedDataDir();
  if (!data) {
    console.log('\nReal cases in-process: skipped — ../shared/data is not here.');
    return [];
  }
  const dir = join(data, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && (!options.cases || f.includes(options.cases)))
    .sort();
  console.log(`\nReal cases in-process (ms): load = read + parse the case and its snapshot; warm = resolve a fresh index, module caches cleared, median of ${options.runs} after ${WARM_UP_RUNS} untimed runs; cached = again over the same index`);
  console.log(`  ${pad('case', 34, false)} ${pad('verdict', 8, false)} ${pad('first', 8)} ${pad('load', 8)} ${pad('warm', 8)} ${pad('cached', 8)}`);
  const rows: InProcessRow[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const first = await timed(() => resolveOnce(freshProblem(path)));
    // Untimed, as in bench/solver.ts: after one run the JIT has not settled (boto3-urllib3's
    // median of 5 then moved between 38 and 70 ms from one bench run to the next).
    for (let i = 0; i < WARM_UP_RUNS; i++) await resolveOnce(freshProblem(path));
    const loads: number[] = [];
    const warm: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const load = await timed(() => freshProblem(path));
      loads.push(load.ms);
      warm.push((await timed(() => resolveOnce(load.value))).ms);
      cached.push((await timed(() => resolveOnce(load.value))).ms);
    }
    const row: InProcessRow = { name: file.replace(/\.json$/, ''), ok: first.value.ok, firstMs: first.ms, loadMs: median(loads), warmMs: median(warm), cachedMs: median(cached) };
    rows.push(row);
    console.log(`  ${pad(row.name, 34, false)} ${pad(row.ok ? 'solved' : 'no sol.', 8, false)} ${pad(row.firstMs.toFixed(1), 8)} ${pad(row.loadMs.toFixed(1), 8)} ${pad(row.warmMs.toFixed(1), 8)} ${pad(row.cachedMs.toFixed(1), 8)}`);
  }
  const boto = rows.find((r) => r.name === 'pypi2023-boto3-urllib3');
  if (boto) console.log(`  ${boto.warmMs < 50 ? '✓' : '✗'} pypi2023-boto3-urllib3 warm in-process: ${boto.warmMs.toFixed(1)} ms (goal under 50 ms; cached ${boto.cachedMs.toFixed(1)} ms)`);
  return rows;
}
