/**
 * Unit propagation: https://github.com/dart-lang/pub/blob/master/doc/solver.md#unit-propagation
 *
 * When a package's assignments change, the incompatibilities that may now be satisfied are
 * checked against the partial solution: one that is satisfied is a conflict
 * (conflict-resolution.ts), one that is almost satisfied yields the negation of its last term.
 *
 * Which ones to check: not every incompatibility that mentions the package (their number grows
 * with each one learned) but, as SAT solvers watch two literals per clause, those *watching* a
 * term that has just become satisfied. Each incompatibility watches two of its terms, kept on
 * unsatisfied terms while it has two. A term on P stays unsatisfied while P's assignments still
 * allow some version the term does not (its *witness*; or, for a positive term, while P is not
 * required at all), so a watch is filed under its witness and looked at only when P loses that
 * version: the cost of a step follows the versions a change removes, not how much was learned.
 *
 * A watch left on a satisfied term (no other term to move to) is parked at the current decision
 * level and filed again when a backjump undoes that level; if its term is still satisfied then,
 * the incompatibility is checked again, since what it derived was undone with the level. So are
 * the incompatibilities of one term (facts), after every backjump. A watch whose partner is
 * contradicted is parked too, at the level of that contradiction: until a backjump undoes it,
 * the incompatibility can't bind, and its watches need not follow the partial solution.
 */
import { resolveConflict } from './conflict-resolution.ts';
import type { Incompatibility } from './incompatibility.ts';
import { ROOT } from './packages.ts';
import type { PartialSolution } from './partial-solution.ts';
import type { SolverState } from './state.ts';
import { contradicts, negate, satisfies, type Term } from './term.ts';
import { isEmpty, isFull } from './version-set.ts';

/** An incompatibility and the indices of the two terms it watches (`second` is -1 for a single term). */
interface Watch {
  readonly incompatibility: Incompatibility;
  first: number;
  second: number;
  /** Where the next search for an unsatisfied term starts. */
  cursor: number;
}

/** The watches on one package's terms, filed by witness: a version index, or the package's size for "not required". */
interface PackageWatches {
  readonly buckets: (Watch[] | undefined)[];
  /** Bit w: bucket w is not empty. */
  readonly filled: Uint32Array;
}

/** The incompatibilities of a run, with the watches of propagation. */
export class IncompatibilityStore {
  /** Every incompatibility, oldest first. */
  readonly all: Incompatibility[] = [];
  /**
   * Incompatibilities of one term (versions that can never be used): checked again after each
   * backjump, so that what they rule out stays ruled out at every level and a project nothing
   * can satisfy fails each depender at once instead of by one conflict each.
   */
  readonly facts: Incompatibility[] = [];
  /** Added since the last propagation: their watches are chosen against the partial solution then. */
  readonly fresh: Incompatibility[] = [];
  /** Per package: incompatibilities added since it was last visited, to check in full then (oldest first). */
  private readonly pending: (Incompatibility[] | undefined)[] = [];
  /** To check again at the next propagation (facts and unparked watches after a backjump). */
  readonly recheck: Incompatibility[] = [];
  private readonly watches: (PackageWatches | undefined)[] = [];
  /** Per decision level: watches set aside (on a satisfied term, or beside a contradicted one), with the index of their term. */
  private readonly parked: { watch: Watch; term: number }[][] = [];

  add(incompatibility: Incompatibility): void {
    this.all.push(incompatibility);
    this.fresh.push(incompatibility);
    const only = incompatibility.terms.length === 1 ? incompatibility.terms[0]! : null;
    if (only && only.pkg !== ROOT) this.facts.push(incompatibility);
  }

  /** Files `watch` under `witness` on `pkg` (of `size` versions). */
  file(pkg: number, size: number, witness: number, watch: Watch): void {
    let entry = this.watches[pkg];
    if (!entry) {
      entry = { buckets: [], filled: new Uint32Array((size + 32) >>> 5) };
      this.watches[pkg] = entry;
    }
    (entry.buckets[witness] ??= []).push(watch);
    entry.filled[witness >>> 5]! |= 1 << (witness & 31);
  }

  /** Takes out the watches on `pkg` whose witness `assigned` no longer has. */
  takeStale(pkg: number, size: number, assigned: Term): { witness: number; bucket: Watch[] }[] {
    const entry = this.watches[pkg];
    if (!entry) return [];
    const taken: { witness: number; bucket: Watch[] }[] = [];
    const take = (witness: number) => {
      const bucket = entry.buckets[witness];
      entry.buckets[witness] = undefined;
      entry.filled[witness >>> 5]! &= ~(1 << (witness & 31));
      if (bucket) taken.push({ witness, bucket });
    };
    const set = assigned.set;
    for (let w = 0; w < set.length; w++) {
      let stale = entry.filled[w]! & ~set[w]!;
      // Bits at and past `size` are the "not required" witness, handled below.
      if (w === set.length - 1 && (size & 31) !== 0) stale &= 2 ** (size & 31) - 1;
      while (stale !== 0) {
        const bit = stale & -stale;
        take((w << 5) + 31 - Math.clz32(bit));
        stale ^= bit;
      }
    }
    if (assigned.positive && (entry.filled[size >>> 5]! & (1 << (size & 31))) !== 0) take(size);
    return taken;
  }

  /** Marks a new incompatibility to be checked in full when any of its packages is next visited. */
  addPending(incompatibility: Incompatibility): void {
    for (const term of incompatibility.terms) (this.pending[term.pkg] ??= []).push(incompatibility);
  }

  takePending(pkg: number): Incompatibility[] {
    const list = this.pending[pkg];
    if (!list || list.length === 0) return [];
    this.pending[pkg] = undefined;
    return list;
  }

  /** What a conflict left unchecked, before anything added since. */
  putBackPending(pkg: number, rest: Incompatibility[]): void {
    const added = this.pending[pkg];
    this.pending[pkg] = added ? [...rest, ...added] : rest;
  }

  park(level: number, watch: Watch, term: number): void {
    (this.parked[level] ??= []).push({ watch, term });
  }

  /** After a backjump to `level`: files the parked watches of the levels undone again. */
  unpark(state: SolverState, level: number): void {
    const { partial, table } = state;
    for (let l = this.parked.length - 1; l > level; l--) {
      const list = this.parked[l];
      if (!list) continue;
      this.parked[l] = [];
      for (const { watch, term } of list) {
        const t = watch.incompatibility.terms[term]!;
        const size = table.sizeOf(t.pkg);
        const witness = witnessOf(partial.termOf(t.pkg), t, size);
        if (witness >= 0) {
          this.file(t.pkg, size, witness, watch);
        } else {
          this.park(level, watch, term);
          this.recheck.push(watch.incompatibility);
        }
      }
    }
    this.parked.length = Math.min(this.parked.length, level + 1);
    for (const fact of this.facts) this.recheck.push(fact);
  }
}

/**
 * A version that `assigned` allows and `term` does not (`size` for "`assigned` does not require
 * the package but `term` does"), or -1 when `assigned` satisfies `term`. Nothing assigned allows
 * every version and requires nothing.
 */
function witnessOf(assigned: Term | undefined, term: Term, size: number): number {
  // The lowest such version: a walk back from the newest releases (boto3 over botocore) rules
  // versions out from the top, one by one, so a witness at the top would move at every step
  // (4× slower there; the highest saves a third of the visits on pigeonhole indexes only).
  const allowed = term.set;
  for (let w = 0; w < allowed.length; w++) {
    let free = ~allowed[w]!;
    if (assigned) free &= assigned.set[w]!;
    else if (w === allowed.length - 1 && (size & 31) !== 0) free &= 2 ** (size & 31) - 1;
    if (free !== 0) return (w << 5) + 31 - Math.clz32(free & -free);
  }
  return term.positive && !assigned?.positive ? size : -1;
}

const SATISFIED = 0;
const CONTRADICTED = 1;
const OPEN = 2;
type Status = typeof SATISFIED | typeof CONTRADICTED | typeof OPEN;

/** How the partial solution stands to one term. */
function statusOf(partial: PartialSolution, size: number, term: Term): Status {
  const assigned = partial.termOf(term.pkg);
  if (assigned === undefined) {
    // Nothing known: only `not P ∈ ∅` (anything goes) is satisfied, only `P ∈ ∅` contradicted.
    if (!term.positive && isFull(term.set, size)) return SATISFIED;
    return term.positive && isEmpty(term.set) ? CONTRADICTED : OPEN;
  }
  if (satisfies(assigned, term)) return SATISFIED;
  return contradicts(assigned, term) ? CONTRADICTED : OPEN;
}

type Relation = { kind: 'satisfied' } | { kind: 'contradicted' } | { kind: 'inconclusive' } | { kind: 'almost'; term: Term };
const RELATION_SATISFIED: Relation = { kind: 'satisfied' };
const RELATION_CONTRADICTED: Relation = { kind: 'contradicted' };
const RELATION_INCONCLUSIVE: Relation = { kind: 'inconclusive' };

function relationOf(state: SolverState, incompatibility: Incompatibility): Relation {
  let unsatisfied: Term | null = null;
  for (const term of incompatibility.terms) {
    const status = statusOf(state.partial, state.table.sizeOf(term.pkg), term);
    if (status === SATISFIED) continue;
    if (status === CONTRADICTED) return RELATION_CONTRADICTED;
    if (unsatisfied !== null) return RELATION_INCONCLUSIVE;
    unsatisfied = term;
  }
  return unsatisfied === null ? RELATION_SATISFIED : { kind: 'almost', term: unsatisfied };
}

/**
 * Chooses the watches of a new incompatibility: unsatisfied terms first, then satisfied ones by
 * their latest satisfier. It is checked in full when one of its packages is next visited.
 */
function attach(state: SolverState, incompatibility: Incompatibility): void {
  const { partial, table, store } = state;
  const terms = incompatibility.terms;
  if (terms.length === 0) return;
  // The two best terms by (unsatisfied first, then latest satisfier), earlier terms first on ties.
  let first = -1;
  let firstKey = -Infinity;
  let firstWitness = -1;
  let second = -1;
  let secondKey = -Infinity;
  let secondWitness = -1;
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    const witness = witnessOf(partial.termOf(term.pkg), term, table.sizeOf(term.pkg));
    const key = witness >= 0 ? Infinity : (partial.satisfier(term)?.index ?? -1);
    if (first < 0 || key > firstKey) {
      second = first;
      secondKey = firstKey;
      secondWitness = firstWitness;
      first = i;
      firstKey = key;
      firstWitness = witness;
    } else if (second < 0 || key > secondKey) {
      second = i;
      secondKey = key;
      secondWitness = witness;
    }
  }
  const watch: Watch = { incompatibility, first, second, cursor: 0 };
  store.addPending(incompatibility);
  for (const [i, witness] of [
    [first, firstWitness],
    [second, secondWitness],
  ] as const) {
    if (i < 0) continue;
    const pkg = terms[i]!.pkg;
    if (witness >= 0) store.file(pkg, table.sizeOf(pkg), witness, watch);
    else store.park(partial.decisionLevel, watch, i);
  }
}

/**
 * Unit propagation over one run's state; made once per run, so that the hot loop allocates
 * no closures.
 */
export class Propagator {
  /** Packages whose assignments changed and are still to be looked at. */
  private readonly changed: number[] = [];
  private readonly queued = new Set<number>();

  constructor(private readonly state: SolverState) {}

  /** Unit propagation from `start`; a conflict with no way out ends the run (conflict-resolution.ts throws Failure). */
  run(start: number): void {
    const { partial, table, store } = this.state;
    const changed = this.changed;
    this.enqueue(start);
    for (;;) {
      while (store.fresh.length > 0) attach(this.state, store.fresh.shift()!);
      if (store.recheck.length > 0 && this.check(store.recheck)) continue;
      const pkg = changed.pop();
      if (pkg === undefined) break;
      this.queued.delete(pkg);
      // New incompatibilities on this package, newest first, as if it had always been watched.
      const pending = store.takePending(pkg);
      if (pending.length > 0 && this.check(pending)) {
        store.putBackPending(pkg, pending);
        this.enqueue(pkg);
        continue;
      }
      const assigned = partial.termOf(pkg);
      if (!assigned) continue;
      const size = table.sizeOf(pkg);
      const buckets = store.takeStale(pkg, size, assigned);
      let conflicted = false;
      for (const { witness, bucket } of buckets) {
        for (const watch of bucket) {
          if (conflicted) {
            // What a conflict left unvisited goes back where it was, to be looked at on the next visit.
            store.file(pkg, size, witness, watch);
            continue;
          }
          conflicted = this.visit(pkg, watch);
        }
      }
      if (conflicted) this.enqueue(pkg);
    }
  }

  private enqueue(pkg: number): void {
    if (this.queued.has(pkg)) return;
    this.changed.push(pkg);
    this.queued.add(pkg);
  }

  /** Derives the negation of `term`, the last unsatisfied term of `incompatibility`. */
  private derive(term: Term, incompatibility: Incompatibility): void {
    this.state.partial.derive(negate(term, this.state.table.sizeOf(term.pkg)), incompatibility);
    this.enqueue(term.pkg);
  }

  /** Learns from a conflict, backjumps (which queues checks, see `unpark`) and derives from what was learned. */
  private conflict(incompatibility: Incompatibility): void {
    const rootCause = resolveConflict(this.state, incompatibility);
    const again = relationOf(this.state, rootCause);
    if (again.kind !== 'almost') throw new Error('internal error: a learned incompatibility is not almost satisfied');
    this.derive(again.term, rootCause);
  }

  /** Checks whole incompatibilities, from the end of `list`; true after a conflict (the rest stays in `list`). */
  private check(list: Incompatibility[]): boolean {
    while (list.length > 0) {
      const incompatibility = list.pop()!;
      const relation = relationOf(this.state, incompatibility);
      if (relation.kind === 'satisfied') {
        this.conflict(incompatibility);
        return true;
      }
      if (relation.kind === 'almost') this.derive(relation.term, incompatibility);
    }
    return false;
  }

  /** A watch whose witness on `pkg` is gone; true when it ended in a conflict. */
  private visit(pkg: number, watch: Watch): boolean {
    const { partial, table, store } = this.state;
    const terms = watch.incompatibility.terms;
    const onFirst = terms[watch.first]!.pkg === pkg;
    const mine = onFirst ? watch.first : watch.second;
    const other = onFirst ? watch.second : watch.first;
    // While the other watched term is contradicted the incompatibility can't bind: set this watch
    // aside until a backjump undoes that contradiction (MiniSat's blocker, by decision level).
    if (other >= 0) {
      const otherTerm = terms[other]!;
      if (statusOf(partial, table.sizeOf(otherTerm.pkg), otherTerm) === CONTRADICTED) {
        store.park(partial.contradictionLevel(otherTerm), watch, mine);
        return false;
      }
    }
    const size = table.sizeOf(pkg);
    const witness = witnessOf(partial.termOf(pkg), terms[mine]!, size);
    if (witness >= 0) {
      store.file(pkg, size, witness, watch);
      return false;
    }
    // The watched term is satisfied: move the watch to another unsatisfied term if there is one,
    // searching on from where the last search stopped (the terms before it were satisfied then).
    const count = terms.length;
    for (let step = 0, k = watch.cursor; step < count; step++, k = k + 1 === count ? 0 : k + 1) {
      if (k === mine || k === other) continue;
      const candidate = terms[k]!;
      const candidateSize = table.sizeOf(candidate.pkg);
      const candidateWitness = witnessOf(partial.termOf(candidate.pkg), candidate, candidateSize);
      if (candidateWitness < 0) continue;
      if (onFirst) watch.first = k;
      else watch.second = k;
      watch.cursor = k + 1 === count ? 0 : k + 1;
      store.file(candidate.pkg, candidateSize, candidateWitness, watch);
      return false;
    }
    store.park(partial.decisionLevel, watch, mine);
    const otherStatus = other < 0 ? SATISFIED : statusOf(partial, table.sizeOf(terms[other]!.pkg), terms[other]!);
    if (otherStatus === CONTRADICTED) return false;
    if (otherStatus === OPEN) {
      this.derive(terms[other]!, watch.incompatibility);
      return false;
    }
    this.conflict(watch.incompatibility);
    return true;
  }
}
