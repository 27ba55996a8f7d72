/**
 * pip 23.2 itself on a problem, for the engines' conformance run and bench: the snapshot is
 * written out and served by ../shared/peers/pip_resolve.py, pip runs under the interpreter
 * the recorded baseline used, and a `sitecustomize` beside pip counts resolvelib's rounds
 * (printed as "PIPETTE_ROUNDS n" on exit and taken out of the output). Results are cached
 * outside the repository (the OS temp folder), keyed by everything that goes in.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toSnapshot } from '../../src/core/index.ts';
import type { Problem } from '../../src/cli/files.ts';

export interface PipInvocation {
  /** "3.12": run under this installed Python. */
  readonly python: string;
  /** --python-version (pip then checks Requires-Python against it, binary only). */
  readonly pythonVersion?: string;
  readonly platform?: string;
  readonly noBinary?: string;
  readonly onlyBinary?: string;
  readonly pre?: boolean;
}

export interface PipPeerRun {
  readonly ok: boolean;
  readonly install: Readonly<Record<string, string>>;
  /** pip's whole output, stdout then stderr, the index URL and requirements path normalised. */
  readonly output: readonly string[];
  readonly rounds: number | null;
  /** pip's wall time (pip_resolve.py's measure of the pip process). */
  readonly seconds: number;
  /** CPU seconds of the whole pip process (its own `time.process_time()` at exit), when measured. */
  readonly cpuSeconds?: number | null;
  readonly timedOut: boolean;
}

const SITECUSTOMIZE = `import atexit, sys
try:
    from pip._vendor.resolvelib import reporters as _r
    _count = [0]
    _orig = _r.BaseReporter.starting_round
    def _starting_round(self, index):
        _count[0] = index + 1
        return _orig(self, index)
    _r.BaseReporter.starting_round = _starting_round
    import time as _time
    atexit.register(lambda: sys.stderr.write("PIPETTE_ROUNDS %d\\nPIPETTE_CPU %.4f\\n" % (_count[0], _time.process_time())))
except Exception:
    pass
`;

const cacheDir = join(tmpdir(), 'pipette-pip-peer');
let pipDir: string | null = null;
const interpreters = new Map<string, string | null>();

/** A folder with pip (this machine's python3's) and the round-counting sitecustomize. */
function pipDirectory(): string {
  if (pipDir) return pipDir;
  const dir = join(cacheDir, 'pip-dir');
  mkdirSync(dir, { recursive: true });
  const pipPackage = execFileSync('python3', ['-c', 'import os, pip; print(os.path.dirname(pip.__file__))'], { encoding: 'utf8' }).trim();
  if (!existsSync(join(dir, 'pip'))) symlinkSync(pipPackage, join(dir, 'pip'));
  writeFileSync(join(dir, 'sitecustomize.py'), SITECUSTOMIZE);
  pipDir = dir;
  return dir;
}

/** The installed interpreter for X.Y (pyenv's first, then PATH), and its full version. */
export function interpreterFor(xy: string): { path: string; version: string } | null {
  if (!interpreters.has(xy)) {
    let found: string | null = null;
    try {
      const versions = execFileSync('pyenv', ['versions', '--bare'], { encoding: 'utf8' }).split('\n').map((v) => v.trim());
      const match = versions.filter((v) => v === xy || v.startsWith(`${xy}.`)).sort().pop();
      if (match) found = join(execFileSync('pyenv', ['prefix', match], { encoding: 'utf8' }).trim(), 'bin', 'python');
    } catch {
      found = null;
    }
    interpreters.set(xy, found);
  }
  const path = interpreters.get(xy);
  if (!path) return null;
  const version = execFileSync(path, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  return { path, version };
}

export function normaliseOutput(lines: readonly string[], work: string): string[] {
  return lines
    .filter((l) => !l.startsWith('PIPETTE_ROUNDS ') && !l.startsWith('PIPETTE_CPU '))
    .map((l) => l.replace(/http:\/\/127\.0\.0\.1:\d+\//g, 'INDEX_URL/').split(work).join('WORK'));
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

/** pip's run on the problem, from the cache or by running it; null when pip can't be run here. */
export async function pipPeerRun(problem: Problem, how: PipInvocation, timeoutSeconds: number, peers: string, cacheOnly = false, fresh = false): Promise<PipPeerRun | null> {
  const snapshot = JSON.stringify(toSnapshot(problem.index));
  const requirements = problem.requirements.join('\n') + '\n';
  const key = createHash('sha256').update(JSON.stringify([snapshot, requirements, how, timeoutSeconds, 2])).digest('hex').slice(0, 32);
  const cached = join(cacheDir, `${key}.json`);
  if (!fresh && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as PipPeerRun;
  if (cacheOnly) return null;
  const interpreter = interpreterFor(how.python);
  if (!interpreter) return null;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'pipette-pip-run-'));
  try {
    writeFileSync(join(work, 'index.json'), snapshot);
    writeFileSync(join(work, 'requirements.txt'), requirements);
    const args = [join(peers, 'pip_resolve.py'), join(work, 'index.json'), join(work, 'requirements.txt'), '--full-output', '--timeout', String(timeoutSeconds)];
    args.push('--interpreter', interpreter.path, '--pip-dir', pipDirectory());
    if (how.pythonVersion) args.push('--python', how.pythonVersion);
    if (how.platform) args.push('--platform', how.platform);
    if (how.noBinary) args.push('--no-binary', how.noBinary);
    if (how.onlyBinary) args.push('--only-binary', how.onlyBinary);
    if (how.pre) args.push('--pre');
    const stdout = await run('python3', args, (timeoutSeconds + 120) * 1000);
    const parsed = JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean; seconds: number; install: Record<string, string>; output: string[] };
    const roundsLine = parsed.output.find((l) => l.startsWith('PIPETTE_ROUNDS '));
    const timedOut = parsed.output.some((l) => l.includes('timed out after'));
    const cpuLine = parsed.output.find((l) => l.startsWith('PIPETTE_CPU '));
    const result: PipPeerRun = {
      ok: parsed.ok,
      install: parsed.install,
      output: normaliseOutput(parsed.output, dirname(join(work, 'requirements.txt'))),
      rounds: roundsLine ? Number(roundsLine.split(' ')[1]) : null,
      seconds: parsed.seconds,
      cpuSeconds: cpuLine ? Number(cpuLine.split(' ')[1]) : null,
      timedOut,
    };
    writeFileSync(cached, JSON.stringify(result));
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
