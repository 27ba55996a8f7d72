/**
 * Unit propagation: https://github.com/dart-lang/pub/blob/master/doc/solver.md#unit-propagation
 *
 * From a package whose assignments changed, every incompatibility that mentions it is checked
 * against the partial solution: one that is satisfied is a conflict (conflict-resolution.ts),
 * one that is almost satisfied yields the negation of its last term as a derivation.
 */
import { resolveConflict } from './conflict-resolution.ts';
import type { Incompatibility } from './incompatibility.ts';
import { ROOT } from './packages.ts';
import type { SolverState } from './state.ts';
import { contradicts, negate, satisfies, type Term } from './term.ts';
import { isEmpty, isFull } from './version-set.ts';

/** The incompatibilities of a run, by package. */
export class IncompatibilityStore {
  /** Per package id: the incompatibilities that mention it, oldest first. */
  readonly byPackage: Incompatibility[][] = [];
  /**
   * Packages with an incompatibility of one term (versions that can never be used): propagated
   * again after each backjump, so that what they rule out stays ruled out at every level and a
   * project nothing can satisfy fails each depender at once instead of by one conflict each.
   */
  readonly facts = new Set<number>();

  add(incompatibility: Incompatibility): void {
    for (const term of incompatibility.terms) (this.byPackage[term.pkg] ??= []).push(incompatibility);
    const only = incompatibility.terms.length === 1 ? incompatibility.terms[0]! : null;
    if (only && only.pkg !== ROOT) this.facts.add(only.pkg);
  }

  of(pkg: number): readonly Incompatibility[] {
    return this.byPackage[pkg] ?? [];
  }
}

type Relation = { kind: 'satisfied' } | { kind: 'contradicted' } | { kind: 'inconclusive' } | { kind: 'almost'; term: Term };
const SATISFIED: Relation = { kind: 'satisfied' };
const CONTRADICTED: Relation = { kind: 'contradicted' };
const INCONCLUSIVE: Relation = { kind: 'inconclusive' };

/** Unit propagation from `start`; a conflict with no way out ends the run (conflict-resolution.ts throws Failure). */
export function propagate(state: SolverState, start: number): void {
  const { partial, table, store } = state;
  const changed = [start];
  const queued = new Set(changed);
  while (changed.length > 0) {
    const pkg = changed.pop()!;
    queued.delete(pkg);
    const list = store.of(pkg);
    for (let i = list.length - 1; i >= 0; i--) {
      const incompatibility = list[i]!;
      const relation = relationOf(state, incompatibility);
      if (relation.kind === 'satisfied') {
        const rootCause = resolveConflict(state, incompatibility);
        const again = relationOf(state, rootCause);
        if (again.kind !== 'almost') throw new Error('internal error: a learned incompatibility is not almost satisfied');
        partial.derive(negate(again.term, table.sizeOf(again.term.pkg)), rootCause);
        changed.length = 0;
        queued.clear();
        for (const fact of store.facts) {
          changed.push(fact);
          queued.add(fact);
        }
        if (!queued.has(again.term.pkg)) changed.push(again.term.pkg);
        queued.add(again.term.pkg);
        break;
      }
      if (relation.kind === 'almost') {
        partial.derive(negate(relation.term, table.sizeOf(relation.term.pkg)), incompatibility);
        if (!queued.has(relation.term.pkg)) {
          changed.push(relation.term.pkg);
          queued.add(relation.term.pkg);
        }
      }
    }
  }
}

function relationOf(state: SolverState, incompatibility: Incompatibility): Relation {
  let unsatisfied: Term | null = null;
  for (const term of incompatibility.terms) {
    const assigned = state.partial.termOf(term.pkg);
    if (assigned === undefined) {
      // Nothing known: only `not P ∈ ∅` (anything goes) is satisfied, only `P ∈ ∅` contradicted.
      if (!term.positive && isFull(term.set, state.table.sizeOf(term.pkg))) continue;
      if (term.positive && isEmpty(term.set)) return CONTRADICTED;
    } else {
      if (satisfies(assigned, term)) continue;
      if (contradicts(assigned, term)) return CONTRADICTED;
    }
    if (unsatisfied !== null) return INCONCLUSIVE;
    unsatisfied = term;
  }
  return unsatisfied === null ? SATISFIED : { kind: 'almost', term: unsatisfied };
}
