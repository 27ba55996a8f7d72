/**
 * Whole processes, the way people run them: the built CLI (`node bin/pipette.js scenario CASE`)
 * against pip 23.2 (`python -m pip install --dry-run`, as ../shared/peers/pip_resolve.py runs
 * it) on each real case, run in pairs A B A B (five pairs where both sides take under 2 s).
 * pip's index is built once per snapshot with the peer's own builder and kept between runs
 * (keyed by the file's hash), so no run pays for it.
 * Likewise the CLI's first run over each snapshot (in a cache folder of the bench's own) scans
 * it and remembers where its projects lie (src/cli/scan-cache.ts); the measured runs are later
 * ones, and that first run's wall time is in the row's note.
 * Each process is measured by the kernel (bench/process_meter.py: wait4's user+system CPU and
 * peak RSS, and wall time). A process stopped at the time limit is shown as a time-out: its
 * ratio is a lower bound ("≥") and never enters the summary. The 1-minute load average is
 * printed beside each row: on a shared machine, figures under load are not comparable.
 * The CLI runs without Node's own settings from the environment (NODE_SETTINGS), as pip runs
 * without its PIP_* ones; where the machine sets NODE_EXTRA_CA_CERTS, the CLI is run with it too
 * and both figures are shown.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { toSnapshot } from '../src/core/index.ts';
import { readProblem, REPO_ROOT, sharedDataDir, sharedPeersDir } from '../src/cli/files.ts';

const BOTO3_GOAL_CASE = 'pypi2023-boto3-urllib3';
/** Runs of each side on a case where both take under 2 s (at least --repeats). */
const QUICK_REPEATS = 5;

/**
 * Node's own settings, left out of the environment of the processes the meter runs, as
 * pip_resolve.py leaves pip's PIP_* settings out of pip's: a machine's configuration, not either
 * program's work. Node 20 reads NODE_EXTRA_CA_CERTS and parses it, with its own root
 * certificates, at every start, before any of the program runs (nodejs/node#40524).
 */
const NODE_SETTINGS = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] as const;
/** This machine's NODE_EXTRA_CA_CERTS, with which the CLI is also run, or null. */
const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS || null;

/** Where pip's indexes are kept between runs, one folder per snapshot (by its hash). */
export const PIP_INDEX_CACHE = join(tmpdir(), 'pipette-bench-pip-index');

export interface Measured {
  readonly rc: number;
  readonly timed_out: boolean;
  readonly wall: number;
  readonly user: number;
  readonly sys: number;
  readonly max_rss_kb: number;
  readonly tail: string[];
  readonly error?: string;
}

/** The meter process: one JSON command a line, one JSON answer a line. */
export class ProcessMeter {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: ((line: string) => void)[] = [];

  /** `cacheDir`: the CLI's cache folder (PIPETTE_CACHE_DIR) for the processes run. */
  constructor(peers: string | null, cacheDir?: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, PIPETTE_PEERS: peers ?? '', ...(cacheDir ? { PIPETTE_CACHE_DIR: cacheDir } : {}) };
    for (const name of NODE_SETTINGS) delete env[name];
    this.child = spawn('python3', [join(import.meta.dirname, 'process_meter.py')], { env });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answers.shift()?.(line));
    this.child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }

  ask<T>(command: Record<string, unknown>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.answers.push((line) => {
        const answer = JSON.parse(line) as T & { error?: string };
        if (answer.error && !('rc' in answer)) reject(new Error(answer.error));
        else resolve(answer);
      });
      this.child.stdin.write(`${JSON.stringify(command)}\n`);
    });
  }

  /** `env` is added to the meter's environment for this process. */
  run(cmd: string[], timeout: number, env?: Record<string, string>): Promise<Measured> {
    return this.ask<Measured>({ op: 'run', cmd, cwd: REPO_ROOT, timeout, ...(env ? { env } : {}) });
  }

  private readonly served = new Map<string, string>();

  /** pip's index of `snapshot`, built once (or found built by an earlier run) and served. */
  async pipIndex(snapshot: string): Promise<{ url: string; builtSeconds: number }> {
    const known = this.served.get(snapshot);
    if (known) return { url: known, builtSeconds: 0 };
    const answer = await this.ask<{ url: string; built_seconds: number }>({ op: 'serve', snapshot, cache: PIP_INDEX_CACHE });
    this.served.set(snapshot, answer.url);
    return { url: answer.url, builtSeconds: answer.built_seconds };
  }

  /** pip 23.2 resolving `requirementsFile` against `snapshot`'s index, measured as a whole process. */
  async pip(snapshot: string, requirementsFile: string, how: { python: string | null; pre: boolean; timeout: number }): Promise<Measured> {
    const { url } = await this.pipIndex(snapshot);
    return this.ask<Measured>({ op: 'pip', url, requirements: requirementsFile, python: how.python, pre: how.pre, timeout: how.timeout });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** Why pip's side is not run: asked not to, or its peer is not beside the repository. */
export function pipSkipped(wanted: boolean): string {
  return wanted ? 'pip skipped: ../shared/peers (pip_resolve.py) is not here, and PIPETTE_SHARED_PEERS is not set' : 'pip skipped: --no-pip';
}

export function hasPython(): boolean {
  return spawnSync('python3', ['-c', 'import os; os.wait4']).status === 0;
}

const cpu = (m: Measured) => m.user + m.sys;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Summary {
  readonly n: number;
  readonly cpu: number;
  readonly wall: number;
  readonly rssMb: number;
  readonly rc: number;
  readonly timedOut: boolean;
}

function summarize(runs: Measured[]): Summary {
  return {
    n: runs.length,
    cpu: median(runs.map(cpu)),
    wall: median(runs.map((r) => r.wall)),
    rssMb: Math.max(...runs.map((r) => r.max_rss_kb)) / 1024,
    rc: runs[0]!.rc,
    timedOut: runs.some((r) => r.timed_out),
  };
}

export interface WholeProcessRow {
  readonly name: string;
  readonly cli: Summary;
  readonly pip: Summary | null;
  readonly snapshot: string;
  /** The CLI's first run over this snapshot, before it remembered the scan (scan-cache.ts); null for a later case on the same snapshot. */
  readonly firstWall: number | null;
  /** For the goal's case: the CLI with its scan cache off (PIPETTE_CACHE_DIR=off), as on a first run over the file. */
  readonly uncached: Summary | null;
  /** The CLI with this machine's NODE_EXTRA_CA_CERTS (EXTRA_CA_CERTS), or null where it is not set. */
  readonly withCaCerts: Summary | null;
  readonly load: number;
  readonly note: string;
}

export interface WholeProcessFigures {
  readonly rows: WholeProcessRow[];
  /** `node -e` reading and JSON.parse-ing each snapshot file, peak RSS in MB. */
  readonly jsonParseMb: Map<string, number>;
}

export interface WholeProcessOptions {
  readonly cases?: string;
  readonly pip: boolean;
  readonly pipTimeout: number;
  /** Runs of each side, alternated A B A B (a side that timed out is not run again). */
  readonly repeats: number;
}

const pad = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
const ratioText = (r: number | null, lowerBound: boolean) => (r === null ? '-' : `${lowerBound ? '≥' : ''}${r >= 10 ? r.toFixed(0) : r.toFixed(1)}`);

export async function benchWholeProcess(options: WholeProcessOptions): Promise<WholeProcessFigures | null> {
  const data = sharedDataDir();
  if (!data) {
    console.log('\nWhole processes: skipped — ../shared/data is not here.');
    return null;
  }
  if (!hasPython()) {
    console.log('\nWhole processes: skipped — python3 (the process meter) is not here.');
    return null;
  }
  const peers = options.pip ? sharedPeersDir() : null;
  const dir = join(data, 'cases');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && (!options.cases || f.includes(options.cases)))
    .sort();
  const scratch = mkdtempSync(join(tmpdir(), 'pipette-bench-whole-'));
  // A cache folder of its own: each snapshot's first run scans it, as a user's first run does.
  const meter = new ProcessMeter(peers, join(scratch, 'cli-cache'));
  const scanned = new Set<string>();
  const bin = join(REPO_ROOT, 'bin/pipette.js');
  // One run first so that a stale build is rebuilt here, not inside a measured run.
  await meter.run([process.execPath, bin, '--help'], 120);
  console.log(`\nWhole processes: the built CLI (node bin/pipette.js scenario CASE) against pip ${peers ? '23.2 (python -m pip install --dry-run, as pip_resolve.py)' : `— ${pipSkipped(options.pip)}`}; median of ${options.repeats} runs a side (${Math.max(options.repeats, QUICK_REPEATS)} of a side whose runs take under 2 s), alternated; CPU = user+sys of the process (kernel), time limit ${options.pipTimeout} s`);
  console.log(`  The CLI runs without ${NODE_SETTINGS.join(' and ')} from the environment, as pip runs without PIP_*.`);
  const caCerts = EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS } : null;
  if (caCerts) console.log(`  This machine sets NODE_EXTRA_CA_CERTS=${EXTRA_CA_CERTS}, which Node 20 parses at every start: ${await nodeStartText(meter, caCerts)}. "CA set": the CLI with it.`);
  const caColumns = caCerts ? ` ${pad('CA set', 7)} ${pad('×', 5)}` : '';
  console.log(`  ${pad('case', 34, false)} ${pad('verdict', 8, false)} ${pad('CLI cpu', 8)} ${pad('pip cpu', 8)} ${pad('cpu ×', 6)}${caColumns}  ${pad('CLI wall', 8)} ${pad('pip wall', 8)} ${pad('wall ×', 6)}  ${pad('CLI MB', 6)} ${pad('load', 5)}  note`);
  const rows: WholeProcessRow[] = [];
  const jsonParseMb = new Map<string, number>();
  try {
    for (const file of files) {
      const path = join(dir, file);
      const problem = readProblem(path);
      let snapshot = problem.indexFile;
      if (!snapshot) {
        snapshot = join(scratch, `${problem.name}.index.json`);
        writeFileSync(snapshot, JSON.stringify(toSnapshot(problem.index)));
      }
      const notes: string[] = [];
      if (peers) {
        const { builtSeconds } = await meter.pipIndex(snapshot);
        if (builtSeconds > 0) notes.push(`pip index built once in ${builtSeconds.toFixed(0)} s`);
      }
      const requirements = join(scratch, `${problem.name}.txt`);
      writeFileSync(requirements, `${problem.requirements.join('\n')}\n`);
      // The first run over a snapshot scans it and remembers where its projects lie; the measured
      // runs are later ones, as for someone resolving again (its wall time is in the note).
      let firstWall: number | null = null;
      if (!scanned.has(snapshot)) {
        scanned.add(snapshot);
        firstWall = (await meter.run([process.execPath, bin, 'scenario', path], options.pipTimeout)).wall;
        notes.push(`first run ${firstWall.toFixed(2)} s wall`);
      }
      const cliRuns: Measured[] = [];
      const caRuns: Measured[] = [];
      const pipRuns: Measured[] = [];
      const load = loadavg()[0]!;
      // A side whose runs take under 2 s is run QUICK_REPEATS times: a CLI run is a sixth of a
      // second, where one pause of the machine moves its ratio by a third (pip taking 8 s on
      // pyrax-198 no longer leaves the CLI's figure to two runs). The first runs alternate.
      const quick = (runs: Measured[]) => runs.every((r) => r.wall < 2);
      for (let i = 0; i < Math.max(options.repeats, QUICK_REPEATS); i++) {
        const extra = i >= options.repeats;
        if ((!extra || quick(cliRuns)) && !cliRuns.some((r) => r.timed_out)) cliRuns.push(await meter.run([process.execPath, bin, 'scenario', path], options.pipTimeout));
        if (caCerts && (!extra || quick(caRuns)) && !caRuns.some((r) => r.timed_out)) caRuns.push(await meter.run([process.execPath, bin, 'scenario', path], options.pipTimeout, caCerts));
        if (peers && (!extra || quick(pipRuns)) && !pipRuns.some((r) => r.timed_out) && !(i > 0 && pipRuns[0]!.wall > 20)) {
          pipRuns.push(await meter.pip(snapshot, requirements, { python: problem.markers.python_version ?? null, pre: problem.prereleases, timeout: options.pipTimeout }));
        }
      }
      // The goal's case also without the scan cache: what a first run over the snapshot costs.
      const uncachedRuns: Measured[] = [];
      if (problem.name === BOTO3_GOAL_CASE) {
        for (let i = 0; i < options.repeats; i++) uncachedRuns.push(await meter.run([process.execPath, bin, 'scenario', path], options.pipTimeout, { PIPETTE_CACHE_DIR: 'off' }));
      }
      const cli = summarize(cliRuns);
      const pip = pipRuns.length ? summarize(pipRuns) : null;
      if (cli.rc !== 0 && cli.rc !== 1) notes.push(`CLI exit ${cli.rc}: ${cliRuns[0]!.tail.slice(-1)[0] ?? ''}`);
      if (pip && !pip.timedOut && (pip.rc === 0) !== (cli.rc === 0)) notes.push(`pip says ${pip.rc === 0 ? 'solved' : 'no solution'}`);
      if (pip?.timedOut) notes.push(`pip stopped at the ${options.pipTimeout} s limit`);
      if (pipRuns.length === 1 && options.repeats > 1 && !pip?.timedOut) notes.push('pip run once (over 20 s)');
      const uncached = uncachedRuns.length ? summarize(uncachedRuns) : null;
      if (uncached) notes.push(`scan cache off: ${uncached.wall.toFixed(2)} s wall, ${uncached.cpu.toFixed(2)} s CPU`);
      const withCaCerts = caRuns.length ? summarize(caRuns) : null;
      const row: WholeProcessRow = { name: problem.name, cli, pip, snapshot, firstWall, uncached, withCaCerts, load, note: notes.join('; ') };
      rows.push(row);
      const cpuRatio = pip ? pip.cpu / cli.cpu : null;
      const caText = withCaCerts ? ` ${pad(withCaCerts.cpu.toFixed(2), 7)} ${pad(ratioText(pip ? pip.cpu / withCaCerts.cpu : null, !!pip?.timedOut), 5)}` : '';
      const wallRatio = pip ? pip.wall / cli.wall : null;
      const verdict = cli.timedOut ? 'timeout' : cli.rc === 0 ? 'solved' : cli.rc === 1 ? 'no sol.' : 'error';
      console.log(
        `  ${pad(problem.name, 34, false)} ${pad(verdict, 8, false)} ${pad(cli.cpu.toFixed(2), 8)} ${pad(pip ? pip.cpu.toFixed(2) : '-', 8)} ${pad(ratioText(cpuRatio, !!pip?.timedOut), 6)}${caText}  ${pad(cli.wall.toFixed(2), 8)} ${pad(pip ? (pip.timedOut ? `>${options.pipTimeout}` : pip.wall.toFixed(2)) : '-', 8)} ${pad(ratioText(wallRatio, !!pip?.timedOut), 6)}  ${pad(cli.rssMb.toFixed(0), 6)} ${pad(load.toFixed(2), 5)}  ${row.note}`,
      );
    }
    for (const snapshot of new Set(rows.map((r) => r.snapshot))) {
      const parse = await meter.run([process.execPath, '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(snapshot)}, 'utf8'))`], 120);
      jsonParseMb.set(snapshot, parse.max_rss_kb / 1024);
    }
  } finally {
    meter.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  printGoals({ rows, jsonParseMb });
  return { rows, jsonParseMb };
}

/** What NODE_EXTRA_CA_CERTS costs every Node process here: `node -e 0` with it and without, CPU medians. */
async function nodeStartText(meter: ProcessMeter, caCerts: Record<string, string>): Promise<string> {
  const without: Measured[] = [];
  const withIt: Measured[] = [];
  for (let i = 0; i < QUICK_REPEATS; i++) {
    without.push(await meter.run([process.execPath, '-e', '0'], 60));
    withIt.push(await meter.run([process.execPath, '-e', '0'], 60, caCerts));
  }
  const ms = (runs: Measured[]) => (median(runs.map(cpu)) * 1000).toFixed(0);
  return `node -e 0 takes ${ms(withIt)} ms of CPU with it, ${ms(without)} ms without`;
}

/** The issue's goals for whole processes, each with its figure. */
function printGoals({ rows, jsonParseMb }: WholeProcessFigures): void {
  const compared = rows.filter((r) => r.pip && !r.pip.timedOut && !r.cli.timedOut);
  const ordinary = compared.filter((r) => r.name !== 'pyrax-198');
  const line = (ok: boolean | null, text: string) => console.log(`  ${ok === null ? '·' : ok ? '✓' : '✗'} ${text}`);
  console.log('  Goals:');
  if (ordinary.length) {
    const least = (cpuOf: (r: WholeProcessRow) => number) => {
      const ratios = ordinary.map((r) => ({ name: r.name, ratio: r.pip!.cpu / cpuOf(r) }));
      const worst = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      return { worst, text: `at least ${worst.ratio.toFixed(1)}× less (worst ${worst.name}), median ${median(ratios.map((r) => r.ratio)).toFixed(1)}×` };
    };
    const { worst, text } = least((r) => r.cli.cpu);
    const asSet = ordinary.every((r) => r.withCaCerts) ? `; with this machine's NODE_EXTRA_CA_CERTS ${least((r) => r.withCaCerts!.cpu).text}` : '';
    line(worst.ratio >= 5, `CPU against pip on ordinary real cases: ${text} (goal ≥5×; ${ordinary.length} cases, time-outs left out)${asSet}`);
    const walls = ordinary.map((r) => r.pip!.wall / r.cli.wall);
    line(null, `wall against pip: min ${Math.min(...walls).toFixed(1)}×, median ${median(walls).toFixed(1)}×`);
  }
  const pyrax = rows.find((r) => r.name === 'pyrax-198');
  if (pyrax?.pip) {
    const asSet = pyrax.withCaCerts ? `; with this machine's NODE_EXTRA_CA_CERTS ${ratioText(pyrax.pip.cpu / pyrax.withCaCerts.cpu, pyrax.pip.timedOut)}×` : '';
    line(pyrax.pip.timedOut ? null : pyrax.pip.cpu / pyrax.cli.cpu >= 50, `pyrax-198: ${ratioText(pyrax.pip.cpu / pyrax.cli.cpu, pyrax.pip.timedOut)}× less CPU than pip (goal ≥50×)${asSet}`);
  }
  const boto = rows.find((r) => r.name === BOTO3_GOAL_CASE);
  if (boto) {
    const uncached = boto.uncached ? `; with the scan cache off (a first run over the file) ${boto.uncached.wall.toFixed(2)} s wall, ${boto.uncached.cpu.toFixed(2)} s CPU` : '';
    line(boto.cli.wall < 0.5, `${BOTO3_GOAL_CASE} whole CLI: ${boto.cli.wall.toFixed(2)} s wall, ${boto.cli.cpu.toFixed(2)} s CPU${uncached} (goal under 0.5 s)`);
  }
  for (const [snapshot, parseMb] of jsonParseMb) {
    const these = rows.filter((r) => r.snapshot === snapshot);
    if (parseMb < 50 || these.length === 0) continue;
    // A run with the scan cache off counts too: it holds the scan's spans and the text at once.
    const rssOf = (r: WholeProcessRow) => Math.max(r.cli.rssMb, r.uncached?.rssMb ?? 0);
    const peak = these.reduce((a, b) => (rssOf(b) > rssOf(a) ? b : a));
    const median_ = median(these.map((r) => r.cli.rssMb));
    line(rssOf(peak) <= 1.5 * parseMb, `peak memory on ${snapshot.split('/').pop()}: CLI ${rssOf(peak).toFixed(0)} MB at most (${peak.name}), median ${median_.toFixed(0)} MB; node -e JSON.parse ${parseMb.toFixed(0)} MB: ${(rssOf(peak) / parseMb).toFixed(2)}× at most, ${(median_ / parseMb).toFixed(2)}× median (goal ≤1.5×)`);
  }
}
