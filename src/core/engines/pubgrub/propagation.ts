/**
 * Unit propagation: https://github.com/dart-lang/pub/blob/master/doc/solver.md#unit-propagation
 *
 * When a package's assignments change, the incompatibilities that may now be satisfied are
 * checked against the partial solution: one that is satisfied is a conflict
 * (conflict-resolution.ts), one that is almost satisfied yields the negation of its last term.
 *
 * Which ones to check: not every incompatibility that mentions the package (their number grows
 * with each one learned) but, as SAT solvers watch two literals per clause, those *watching* a
 * term that has just become satisfied (watches.ts).
 */
import { resolveConflict } from './conflict-resolution.ts';
import type { Incompatibility } from './incompatibility.ts';
import type { PartialSolution } from './partial-solution.ts';
import type { SolverState } from './state.ts';
import { contradicts, negate, satisfies, type Term } from './term.ts';
import { isEmpty, isFull } from './version-set.ts';
import { Watch, watchedContradicted, watchedWitness, witnessOf, wordWitness } from './watches.ts';

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
  const watch = new Watch(incompatibility, first, second);
  store.register(watch);
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
  /** By package: whether it is in `changed` (a list, not a Set: a Set's deletes allocate as it shrinks). */
  private readonly queued: boolean[] = [];

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
      this.queued[pkg] = false;
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
      // Read in place: a visit may derive or backjump, but never takes stale watches itself.
      const count = store.takeStale(pkg, size, assigned);
      const heads = store.staleHeads;
      const witnesses = store.staleWitnesses;
      let conflicted = false;
      let visits = 0;
      let satisfied = 0;
      for (let b = 0; b < count; b++) {
        for (let slot = heads[b]!; slot >= 0; ) {
          // Read before the watch is filed again, which relinks its slot.
          const next = store.nextSlot[slot]!;
          const watch = store.watchAt(slot);
          if (conflicted) {
            // What a conflict left unvisited goes back where it was, to be looked at on the next visit.
            store.file(pkg, size, witnesses[b]!, watch);
          } else {
            // Most watches only move to another witness (until a conflict, `assigned` stays as it is).
            visits++;
            const witness = watchedWitness(watch, (slot & 1) === 0, assigned, size);
            if (witness >= 0) store.file(pkg, size, witness, watch);
            else {
              satisfied++;
              conflicted = this.visit(pkg, watch);
            }
          }
          slot = next;
        }
      }
      this.state.watchVisits += visits;
      this.state.satisfiedVisits += satisfied;
      if (conflicted) this.enqueue(pkg);
    }
  }

  private enqueue(pkg: number): void {
    if (this.queued[pkg] === true) return;
    this.changed.push(pkg);
    this.queued[pkg] = true;
  }

  /** Derives the negation of `term`, the last unsatisfied term of `incompatibility`. */
  private derive(term: Term, incompatibility: Incompatibility): void {
    this.state.derivations++;
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

  /** A watch whose term on `pkg` is satisfied now; true when it ended in a conflict. */
  private visit(pkg: number, watch: Watch): boolean {
    const { partial, table, store } = this.state;
    const onFirst = watch.firstPkg === pkg;
    const mine = onFirst ? watch.first : watch.second;
    const other = onFirst ? watch.second : watch.first;
    // While the other watched term is contradicted the incompatibility can't bind: set this watch
    // aside until a backjump undoes that contradiction (MiniSat's blocker, by decision level).
    if (other >= 0) {
      const contradicted = watchedContradicted(watch, !onFirst, partial.termOf(onFirst ? watch.secondPkg : watch.firstPkg));
      if (contradicted) {
        const word = onFirst ? watch.secondWord : watch.firstWord;
        const level =
          word >= 0
            ? partial.contradictionLevelOfWord(onFirst ? watch.secondPkg : watch.firstPkg, word, onFirst ? watch.secondPositive : watch.firstPositive)
            : partial.contradictionLevel(watch.term(!onFirst));
        store.park(level, watch, mine);
        return false;
      }
    }
    // The watched term is satisfied: move the watch to another unsatisfied term if there is one,
    // searching on from where the last search stopped (the terms before it were satisfied then).
    const terms = watch.incompatibility.terms;
    const count = terms.length;
    const summary = count > 2 ? watch.termSummary() : null;
    for (let step = 0, k = watch.cursor; step < count; step++, k = k + 1 === count ? 0 : k + 1) {
      if (k === mine || k === other) continue;
      // Read off the summary, without touching the term, for a package of at most 31 versions.
      const candidatePkg = summary ? summary[3 * k]! : terms[k]!.pkg;
      const candidateWord = summary ? summary[3 * k + 1]! : -1;
      const candidateSize = table.sizeOf(candidatePkg);
      const assigned = partial.termOf(candidatePkg);
      const candidateWitness =
        candidateWord >= 0 && assigned !== undefined ? wordWitness(candidateWord, summary![3 * k + 2] === 1, assigned, candidateSize) : witnessOf(assigned, terms[k]!, candidateSize);
      if (candidateWitness < 0) continue;
      if (onFirst) watch.moveFirst(k);
      else watch.moveSecond(k);
      watch.cursor = k + 1 === count ? 0 : k + 1;
      store.file(candidatePkg, candidateSize, candidateWitness, watch);
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
