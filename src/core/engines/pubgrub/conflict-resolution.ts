/**
 * Conflict resolution: https://github.com/dart-lang/pub/blob/master/doc/solver.md#conflict-resolution
 *
 * From a satisfied incompatibility, resolve with the causes of its satisfiers until the
 * result is almost satisfied after backjumping (the root cause, learned), or until it says
 * the root itself can't be selected: then there is no solution and the run fails with it.
 */
import { resolvent, type Incompatibility } from './incompatibility.ts';
import { ROOT } from './packages.ts';
import type { Assignment } from './partial-solution.ts';
import type { SolverState } from './state.ts';
import { satisfies, unsettled, type Term } from './term.ts';

/**
 * Thrown through the run when conflict resolution proves that there is no solution, and caught
 * by the run itself (solve.ts): a signal, not an error, so it captures no stack trace (an Error
 * does, at every failing resolve, and checking fixes resolves again and again).
 */
export class Failure {
  constructor(readonly incompatibility: Incompatibility) {}
}

/** Learns the root cause of `conflict` and backjumps; throws Failure when there is no solution. */
export function resolveConflict(state: SolverState, conflict: Incompatibility): Incompatibility {
  const { partial, table } = state;
  state.conflicts++;
  let incompatibility = conflict;
  let learned = false;
  for (;;) {
    if (isFailure(incompatibility)) throw new Failure(incompatibility);

    // The satisfier: the earliest assignment after which the incompatibility is satisfied (the
    // latest of its terms' satisfiers; terms are on distinct packages, so these are distinct).
    let sat: Assignment | undefined;
    let satTerm: Term | undefined;
    let runnerUp: Assignment | undefined;
    for (const t of incompatibility.terms) {
      const s = partial.satisfier(t);
      if (!s) throw new Error('internal error: a satisfied incompatibility has an unsatisfied term');
      if (!sat || s.index > sat.index) {
        runnerUp = sat;
        sat = s;
        satTerm = t;
      } else if (!runnerUp || s.index > runnerUp.index) {
        runnerUp = s;
      }
    }
    if (!sat || !satTerm) throw new Error('internal error: an empty incompatibility is not a failure');

    // The previous satisfier: the same search with the satisfier's own term counted first. The
    // level to backjump to is that of the latest satisfier once the satisfier is left out.
    const previous = partial.satisfier(satTerm, sat.term);
    const previousLevel = Math.max(1, runnerUp?.level ?? 0, (previous ?? sat).level);

    if (sat.cause === null || previousLevel < sat.level) {
      if (learned) {
        state.addIncompatibility(incompatibility);
        state.lastLearned = incompatibility;
      }
      state.backtracks++;
      state.backtrack(previousLevel);
      for (const t of incompatibility.terms) {
        table.get(t.pkg).conflicts++;
        state.pickQueues.conflictsGrew(t.pkg);
      }
      return incompatibility;
    }

    // Resolution: combine with the satisfier's cause, dropping the satisfier's package, and
    // keeping what of it the satisfier did not settle.
    const remainder = satisfies(sat.term, satTerm) ? null : unsettled(sat.term, satTerm, table.sizeOf(satTerm.pkg));
    incompatibility = resolvent(incompatibility, sat.cause, sat.term.pkg, remainder);
    state.resolutionSteps++;
    learned = true;
  }
}

function isFailure(incompatibility: Incompatibility): boolean {
  const terms = incompatibility.terms;
  return terms.length === 0 || (terms.length === 1 && terms[0]!.pkg === ROOT && terms[0]!.positive);
}
