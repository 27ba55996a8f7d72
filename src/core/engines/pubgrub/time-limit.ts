/**
 * Not in solver.md (whose loop runs to the end): a resolve bounded in time: past its deadline it stops between two decisions and says what it
 * tried (counts, the packages in the most conflicts) and the last fact it proved (a partial
 * explanation, as a derivation tree the explainer can word like any other).
 */
import type { Incompatibility } from './incompatibility.ts';
import type { DerivationTree } from './resolve.ts';
import type { Progress, SolverPackage } from './solve.ts';

export interface ConflictCount {
  readonly name: string;
  readonly conflicts: number;
}

export interface TimeLimitReport {
  readonly limitMs: number;
  readonly progress: Progress;
  /** Packages that took part in the most conflicts, most first. */
  readonly mostConflicted: readonly ConflictCount[];
  /** The last incompatibility learned from a conflict: a partial explanation, or null if none was met. */
  readonly partial: DerivationTree | null;
}

/** Raised inside one solver run; resolve.ts turns it into a ResolveTimeLimitError. */
export class SolveTimeLimit extends Error {
  constructor(
    readonly progress: Progress,
    readonly packages: readonly (SolverPackage & { readonly conflicts: number })[],
    readonly learned: Incompatibility | null,
  ) {
    super('time limit reached');
  }

  mostConflicted(count = 5): ConflictCount[] {
    return this.packages
      .filter((p) => p.conflicts > 0 && (p.kind === 'project' || p.kind === 'extra'))
      .sort((a, b) => b.conflicts - a.conflicts)
      .slice(0, count)
      .map((p) => ({ name: p.name, conflicts: p.conflicts }));
  }
}

export class ResolveTimeLimitError extends Error {
  override readonly name = 'ResolveTimeLimitError';
  constructor(readonly report: TimeLimitReport) {
    super(describeTimeLimit(report));
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "Stopped at the time limit of 10 s without an answer: ..." */
export function describeTimeLimit(report: TimeLimitReport): string {
  const p = report.progress;
  const seconds = report.limitMs / 1000;
  const tried = `${count(p.decisions, 'decision')}, ${count(p.conflicts, 'conflict')} and ${count(p.backtracks, 'backtrack')} over ${count(p.packagesSeen, 'package')}${p.round > 1 ? ` in ${p.round} rounds` : ''}`;
  const hot = report.mostConflicted.length ? ` The packages in the most conflicts: ${report.mostConflicted.map((c) => `${c.name} (${c.conflicts})`).join(', ')}.` : '';
  return `The resolve stopped at its time limit of ${seconds} s without an answer, after ${tried}.${hot}`;
}
