/**
 * What one PubGrub run works on (solver.md § The Algorithm, https://github.com/dart-lang/pub/blob/master/doc/solver.md#the-algorithm;
 * pubgrub-rs's `State`): the package table, the
 * incompatibilities, the partial solution and the counters. The concepts of solver.md each
 * have their module and take this state: propagation.ts, conflict-resolution.ts,
 * decision-making.ts, dependencies.ts.
 */
import type { Marker, Requirement } from '../../pep508/index.ts';
import type { DependencyProvider } from '../../solver/provider.ts';
import type { Incompatibility } from './incompatibility.ts';
import { PackageTable, ROOT } from './packages.ts';
import { PartialSolution } from './partial-solution.ts';
import { PickQueues } from './pick-queues.ts';
import type { Allowances } from './policy.ts';
import { Propagator } from './propagation.ts';
import { IncompatibilityStore } from './watches.ts';
import type { SolveRequest } from './solve.ts';

/**
 * What a run did, counted: watches looked at by propagation, terms derived, and resolution steps
 * of conflict resolution. Beside the time they tell where it went: on pigeonhole indexes the
 * visits per decision grow a hundredfold from n = 3 to n = 9 while a visit's cost does not.
 */
export interface SolverWork {
  readonly watchVisits: number;
  /**
   * Of those, the visits to a watch whose term the change had satisfied (the rest only moved
   * the watch to a version its term still leaves out). Each needs another term to watch, or
   * derives, or is a conflict: the visits that no scheme watching terms can leave out.
   */
  readonly satisfiedVisits: number;
  readonly derivations: number;
  readonly resolutionSteps: number;
}

export class SolverState {
  readonly table: PackageTable;
  readonly store = new IncompatibilityStore();
  readonly partial: PartialSolution;
  /** The best candidates of each tier of decision making, as the partial solution changes. */
  readonly pickQueues: PickQueues;
  readonly propagator: Propagator = new Propagator(this);
  /** Every requirement the runs met (root and dependencies of versions they looked at), over every round. */
  readonly encountered: Requirement[];
  /** Root requirements dropped because their marker is false for the target. */
  readonly skippedRoot: Requirement[] = [];
  /** `depender>target` pairs already given a `dependsAtAll` incompatibility. */
  readonly wholeDependencies: Set<string>;
  /** Requirement line -> the normalised name it starts with (dependencies.ts). */
  readonly leadingNames: Map<string, string>;
  /** Marker -> whether it holds on the target without extras (dependencies.ts): a parsed line, and so its marker, is shared by every release that lists it. */
  readonly markerHolds: Map<Marker, boolean>;
  /** Requirement line -> its parse, null when invalid (dependencies.ts `dependencyTextOn`). */
  readonly parsedLines: Map<string, Requirement | null>;
  /** The last incompatibility learned from a conflict: what a run stopped by its time limit had proved. */
  lastLearned: Incompatibility | null = null;
  decisions = 0;
  conflicts = 0;
  backtracks = 0;
  /** The work behind those (SolverWork). */
  watchVisits = 0;
  satisfiedVisits = 0;
  derivations = 0;
  resolutionSteps = 0;

  /** With `previous`, the state of the pip-policy round before this one, whose work is reused where that is sound (see `reusable`). */
  constructor(
    readonly provider: DependencyProvider,
    readonly request: SolveRequest,
    readonly allowances: Allowances,
    previous?: SolverState,
  ) {
    const add = (incompatibility: Incompatibility) => this.addIncompatibility(incompatibility);
    if (previous) {
      this.table = previous.table;
      this.encountered = previous.encountered;
      this.wholeDependencies = previous.wholeDependencies;
      this.leadingNames = previous.leadingNames;
      this.markerHolds = previous.markerHolds;
      this.parsedLines = previous.parsedLines;
      this.table.continueWith(allowances, add);
      for (const incompatibility of reusable(previous.store.all)) this.addIncompatibility(incompatibility);
    } else {
      this.table = new PackageTable(provider, request, allowances, add);
      this.encountered = [];
      this.wholeDependencies = new Set();
      this.leadingNames = new Map();
      this.markerHolds = new Map();
      this.parsedLines = new Map();
    }
    this.partial = new PartialSolution((pkg) => this.table.sizeOf(pkg));
    this.pickQueues = new PickQueues(this.table);
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

  work(): SolverWork {
    return { watchVisits: this.watchVisits, satisfiedVisits: this.satisfiedVisits, derivations: this.derivations, resolutionSteps: this.resolutionSteps };
  }
}

/**
 * The incompatibilities of a previous pip-policy round that still hold in the next one. A later
 * round differs only by its allowances, which only grow: more pre-releases, more yanked pins.
 * So every external fact holds again (dependencies, Requires-Python, distributions, the cut-off
 * date, constraints, trust) except the pre-releases and yanked releases it left out, which the
 * table registers anew; and a learned incompatibility, a consequence of the ones it was derived
 * from, holds again when none of those is such a left-out fact. The root's own facts (the root,
 * the target Python, your requirements) are added again by the run itself, so they are left here.
 */
function reusable(all: readonly Incompatibility[]): Incompatibility[] {
  const verdicts = new Map<Incompatibility, boolean>();
  const isRootFact = (incompatibility: Incompatibility) => incompatibility.cause.kind !== 'derived' && incompatibility.terms.some((t) => t.pkg === ROOT);
  return all.filter((incompatibility) => !isRootFact(incompatibility) && holdsInLaterRounds(incompatibility, verdicts));
}

/**
 * Whether `incompatibility` holds in every later pip-policy round: none of the facts it was
 * derived from is a pre-release or yanked release left out (see `reusable`). `verdicts` keeps
 * what was found, for asking about many. On an explicit stack: a proof may be a chain of tens
 * of thousands of steps.
 */
export function holdsInLaterRounds(incompatibility: Incompatibility, verdicts = new Map<Incompatibility, boolean>()): boolean {
  const pending: Incompatibility[] = [incompatibility];
  while (pending.length > 0) {
    const next = pending[pending.length - 1]!;
    if (verdicts.has(next)) {
      pending.pop();
      continue;
    }
    const cause = next.cause;
    if (cause.kind !== 'derived') {
      verdicts.set(next, !(cause.kind === 'unavailable' && (cause.reason.kind === 'prerelease' || cause.reason.kind === 'yanked')));
      pending.pop();
      continue;
    }
    const left = verdicts.get(cause.left);
    if (left === undefined) {
      pending.push(cause.left);
      continue;
    }
    // A left side that fails decides it: the right one is not looked at.
    const right = left ? verdicts.get(cause.right) : false;
    if (right === undefined) {
      pending.push(cause.right);
      continue;
    }
    verdicts.set(next, left && right);
    pending.pop();
  }
  return verdicts.get(incompatibility)!;
}
