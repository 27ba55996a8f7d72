/**
 * What one PubGrub run works on (pubgrub-rs's `State`): the package table, the
 * incompatibilities, the partial solution and the counters. The concepts of solver.md each
 * have their module and take this state: propagation.ts, conflict-resolution.ts,
 * decision-making.ts, dependencies.ts.
 */
import type { Requirement } from '../../pep508/index.ts';
import type { DependencyProvider } from '../../solver/provider.ts';
import type { Incompatibility } from './incompatibility.ts';
import { PackageTable } from './packages.ts';
import { PartialSolution } from './partial-solution.ts';
import type { Allowances } from './policy.ts';
import { IncompatibilityStore } from './propagation.ts';
import type { SolveRequest } from './solve.ts';

export class SolverState {
  readonly table: PackageTable;
  readonly store = new IncompatibilityStore();
  readonly partial: PartialSolution;
  /** Every requirement the run met (root and dependencies of versions it looked at). */
  readonly encountered: Requirement[] = [];
  /** Root requirements dropped because their marker is false for the target. */
  readonly skippedRoot: Requirement[] = [];
  /** `depender>target` pairs already given a `dependsAtAll` incompatibility. */
  readonly wholeDependencies = new Set<string>();
  /** The last incompatibility learned from a conflict: what a run stopped by its time limit had proved. */
  lastLearned: Incompatibility | null = null;
  decisions = 0;
  conflicts = 0;
  backtracks = 0;

  constructor(
    readonly provider: DependencyProvider,
    readonly request: SolveRequest,
    readonly allowances: Allowances,
  ) {
    this.table = new PackageTable(provider, request, allowances, (incompatibility) => this.addIncompatibility(incompatibility));
    this.partial = new PartialSolution((pkg) => this.table.sizeOf(pkg));
  }

  addIncompatibility(incompatibility: Incompatibility): void {
    this.store.add(incompatibility);
  }

  /** Undoes every decision level above `level`; the watches of propagation follow. */
  backtrack(level: number): void {
    this.partial.backtrack(level);
    this.store.unpark(this, level);
  }

  stats(): { decisions: number; conflicts: number; backtracks: number; packagesSeen: number } {
    return { decisions: this.decisions, conflicts: this.conflicts, backtracks: this.backtracks, packagesSeen: this.table.packages.length - 2 };
  }
}
