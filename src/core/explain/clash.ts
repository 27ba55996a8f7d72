/**
 * The clash behind a failure, as a person would put it: two requirements of yours that, each
 * through its own chain, ask for versions of one package that no version satisfies together
 * ("black>=22.1 needs click>=8.0.0, typer<0.4 needs click>=7.0.0,<8.0.0"). Read off the
 * derivation tree: every fact of the form "A requires P ∈ S" is an edge A -> P.
 */
import type { DerivationNode, DerivationTree } from '../solver/index.ts';
import { isDisjoint, isEmpty } from '../solver/version-set.ts';
import type { Clash, ClashSide } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';

interface Clause {
  readonly from: number;
  readonly fromVersions: Uint32Array;
  readonly to: number;
  readonly versions: Uint32Array;
  /** How a person would write it: the requirement as written where there is one. */
  readonly text: string;
  readonly external: boolean;
}

function clausesOf(tree: DerivationTree, view: TreeView): Clause[] {
  const clauses: Clause[] = [];
  for (const node of tree.nodes) {
    const clause = clauseOf(node, view);
    if (clause) clauses.push(clause);
  }
  return clauses;
}

function clauseOf(node: DerivationNode, view: TreeView): Clause | null {
  const cause = node.cause;
  const terms = node.cause.kind === 'derived' && node.terms.length > 2 ? [] : node.terms;
  const positive = terms.filter((t) => t.positive);
  const negative = terms.filter((t) => !t.positive);
  if (positive.length !== 1 || negative.length !== 1) return null;
  const [p, n] = [positive[0]!, negative[0]!];
  let text = view.requirementText(n.pkg, n.versions);
  if (cause.kind === 'dependency' && cause.requirement) text = requirementLabel(cause.requirement);
  if (cause.kind === 'requiresPython') text = `Python ${cause.requiresPython}`;
  if (cause.kind === 'targetPython') text = `Python ${cause.python}`;
  return { from: p.pkg, fromVersions: p.versions, to: n.pkg, versions: n.versions, text, external: cause.kind !== 'derived' };
}

export function findClash(tree: DerivationTree): Clash | null {
  const view = new TreeView(tree);
  const clauses = clausesOf(tree, view);
  const rootId = tree.packages.findIndex((p) => p.kind === 'root');

  /** Chains from one of your requirements down to `clause`, as texts; null when none is found. */
  const chainTo = (clause: Clause, depth = 0): { requirement: string | null; via: string[] } | null => {
    if (clause.from === rootId) {
      return { requirement: tree.packages[clause.to]!.kind === 'python' ? null : clause.text, via: [clause.text] };
    }
    if (depth > 6) return null;
    // Someone requires clause.from in versions that this clause covers.
    const parents = clauses.filter((c) => c.to === clause.from && !isEmpty(c.versions) && !isDisjoint(c.versions, clause.fromVersions));
    parents.sort((a, b) => Number(b.from === rootId) - Number(a.from === rootId) || Number(b.external) - Number(a.external));
    for (const parent of parents) {
      const up = chainTo(parent, depth + 1);
      if (up) return { requirement: up.requirement, via: [...up.via, clause.text] };
    }
    return null;
  };

  // Candidate pairs: two clauses into the same package with no version in common.
  const pairs: [Clause, Clause][] = [];
  for (let i = 0; i < clauses.length; i++) {
    for (let j = i + 1; j < clauses.length; j++) {
      const a = clauses[i]!;
      const b = clauses[j]!;
      if (a.to !== b.to || a.from === b.from) continue;
      if (!isDisjoint(a.versions, b.versions)) continue;
      pairs.push([a, b]);
    }
  }
  // Prefer facts as written (external) and chains that reach your own requirements.
  let best: { clash: Clash; score: number } | null = null;
  for (const [a, b] of pairs) {
    const ca = chainTo(a);
    const cb = chainTo(b);
    if (!ca || !cb) continue;
    const sides: ClashSide[] = [
      { requirement: ca.requirement, needs: a.text, via: ca.via },
      { requirement: cb.requirement, needs: b.text, via: cb.via },
    ];
    if (sides[0]!.requirement !== null && sides[0]!.requirement === sides[1]!.requirement) continue;
    const score = Number(a.external) + Number(b.external) - (ca.via.length + cb.via.length) / 10;
    if (!best || score > best.score) best = { clash: { package: view.name(a.to), sides }, score };
  }
  return best?.clash ?? null;
}
