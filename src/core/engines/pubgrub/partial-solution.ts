/**
 * The partial solution: https://github.com/dart-lang/pub/blob/master/doc/solver.md#partial-solution
 *
 * An ordered list of assignments (decisions and derivations), with, per package, the
 * running intersection of its assignments so that relations and satisfiers are cheap.
 */
import type { Incompatibility } from './incompatibility.ts';
import { contradicts, intersectTerms, satisfies, type Term } from './term.ts';
import { fullSet, has, isSingleton, singletonSet } from './version-set.ts';

export interface Assignment {
  readonly term: Term;
  readonly level: number;
  /** null for a decision. */
  readonly cause: Incompatibility | null;
  /** Position in the partial solution. */
  readonly index: number;
}

/** What decision making follows of the partial solution (pick-queues.ts). */
export interface PartialSolutionEvents {
  /** `pkg` joined the undecided packages. */
  becameUndecided(pkg: number): void;
  /** `pkg` joined the undecided packages with a single version left. */
  becameSingleton(pkg: number): void;
  decided(pkg: number): void;
}

interface PackageTrail {
  readonly assignments: Assignment[];
  /** accumulated[i] = intersection of assignments[0..i]. */
  readonly accumulated: Term[];
  decision: number;
}

export class PartialSolution {
  private readonly trail: Assignment[] = [];
  private readonly packages: PackageTrail[] = [];
  private level = 0;
  /** Scratch for `satisfier`. */
  private scratch = new Uint32Array(1);
  /** Packages with a positive accumulated term and no decision, in order of first positive derivation. */
  private readonly undecided = new Set<number>();
  /** The undecided packages whose assignments leave a single version. */
  private readonly singletons = new Set<number>();

  /** Who is told of changes to the undecided packages and of decisions, once someone asks. */
  private events: PartialSolutionEvents | undefined;

  constructor(private readonly sizeOf: (pkg: number) => number) {}

  report(events: PartialSolutionEvents): void {
    this.events = events;
  }

  get decisionLevel(): number {
    return this.level;
  }

  get length(): number {
    return this.trail.length;
  }

  private trailOf(pkg: number): PackageTrail {
    let trail = this.packages[pkg];
    if (!trail) {
      trail = { assignments: [], accumulated: [], decision: -1 };
      this.packages[pkg] = trail;
    }
    return trail;
  }

  /** The intersection of every assignment to `pkg`, or undefined when there is none. */
  termOf(pkg: number): Term | undefined {
    const trail = this.packages[pkg];
    if (!trail || trail.accumulated.length === 0) return undefined;
    return trail.accumulated[trail.accumulated.length - 1];
  }

  decisionOf(pkg: number): number {
    return this.packages[pkg]?.decision ?? -1;
  }

  undecidedPackages(): ReadonlySet<number> {
    return this.undecided;
  }

  undecidedSingletons(): ReadonlySet<number> {
    return this.singletons;
  }

  private markUndecided(pkg: number, accumulated: Term): void {
    if (!this.undecided.has(pkg)) {
      this.undecided.add(pkg);
      this.events?.becameUndecided(pkg);
    }
    if (!isSingleton(accumulated.set)) this.singletons.delete(pkg);
    else if (!this.singletons.has(pkg)) {
      this.singletons.add(pkg);
      this.events?.becameSingleton(pkg);
    }
  }

  decide(pkg: number, versionIndex: number): void {
    this.level++;
    const term: Term = { pkg, set: singletonSet(this.sizeOf(pkg), versionIndex), positive: true };
    this.push(term, null);
    this.trailOf(pkg).decision = versionIndex;
    this.undecided.delete(pkg);
    this.singletons.delete(pkg);
    this.events?.decided(pkg);
  }

  derive(term: Term, cause: Incompatibility): void {
    this.push(term, cause);
  }

  private push(term: Term, cause: Incompatibility | null): void {
    const assignment: Assignment = { term, level: this.level, cause, index: this.trail.length };
    this.trail.push(assignment);
    const trail = this.trailOf(term.pkg);
    const previous = trail.accumulated[trail.accumulated.length - 1];
    const accumulated = previous ? intersectTerms(previous, term) : term;
    trail.assignments.push(assignment);
    trail.accumulated.push(accumulated);
    if (accumulated.positive && trail.decision < 0) this.markUndecided(term.pkg, accumulated);
  }

  /** Removes every assignment made after decision level `level`. */
  backtrack(level: number): void {
    while (this.trail.length > 0 && this.trail[this.trail.length - 1]!.level > level) {
      const assignment = this.trail.pop()!;
      const trail = this.packages[assignment.term.pkg]!;
      trail.assignments.pop();
      trail.accumulated.pop();
      if (assignment.cause === null) trail.decision = -1;
      const now = trail.accumulated[trail.accumulated.length - 1];
      if (now?.positive && trail.decision < 0) this.markUndecided(assignment.term.pkg, now);
      else {
        this.undecided.delete(assignment.term.pkg);
        this.singletons.delete(assignment.term.pkg);
      }
    }
    this.level = level;
  }

  /**
   * The earliest assignment to `term.pkg` after which the package's assignments, intersected
   * with `start` when given, satisfy `term`; undefined when they never do.
   */
  satisfier(term: Term, start?: Term): Assignment | undefined {
    const trail = this.packages[term.pkg];
    if (!trail) return undefined;
    if (!start) {
      // accumulated[] already holds the running intersections: binary search the first that satisfies.
      let lo = 0;
      let hi = trail.accumulated.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (satisfies(trail.accumulated[mid]!, term)) hi = mid;
        else lo = mid + 1;
      }
      return trail.assignments[lo];
    }
    // The running intersection with `start`, kept in a scratch set: this runs at every step of conflict resolution.
    const words = start.set.length;
    if (this.scratch.length < words) this.scratch = new Uint32Array(words);
    const accumulated = this.scratch;
    accumulated.set(start.set);
    let positive = start.positive;
    const wanted = term.set;
    for (const assignment of trail.assignments) {
      const set = assignment.term.set;
      let subset = true;
      for (let w = 0; w < words; w++) {
        const word = accumulated[w]! & set[w]!;
        accumulated[w] = word;
        if ((word & ~wanted[w]!) !== 0) subset = false;
      }
      positive ||= assignment.term.positive;
      if (subset && (positive || !term.positive)) return assignment;
    }
    return undefined;
  }

  /** The decision level at which `term` became contradicted (it must be contradicted now). */
  contradictionLevel(term: Term): number {
    const trail = this.packages[term.pkg];
    if (!trail || trail.accumulated.length === 0) return 0;
    let lo = 0;
    let hi = trail.accumulated.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (contradicts(trail.accumulated[mid]!, term)) hi = mid;
      else lo = mid + 1;
    }
    return trail.assignments[lo]!.level;
  }

  /**
   * `contradictionLevel` for a term on `pkg` of at most 31 versions given as its one word and sign
   * (watches.ts), without reading the term: asked each time a watch is parked beside a
   * contradicted term, thousands of times a second on a hard problem.
   */
  contradictionLevelOfWord(pkg: number, word: number, positive: boolean): number {
    const trail = this.packages[pkg];
    if (!trail || trail.accumulated.length === 0) return 0;
    const accumulated = trail.accumulated;
    let lo = 0;
    let hi = accumulated.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const term = accumulated[mid]!;
      if ((term.set[0]! & word) === 0 && (term.positive || positive)) hi = mid;
      else lo = mid + 1;
    }
    return trail.assignments[lo]!.level;
  }

  /** Selected versions, by package, once every package is decided. */
  decisions(): Map<number, number> {
    const result = new Map<number, number>();
    this.packages.forEach((trail, pkg) => {
      if (trail && trail.decision >= 0) result.set(pkg, trail.decision);
    });
    return result;
  }

  /** Whether version `index` of `pkg` is allowed by what is known so far. */
  allows(pkg: number, index: number): boolean {
    const term = this.termOf(pkg);
    return !term || has(term.set, index);
  }

  /** A term allowing everything, for packages not yet mentioned. */
  anyTerm(pkg: number): Term {
    return { pkg, set: fullSet(this.sizeOf(pkg)), positive: false };
  }
}
