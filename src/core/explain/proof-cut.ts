/**
 * A proof kept to a number of steps. Some conflicts have only exponential proofs: pigeonhole's
 * (tests/support/pigeonhole.ts) takes 34,796 lines at 9 holes, 12 MB in each of the pubgrub and
 * pip voices, and took longer to word than to find. Such a proof is shown from its conclusion
 * down to as many steps as the budget allows; the deeper steps are left out, and what they
 * proved is stated as proved (pubgrub.ts marks it). Only a proof that branches out is cut: a
 * chain (on average no more than two steps a level) is shown whole however long, since its
 * length follows the index it comes from and its deepest step is the cause. No real conflict
 * comes near the budget: the longest among the packse scenarios and the shared cases takes 6 steps.
 */
import type { DerivationTree } from '../solver/index.ts';

/** Steps (derived incompatibilities) a proof shows at most. */
export const PROOF_STEPS = 100;

export interface ProofCut {
  /** Derived incompatibilities stated without their proof: the edge of the part shown. */
  readonly omitted: ReadonlySet<number>;
  readonly totalSteps: number;
  readonly shownSteps: number;
}

/**
 * Which steps to leave out so that at most `maxSteps` are shown: whole levels of the proof,
 * counted breadth first from its conclusion (each step at its least depth, shared ones once).
 * Null when the whole proof fits, or is a chain.
 */
export function proofCut(tree: DerivationTree, maxSteps = PROOF_STEPS): ProofCut | null {
  const derived = (id: number) => tree.nodes[id]!.cause.kind === 'derived';
  if (!derived(tree.root)) return null;
  const seen = new Set([tree.root]);
  const levels: number[][] = [];
  for (let level = [tree.root]; level.length > 0; ) {
    levels.push(level);
    const next: number[] = [];
    for (const id of level) {
      const cause = tree.nodes[id]!.cause;
      if (cause.kind !== 'derived') continue;
      for (const child of [cause.left, cause.right]) {
        if (derived(child) && !seen.has(child)) {
          seen.add(child);
          next.push(child);
        }
      }
    }
    level = next;
  }
  // The conclusion is always shown, whatever the budget.
  const budget = Math.max(1, maxSteps);
  if (seen.size <= budget || seen.size <= 2 * levels.length) return null;
  let shownSteps = 1;
  let depth = 1;
  while (depth < levels.length && shownSteps + levels[depth]!.length <= budget) shownSteps += levels[depth++]!.length;
  return { omitted: new Set(levels[depth]), totalSteps: seen.size, shownSteps };
}
