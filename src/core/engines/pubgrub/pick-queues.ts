/**
 * The best candidates of decision making's tiers (decision-making.ts), kept in priority queues
 * so that a decision does not look at every undecided package. Without them, each decision
 * scanned the extras, the packages with one version left, or every undecided package: a project
 * requiring 8,000 others, or one requirement naming 8,000 extras, took 20 s (quadratic).
 *
 * Within a tier the order is fixed: the most conflicts first, then the earliest discovered (a
 * package's id). Each queue holds entries pushed when a package joins its tier or when its
 * conflict count grows, and drops, when they come to the top, those that no longer hold (the
 * package left the tier, or an entry with its newer count was pushed). Counts only grow within
 * a run, so a stale entry never ranks above its package's current one.
 */
import type { PackageTable } from './packages.ts';
import type { PartialSolution, PartialSolutionEvents } from './partial-solution.ts';

/** A heap of package ids by (conflicts at push, descending; id, ascending). */
class PackageQueue {
  private ids: number[] = [];
  private counts: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  push(id: number, conflicts: number): void {
    this.ids.push(id);
    this.counts.push(conflicts);
    this.up(this.ids.length - 1);
  }

  /** The best entry that still holds (`holds(id, conflicts at push)`), dropping those above it that do not. */
  top(holds: (id: number, conflicts: number) => boolean): number | null {
    while (this.ids.length > 0) {
      if (holds(this.ids[0]!, this.counts[0]!)) return this.ids[0]!;
      this.pop();
    }
    return null;
  }

  /** Keeps only the entries that hold: entries that never come to the top are not dropped otherwise. */
  compact(holds: (id: number, conflicts: number) => boolean): void {
    const ids: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      if (!holds(this.ids[i]!, this.counts[i]!)) continue;
      ids.push(this.ids[i]!);
      counts.push(this.counts[i]!);
    }
    this.ids = ids;
    this.counts = counts;
    for (let i = (ids.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private pop(): void {
    const lastId = this.ids.pop()!;
    const lastCount = this.counts.pop()!;
    if (this.ids.length === 0) return;
    this.ids[0] = lastId;
    this.counts[0] = lastCount;
    this.down(0);
  }

  private before(i: number, j: number): boolean {
    const a = this.counts[i]!;
    const b = this.counts[j]!;
    return a > b || (a === b && this.ids[i]! < this.ids[j]!);
  }

  private swap(i: number, j: number): void {
    const id = this.ids[i]!;
    this.ids[i] = this.ids[j]!;
    this.ids[j] = id;
    const count = this.counts[i]!;
    this.counts[i] = this.counts[j]!;
    this.counts[j] = count;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.before(right, left) ? right : left;
      if (!this.before(child, i)) return;
      this.swap(child, i);
      i = child;
    }
  }
}

/**
 * The queues of one run: extras whose project is decided (tier 1), packages with one version
 * left (tier 2), and every undecided package (the last tier). Once active, told of the partial
 * solution's changes (PartialSolutionEvents) and of conflict counts (`conflictsGrew`).
 */
export class PickQueues implements PartialSolutionEvents {
  private partial: PartialSolution | null = null;
  private readonly pinnedExtras = new PackageQueue();
  private readonly singletons = new PackageQueue();
  private readonly undecided = new PackageQueue();

  private readonly holdsPinned = (id: number, conflicts: number) =>
    this.table.get(id).conflicts === conflicts && this.partial!.undecidedPackages().has(id) && this.partial!.decisionOf(this.table.get(id).base) >= 0;
  private readonly holdsSingleton = (id: number, conflicts: number) =>
    this.table.get(id).conflicts === conflicts && this.partial!.undecidedSingletons().has(id);
  private readonly holdsUndecided = (id: number, conflicts: number) =>
    this.table.get(id).conflicts === conflicts && this.partial!.undecidedPackages().has(id);

  constructor(private readonly table: PackageTable) {}

  /**
   * The queues, following `partial` from now on: on the first call they are filled with what it
   * holds and it starts reporting to them. A small run never calls this (decision-making.ts).
   */
  active(partial: PartialSolution): this {
    if (this.partial) return this;
    this.partial = partial;
    partial.report(this);
    for (const pkg of partial.undecidedPackages()) this.becameUndecided(pkg);
    for (const pkg of partial.undecidedSingletons()) this.becameSingleton(pkg);
    return this;
  }

  /** The undecided extra whose project is decided that comes first, or null. */
  bestPinnedExtra(): number | null {
    return this.pinnedExtras.top(this.holdsPinned);
  }

  /** The undecided package with one version left that comes first, or null. */
  bestSingleton(): number | null {
    return this.singletons.top(this.holdsSingleton);
  }

  /** The undecided package that comes first, or null. */
  bestUndecided(): number | null {
    return this.undecided.top(this.holdsUndecided);
  }

  becameUndecided(pkg: number): void {
    const state = this.table.get(pkg);
    this.push(this.undecided, pkg, state.conflicts, this.holdsUndecided);
    if (state.kind === 'extra' && this.partial!.decisionOf(state.base) >= 0) this.push(this.pinnedExtras, pkg, state.conflicts, this.holdsPinned);
  }

  becameSingleton(pkg: number): void {
    this.push(this.singletons, pkg, this.table.get(pkg).conflicts, this.holdsSingleton);
  }

  decided(pkg: number): void {
    for (const extra of this.table.extrasOf(pkg)) {
      if (this.partial!.undecidedPackages().has(extra)) this.push(this.pinnedExtras, extra, this.table.get(extra).conflicts, this.holdsPinned);
    }
  }

  /** `pkg`'s conflict count grew: its entries move up. */
  conflictsGrew(pkg: number): void {
    if (!this.partial) return;
    const conflicts = this.table.get(pkg).conflicts;
    if (this.holdsUndecided(pkg, conflicts)) this.push(this.undecided, pkg, conflicts, this.holdsUndecided);
    if (this.holdsSingleton(pkg, conflicts)) this.push(this.singletons, pkg, conflicts, this.holdsSingleton);
    if (this.table.get(pkg).kind === 'extra' && this.holdsPinned(pkg, conflicts)) this.push(this.pinnedExtras, pkg, conflicts, this.holdsPinned);
  }

  /** Pushes, first dropping what no longer holds when entries outnumber packages several times over. */
  private push(queue: PackageQueue, pkg: number, conflicts: number, holds: (id: number, conflicts: number) => boolean): void {
    if (queue.size > 4 * this.table.packages.length + 64) queue.compact(holds);
    queue.push(pkg, conflicts);
  }
}
