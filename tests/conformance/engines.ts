/**
 * Conformance of the installer engines against the installers themselves.
 *
 * `pip` engine, on every non-universal packse scenario and every case:
 *   - verdict and install set equal pip 23.2's recorded ones (pip-packse-baseline.json, the
 *     cases' `pip` field), pip's wrong "no solution" verdicts included;
 *   - on the runs pip fails, the engine's output equals pip's whole output line for line
 *     (whitespace and the index URL normalised): pip is run here through pip_resolve.py
 *     (cached in the OS temp folder); without it, the recorded tail is compared;
 *   - its round count equals pip's (counted by a sitecustomize in pip's process).
 * `legacy` engine: see legacy.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { compareVersions, engine, IndexProvider, normalizeName, parseVersion, type EngineRun } from '../../src/core/index.ts';
import { readProblem, requestFor, type Problem } from '../../src/cli/files.ts';
import { interpreterFor, pipPeerRun, type PipInvocation, type PipPeerRun } from './pip-peer.ts';

interface BaselineEntry {
  readonly path: string;
  readonly applicable: boolean;
  readonly pip_ok?: boolean;
  readonly pip_install?: Record<string, string>;
  readonly pip_command?: string[];
  readonly error_lines?: string[];
  readonly interpreter?: string;
}

/** One problem with pip's recorded outcome and how pip was invoked. */
export interface PipReference {
  readonly label: string;
  readonly problem: Problem;
  readonly ok: boolean;
  readonly install: Readonly<Record<string, string>>;
  readonly invocation: PipInvocation;
  /** The Python version pip compared Requires-Python with. */
  readonly pythonVersion: string;
  /** Recorded lines: the last 40 (cases) or pip's INFO/ERROR lines (packse); null when none. */
  readonly recorded: { readonly kind: 'tail' | 'messages'; readonly lines: readonly string[] } | null;
  /** pip did not finish (its verdict is unknown). */
  readonly timedOut: boolean;
}

function packseFiles(dir: string): string[] {
  const files: string[] = [];
  for (const category of readdirSync(dir, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(join(dir, category.name))) if (file.endsWith('.toml')) files.push(join(dir, category.name, file));
  }
  return files.sort();
}

function caseFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) files.push(join(dir, entry.name));
    if (entry.isDirectory()) for (const file of readdirSync(join(dir, entry.name))) if (file.endsWith('.json')) files.push(join(dir, entry.name, file));
  }
  return files.sort();
}

function invocationFrom(command: readonly string[]): PipInvocation {
  const python = /python(\d+\.\d+)/.exec(command[0] ?? '')?.[1] ?? '3.11';
  const value = (flag: string) => {
    const i = command.indexOf(flag);
    return i >= 0 ? command[i + 1] : undefined;
  };
  const onlyBinary = value('--only-binary');
  const inv: PipInvocation = {
    python,
    ...(value('--python-version') ? { pythonVersion: value('--python-version')! } : {}),
    ...(value('--platform') ? { platform: value('--platform')! } : {}),
    ...(value('--no-binary') ? { noBinary: value('--no-binary')! } : {}),
    ...(onlyBinary ? { onlyBinary } : {}),
    ...(command.includes('--pre') ? { pre: true } : {}),
  };
  return inv;
}

function pad3(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

function pythonVersionOf(inv: PipInvocation, recordedInterpreter?: string): string {
  if (inv.pythonVersion) return pad3(inv.pythonVersion);
  return recordedInterpreter ?? interpreterFor(inv.python)?.version ?? `${inv.python}.0`;
}

/** Every problem pip 23.2's outcome is recorded for. */
export function pipReferences(data: string, peers: string | null): PipReference[] {
  const refs: PipReference[] = [];
  const baselinePath = peers ? join(peers, 'pip-packse-baseline.json') : null;
  if (baselinePath && existsSync(baselinePath)) {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { scenarios: BaselineEntry[] };
    const byPath = new Map(baseline.scenarios.map((s) => [s.path, s]));
    const packseDir = join(data, 'packse');
    for (const file of packseFiles(packseDir)) {
      const entry = byPath.get(relative(packseDir, file));
      if (!entry || !entry.applicable || entry.pip_ok === undefined || !entry.pip_command) continue;
      const problem = readProblem(file);
      const invocation = invocationFrom(entry.pip_command);
      refs.push({
        label: `packse/${entry.path.replace(/\.toml$/, '')}`,
        problem,
        ok: entry.pip_ok,
        install: entry.pip_install ?? {},
        invocation,
        pythonVersion: pythonVersionOf(invocation, entry.interpreter),
        recorded: entry.error_lines ? { kind: 'messages', lines: entry.error_lines } : null,
        timedOut: false,
      });
    }
  }
  const casesDir = join(data, 'cases');
  for (const file of caseFiles(casesDir)) {
    const problem = readProblem(file);
    const pip = (JSON.parse(readFileSync(file, 'utf8')) as { pip?: unknown }).pip as { ok: boolean; install?: Record<string, string>; output_tail?: string[]; command?: string[]; python_full_version?: string | null; timeout?: boolean } | undefined;
    if (!pip || !pip.command) continue;
    const invocation = invocationFrom(pip.command);
    refs.push({
      label: `cases/${basename(file, '.json')}`,
      problem,
      ok: pip.ok,
      install: pip.install ?? {},
      invocation,
      pythonVersion: pythonVersionOf(invocation, pip.python_full_version ?? undefined),
      recorded: pip.output_tail ? { kind: 'tail', lines: pip.output_tail } : null,
      timedOut: Boolean(pip.timeout),
    });
  }
  return refs;
}

/** The engine's run as pip was run: with --python-version or --platform pip takes wheels only. */
export async function runPipEngine(ref: PipReference): Promise<EngineRun> {
  const request = requestFor(ref.problem, 'pip');
  const wheelsOnly = ref.invocation.pythonVersion !== undefined || ref.invocation.platform !== undefined;
  return engine('pip').run(new IndexProvider(ref.problem.index), wheelsOnly ? { ...request, noBuild: [':all:'] } : request, {}, { requirementsFile: 'WORK/requirements.txt', pythonVersion: ref.pythonVersion });
}

/** Whitespace runs collapsed, ends trimmed. */
function norm(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

function installDifferences(expected: Readonly<Record<string, string>>, run: EngineRun): string[] {
  const got = new Map<string, string>();
  if (run.result.ok) for (const p of run.result.packages) got.set(p.key, p.version);
  const want = new Map(Object.entries(expected).map(([k, v]) => [normalizeName(k), v]));
  const issues: string[] = [];
  for (const [name, version] of want) {
    const mine = got.get(name);
    if (mine === undefined) issues.push(`pip installs ${name} ${version}, the engine does not`);
    else if (compareVersions(parseVersion(mine), parseVersion(version)) !== 0) issues.push(`pip installs ${name} ${version}, the engine ${mine}`);
  }
  for (const [name, version] of got) if (!want.has(name)) issues.push(`the engine installs ${name} ${version}, pip does not`);
  return issues;
}

/** Why two outputs differ, when the difference is one this port knows it does not model. */
function explainDifference(mine: readonly string[], theirs: readonly string[]): string {
  const all = [...mine, ...theirs];
  if (all.some((l) => /\.tar\.gz/.test(l) || /Installing build dependencies|Preparing metadata/.test(l))) return 'pip built a source distribution (archive size and build steps not modelled)';
  if (all.some((l) => /#sha256=/.test(l))) return "a link with its file's hash (wheel hashes not modelled)";
  return 'unexplained';
}

function firstDifference(mine: readonly string[], theirs: readonly string[]): string {
  const n = Math.max(mine.length, theirs.length);
  for (let i = 0; i < n; i++) {
    if (norm(mine[i] ?? '') !== norm(theirs[i] ?? '')) return `line ${i + 1}: pip ${JSON.stringify(theirs[i] ?? '(end)')}, engine ${JSON.stringify(mine[i] ?? '(end)')}`;
  }
  return '';
}

/**
 * The lines compared: all of them, the last ones (a recorded tail), or pip's messages (the
 * packse baseline keeps the lines from the first INFO or ERROR on, its requirements file named
 * by its base name).
 */
function comparable(lines: readonly string[], kind: 'whole' | 'tail' | 'messages', tailLength = 0): string[] {
  let out = lines.map(norm);
  if (kind === 'tail') out = out.slice(-tailLength);
  if (kind === 'messages') {
    const first = out.findIndex((l) => /^(INFO|ERROR):/.test(l));
    out = (first < 0 ? [] : out.slice(first)).filter((l) => !/^(Collecting|Obtaining|Downloading) /.test(l)).map((l) => l.replace(/-r \S+ \(line/g, '-r FILE (line'));
  }
  return out;
}

function compareOutput(mine: readonly string[], theirs: readonly string[], kind: 'whole' | 'tail' | 'messages'): boolean {
  const a = comparable(mine, kind, theirs.length);
  const b = comparable(theirs, kind === 'tail' ? 'whole' : kind);
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

export interface EngineConformance {
  readonly pass: number;
  readonly applicable: number;
}

/**
 * `runPip`: run pip for every problem whose whole output is not cached yet (slow the first
 * time: about a second per problem); otherwise only cached runs are used.
 */
export async function conformPipEngine(data: string, peers: string | null, options: { runPip: boolean; pipTimeout: number; only?: string }): Promise<EngineConformance> {
  const refs = pipReferences(data, peers).filter((r) => !options.only || r.label.includes(options.only));
  const failures: string[] = [];
  const messageDiffs: string[] = [];
  let verdicts = 0;
  let installs = 0;
  let judged = 0;
  let failingRuns = 0;
  let messagesEqual = 0;
  let wholeCompared = 0;
  let roundsCompared = 0;
  let roundsEqual = 0;
  let successOutputs = 0;
  let successOutputsEqual = 0;
  const roundDiffs: string[] = [];
  const successDiffs: string[] = [];
  const timeouts: string[] = [];
  const started = Date.now();

  // pip runs two at a time (the machine's cores); the engine runs in between.
  const peerRuns = new Map<PipReference, Promise<PipPeerRun | null>>();
  if (peers) {
    let next = 0;
    const queue = refs.filter((r) => !r.timedOut);
    const worker = async () => {
      while (next < queue.length) {
        const ref = queue[next++]!;
        const promise = pipPeerRun(ref.problem, ref.invocation, options.pipTimeout, peers, !options.runPip).catch(() => null);
        peerRuns.set(ref, promise);
        await promise;
      }
    };
    await Promise.all([worker(), worker()]);
  }

  for (const ref of refs) {
    const run = await runPipEngine(ref);
    const pip = run.pip!;
    const peer = (await peerRuns.get(ref)) ?? null;
    if (ref.timedOut) {
      timeouts.push(`${ref.label}: pip did not finish (recorded timeout), so nothing is compared; the engine says ${run.result.ok ? 'solved' : 'no solution'} in ${run.rounds} rounds`);
      continue;
    }
    judged++;
    const verdictOk = run.result.ok === ref.ok;
    if (verdictOk) verdicts++;
    else failures.push(`${ref.label}: pip says ${ref.ok ? 'solved' : 'no solution'}, the engine ${run.result.ok ? 'solved' : 'no solution'}`);
    const diffs = ref.ok ? installDifferences(ref.install, run) : [];
    if (verdictOk && diffs.length === 0) installs++;
    else if (diffs.length) failures.push(`${ref.label}: ${diffs.join('; ')}`);

    if (peer && peer.rounds !== null) {
      roundsCompared++;
      if (peer.rounds === run.rounds) roundsEqual++;
      else roundDiffs.push(`${ref.label}: pip ${peer.rounds} rounds, the engine ${run.rounds}`);
    }
    const reference = peer ? { kind: 'whole' as const, lines: peer.output } : ref.recorded;
    if (!ref.ok) {
      failingRuns++;
      if (!reference) {
        messageDiffs.push(`${ref.label}: no recorded output to compare`);
        continue;
      }
      if (reference.kind === 'whole') wholeCompared++;
      if (compareOutput(pip.captured, reference.lines, reference.kind)) messagesEqual++;
      else {
        const mine = comparable(pip.captured, reference.kind, reference.lines.length);
        const theirs = comparable(reference.lines, reference.kind === 'tail' ? 'whole' : reference.kind);
        messageDiffs.push(`${ref.label} [${explainDifference(pip.captured, reference.lines)}] ${firstDifference(mine, theirs)}`);
      }
    } else if (peer) {
      successOutputs++;
      if (compareOutput(pip.captured, peer.output, 'whole')) successOutputsEqual++;
      else successDiffs.push(`${ref.label} [${explainDifference(pip.captured, peer.output)}] ${firstDifference(comparable(pip.captured, 'whole'), comparable(peer.output, 'whole'))}`);
    }
  }

  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '-');
  console.log(`\npip engine (resolvelib 1.0.1 + pip 23.2.1's provider) against pip 23.2.1 itself`);
  console.log(`  verdict equal to pip's:          ${verdicts} / ${judged}`);
  console.log(`  install set equal to pip's:      ${installs} / ${judged}`);
  console.log(`  output of pip's failing runs:    ${messagesEqual} / ${failingRuns} equal line for line (${pct(messagesEqual, failingRuns)}; ${wholeCompared} against pip's whole output, the rest against its recorded lines)`);
  if (successOutputs) console.log(`  output of pip's successful runs: ${successOutputsEqual} / ${successOutputs} equal line for line`);
  console.log(`  rounds equal to pip's:           ${roundsEqual} / ${roundsCompared} (where pip's run is at hand${options.runPip ? '' : '; --pip runs pip for the others'})`);
  for (const f of failures) console.log(`  FAIL ${f}`);
  for (const t of timeouts) console.log(`  TIMEOUT ${t}`);
  for (const d of messageDiffs) console.log(`  OUTPUT ${d}`);
  for (const d of roundDiffs) console.log(`  ROUNDS ${d}`);
  for (const d of successDiffs) console.log(`  SUCCESS OUTPUT ${d}`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const messagesOk = failingRuns === 0 || messagesEqual / failingRuns >= 0.95;
  const applicable = judged * 2 + 1 + (roundsCompared ? 1 : 0);
  const pass = verdicts + installs + (messagesOk ? 1 : 0) + (roundsCompared && roundsEqual === roundsCompared ? 1 : 0);
  return { pass, applicable };
}
