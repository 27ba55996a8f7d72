/**
 * The PubGrub solver in-process, on two real loads of the 2023 snapshot
 * (../shared/data/indexes/pypi-2023-09-popular.json):
 *
 *  - `pypi2023-boto3-urllib3` (../shared/data/cases): a long walk back through boto3 and
 *    botocore releases. Goal: under 50 ms warm.
 *  - every project of the snapshot that resolves on its own, all required together (the set is
 *    computed once here). Goal: under 300 ms cold.
 *
 * What each figure means, so that none flatters:
 *  - cold: a new Node process (JIT cold, every cache empty); the snapshot is read and loaded
 *    before the clock starts, and only `resolve` is timed; the median of 7 such processes.
 *  - before every timed resolve, two scavenges move the just-loaded index out of the young
 *    generation (settle-heap.ts): copying it is the load's cost, and it landed in the resolve.
 *  - warm: this process, after earlier runs and three untimed ones (JIT warm), on a freshly loaded copy of the index
 *    each run, so that every cache keyed by the index (parsed versions, parsed requirements,
 *    specifier sets) starts empty, and with the modules' own caches cleared (clearModuleCaches); the median of the runs, and the fastest beside it (the gap
 *    is mostly a full collection of the earlier runs' garbage, their loaded indexes, landing
 *    inside a run).
 *  - cached: the same index object again (those caches full), as a page resolving twice sees it.
 *
 * Alone: `npx tsx bench/solver.ts [--runs N]`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clearModuleCaches, IndexProvider, loadSnapshot, parseRequirement, resolve, type PackageIndex, type ResolveRequest } from '../src/core/index.ts';
import { readProblem, REPO_ROOT, requestFor, sharedDataDir } from '../src/cli/files.ts';
import { settleYoungGeneration } from './settle-heap.ts';

const SNAPSHOT = 'indexes/pypi-2023-09-popular.json';
const CASE = 'cases/pypi2023-boto3-urllib3.json';

export interface SolverFigures {
  readonly name: string;
  readonly packages: number;
  readonly ok: boolean;
  readonly decisions: number;
  readonly coldMs: number;
  readonly warmMs: number;
  /** The fastest warm run: the median's distance from it is mostly a full collection of earlier runs' garbage landing inside the run. */
  readonly warmMinMs: number;
  readonly cachedMs: number;
  readonly goal: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(index: PackageIndex, request: ResolveRequest, clearCaches = true) {
  // The caches the modules keep (parsed markers, targets' tag tables), as bench/in-process.ts clears them.
  if (clearCaches) clearModuleCaches();
  settleYoungGeneration();
  const started = performance.now();
  const result = await resolve(new IndexProvider(index), request);
  return { ms: performance.now() - started, result };
}

/** The request of a load, as plain JSON a child process can read. */
interface Load {
  readonly requirements: readonly string[];
  readonly python: string | null;
  readonly caseFile: string | null;
}

function requestOf(data: string, load: Load): ResolveRequest {
  if (load.caseFile) return requestFor(readProblem(join(data, load.caseFile)));
  return { requirements: load.requirements.map((r) => parseRequirement(r)) };
}

/** Child process (solver-child.ts): loads the snapshot, then times one resolve and prints it as JSON. */
export async function child(loadFile: string): Promise<void> {
  const data = sharedDataDir()!;
  const load = JSON.parse(readFileSync(loadFile, 'utf8')) as Load;
  const request = requestOf(data, load);
  const { index } = loadSnapshot(JSON.parse(readFileSync(join(data, SNAPSHOT), 'utf8')));
  const { ms, result } = await timed(index, request);
  console.log(JSON.stringify({ ms, ok: result.ok }));
}

/** Untimed runs before the warm ones. */
const WARM_UP_RUNS = 3;

/** New processes run one after the other for the cold figure (its median): one alone varies by a third. */
const COLD_RUNS = 7;

function coldRun(loadFile: string): number {
  // The built bench (scripts/build-bench.mjs) runs the built child; from the sources, tsx runs it.
  const child = process.env.PIPETTE_BENCH_BUILT ? [join(REPO_ROOT, 'dist-bench', 'solver-child.js'), loadFile] : ['--import', 'tsx', join(import.meta.dirname, 'solver-child.ts'), loadFile];
  const out = execFileSync(process.execPath, child, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

async function measure(name: string, goal: string, data: string, snapshotText: string, load: Load, runs: number, scratch: string): Promise<SolverFigures> {
  const loadFile = join(scratch, `${name}.json`);
  writeFileSync(loadFile, JSON.stringify(load));
  const coldMs = median(Array.from({ length: COLD_RUNS }, () => coldRun(loadFile)));
  const request = requestOf(data, load);
  // The JIT warmed on this load first, untimed, so that the figure does not depend on what the
  // bench ran before (alone, `--only solver`, the median was twice the fastest). No collection
  // is forced between runs: V8 then flushes bytecode, and warm runs took 2.5× as long.
  for (let i = 0; i < WARM_UP_RUNS; i++) await timed(loadSnapshot(JSON.parse(snapshotText)).index, request);
  const warm: number[] = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const { index } = loadSnapshot(JSON.parse(snapshotText));
    last = await timed(index, request);
    warm.push(last.ms);
  }
  const { index } = loadSnapshot(JSON.parse(snapshotText));
  await timed(index, request);
  const cached: number[] = [];
  for (let i = 0; i < runs; i++) cached.push((await timed(index, request, false)).ms);
  const result = last!.result;
  return { name, goal, packages: result.ok ? result.packages.length : 0, ok: result.ok, decisions: result.stats.decisions, coldMs, warmMs: median(warm), warmMinMs: Math.min(...warm), cachedMs: median(cached) };
}

/** Every project of the snapshot that resolves on its own (default target, pip's policy). */
async function resolvableAlone(index: PackageIndex): Promise<string[]> {
  const names: string[] = [];
  for (const project of index.projects.values()) {
    const result = await resolve(new IndexProvider(index), { requirements: [parseRequirement(project.name)] });
    if (result.ok) names.push(project.name);
  }
  return names;
}

export async function benchSolver(options: { runs?: number } = {}): Promise<SolverFigures[] | null> {
  const data = sharedDataDir();
  if (!data || !existsSync(join(data, SNAPSHOT))) return null;
  const runs = options.runs ?? 15;
  const snapshotText = readFileSync(join(data, SNAPSHOT), 'utf8');
  const scratch = mkdtempSync(join(tmpdir(), 'pipette-bench-solver-'));
  try {
    const figures: SolverFigures[] = [];
    figures.push(await measure('pypi2023-boto3-urllib3', 'warm < 50 ms', data, snapshotText, { requirements: [], python: null, caseFile: CASE }, runs, scratch));
    const names = await resolvableAlone(loadSnapshot(JSON.parse(snapshotText)).index);
    figures.push(await measure(`all ${names.length} resolvable alone`, 'cold < 300 ms', data, snapshotText, { requirements: names, python: null, caseFile: null }, runs, scratch));
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function printSolverBench(figures: readonly SolverFigures[] | null): void {
  console.log('\nThe PubGrub solver in-process on the 2023 snapshot (cold: a new process; warm: a fresh index, JIT warm; cached: the same index again)');
  if (!figures) {
    console.log('  skipped — ../shared/data (with the 2023 snapshot) is not here.');
    return;
  }
  console.log(`  ${'load'.padEnd(32)} ${'verdict'.padEnd(8)} ${'pkgs'.padStart(5)} ${'decisions'.padStart(9)} ${'cold ms'.padStart(8)} ${'warm ms'.padStart(8)} ${'(min)'.padStart(7)} ${'cached ms'.padStart(9)}  goal`);
  for (const f of figures) {
    console.log(
      `  ${f.name.padEnd(32)} ${(f.ok ? 'solved' : 'no sol.').padEnd(8)} ${String(f.packages).padStart(5)} ${String(f.decisions).padStart(9)} ${f.coldMs.toFixed(1).padStart(8)} ${f.warmMs.toFixed(1).padStart(8)} ${f.warmMinMs.toFixed(1).padStart(7)} ${f.cachedMs.toFixed(1).padStart(9)}  ${f.goal}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  printSolverBench(await benchSolver({ runs: Number(values.runs ?? 15) }));
}
