/**
 * The pip engine against pip 23.2 itself on the real cases (../shared/data/cases), in one
 * run: the engine in-process (CPU time of a cold run, each on a fresh provider over the same
 * snapshot), pip as a whole process: the figures whole-process.ts measured in this run when
 * it ran (CPU counted by the kernel, pip's index built once), else through
 * ../shared/peers/pip_resolve.py (its own CPU time at exit, counted by a sitecustomize), with
 * the ratio. Goal: at least 10× less CPU than pip. Time-outs are shown as such, not as times.
 */
import { sharedDataDir, sharedPeersDir } from '../src/cli/files.ts';
import { pipReferences, runPipEngine } from '../tests/conformance/engines.ts';
import { pipPeerRun } from '../tests/conformance/pip-peer.ts';
import { pipSkipped } from './whole-process.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** pip's whole-process figures for a case, measured earlier in the same run. */
export interface PipFigures {
  readonly cpu: number;
  readonly wall: number;
  readonly timedOut: boolean;
  readonly ok: boolean;
}

export async function benchEngines(options: { cases?: string; pip: boolean; pipTimeout: number; pipFigures?: ReadonlyMap<string, PipFigures> }): Promise<void> {
  const data = sharedDataDir();
  if (!data) {
    console.log('\npip engine against pip: skipped — ../shared/data is not here.');
    return;
  }
  const peers = options.pip ? sharedPeersDir() : null;
  const refs = pipReferences(data, peers).filter((r) => r.label.startsWith('cases/') && !r.label.includes('/pip-yaml/') && (!options.cases || r.label.includes(options.cases)));
  console.log(`\npip engine (in-process, cold) against pip 23.2 (whole process, pip_resolve.py) on the real cases${peers ? '' : ` — ${pipSkipped(options.pip)}`}`);
  console.log(`  ${'case'.padEnd(36)} ${'verdict'.padEnd(8)} ${'rounds'.padStart(6)} ${'cpu ms'.padStart(8)} ${'pip cpu s'.padStart(9)} ${'pip s'.padStart(7)} ${'× less CPU'.padStart(10)}`);
  const ratios: number[] = [];
  for (const ref of refs) {
    const cpu0 = process.cpuUsage();
    const run = await runPipEngine(ref);
    const used = process.cpuUsage(cpu0);
    const cpuMs = (used.user + used.system) / 1000;
    const measured = options.pipFigures?.get(ref.problem.name);
    const pip = measured
      ? { cpuSeconds: measured.cpu, seconds: measured.wall, timedOut: measured.timedOut, ok: measured.ok }
      : peers && !ref.timedOut
        ? await pipPeerRun(ref.problem, ref.invocation, options.pipTimeout, peers, false, true).catch(() => null)
        : null;
    const pipCpu = pip?.cpuSeconds ?? null;
    const ratio = pipCpu && !pip!.timedOut ? (pipCpu * 1000) / cpuMs : null;
    if (ratio) ratios.push(ratio);
    const note = ref.timedOut ? 'pip did not finish (recorded)' : pip?.timedOut ? `pip gave up after ${options.pipTimeout} s` : pip && pip.ok !== run.result.ok ? 'verdicts differ' : '';
    console.log(
      `  ${ref.label.slice('cases/'.length).padEnd(36)} ${(run.result.ok ? 'solved' : 'no sol.').padEnd(8)} ${String(run.rounds).padStart(6)} ${cpuMs.toFixed(0).padStart(8)} ${(pipCpu === null ? '-' : pipCpu.toFixed(2)).padStart(9)} ${(pip ? pip.seconds.toFixed(2) : '-').padStart(7)} ${(ratio === null ? '-' : ratio.toFixed(0)).padStart(10)}  ${note}`,
    );
  }
  if (ratios.length) console.log(`  CPU against pip: min ${Math.min(...ratios).toFixed(0)}× less, median ${median(ratios).toFixed(0)}× less (goal: at least 10×)`);
}
