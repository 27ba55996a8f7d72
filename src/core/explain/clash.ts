/**
 * The clash behind a failure, as a person would put it: requirements of yours that, each
 * through its own chain, ask for versions of one package that no version satisfies together
 * ("black>=22.1 needs click>=8.0.0, typer<0.4 needs click>=7.0.0,<8.0.0").
 *
 * Read off the derivation tree. Every fact "X ∈ F requires P ∈ S" (a dependency as written,
 * or one the proof derived) can speak for you when F covers everything you allow of X; two
 * such facts on one package with no version in common are the clash.
 */
import type { DerivationTree } from '../solver/index.ts';
import { isDisjoint, isSubset, union, type VersionSet } from '../solver/version-set.ts';
import { groupBy } from './group.ts';
import type { Clash, ClashSide } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';

interface Clause {
  readonly node: number;
  readonly from: number;
  readonly fromVersions: VersionSet;
  readonly to: number;
  readonly versions: VersionSet;
  /** The requirement as written where there is one, else the set as a specifier. */
  readonly text: string;
  readonly external: boolean;
}

function clausesOf(tree: DerivationTree, view: TreeView): Clause[] {
  const clauses: Clause[] = [];
  for (const node of tree.nodes) {
    const positive = node.terms.filter((t) => t.positive);
    const negative = node.terms.filter((t) => !t.positive);
    if (positive.length !== 1 || negative.length !== 1) continue;
    const [p, n] = [positive[0]!, negative[0]!];
    const cause = node.cause;
    let text = view.requirementText(n.pkg, n.versions);
    if (cause.kind === 'dependency' && cause.requirement) text = requirementLabel(cause.requirement);
    if (cause.kind === 'requiresPython') text = `Python ${cause.requiresPython}`;
    if (cause.kind === 'targetPython') text = `Python ${cause.python}`;
    clauses.push({ node: node.id, from: p.pkg, fromVersions: p.versions, to: n.pkg, versions: n.versions, text, external: cause.kind !== 'derived' });
  }
  return clauses;
}

/** Packages the proof of `node` passes through, other than its two ends. */
function packagesBetween(tree: DerivationTree, view: TreeView, node: number, ends: readonly number[]): string[] {
  const found: string[] = [];
  const seen = new Set<number>();
  const walk = (id: number) => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = tree.nodes[id]!;
    if (n.cause.kind === 'derived') {
      walk(n.cause.left);
      walk(n.cause.right);
      return;
    }
    if (n.cause.kind !== 'dependency') return;
    const from = n.terms[0]!.pkg;
    if (!ends.includes(from) && !view.isRoot(from) && !found.includes(view.name(from))) found.push(view.name(from));
  };
  walk(node);
  return found;
}

/** What you allow of each package, and how you wrote it. */
function yourRequirements(clauses: readonly Clause[], view: TreeView): Map<number, { set: VersionSet; text: string }> {
  const yours = new Map<number, { set: VersionSet; text: string }>();
  for (const c of clauses) {
    if (!view.isRoot(c.from) || !c.external || view.isPython(c.to)) continue;
    const known = yours.get(c.to);
    yours.set(c.to, known ? { set: c.versions.map((w, i) => w & known.set[i]!) as VersionSet, text: known.text } : { set: c.versions, text: c.text });
  }
  return yours;
}

export function findClash(tree: DerivationTree, order: readonly string[] = []): Clash | null {
  const view = new TreeView(tree);
  const clauses = clausesOf(tree, view);
  return clashAmong(tree, view, clauses, yourRequirements(clauses, view), order, true);
}

/**
 * When no version of a package you require can be installed, but each for its own reason
 * ("foo 1.0.0 needs b>=1 and b>=2 (through a); foo 1.1.0 needs y>=1 and y>=2 (through x)"):
 * the clash of each group of versions that the proof rules out as a whole.
 */
export function findVersionClashes(tree: DerivationTree): { readonly subject: string; readonly clash: Clash }[] {
  const view = new TreeView(tree);
  const clauses = clausesOf(tree, view);
  const yours = yourRequirements(clauses, view);
  const found: { subject: string; clash: Clash; set: VersionSet }[] = [];
  for (const node of tree.nodes) {
    if (node.cause.kind !== 'derived' || node.terms.length !== 1 || !node.terms[0]!.positive) continue;
    const term = node.terms[0]!;
    if (!yours.has(term.pkg) || view.isFull(term.pkg, term.versions)) continue;
    const subject = view.subjectText(term.pkg, term.versions, 'every version of {name}');
    const clash = clashAmong(tree, view, clauses, new Map([[term.pkg, { set: term.versions, text: subject }]]), [], false);
    if (clash && !found.some((f) => f.subject === subject)) found.push({ subject, clash, set: term.versions });
  }
  return found.map(({ subject, clash }) => ({ subject, clash }));
}

function clashAmong(
  tree: DerivationTree,
  view: TreeView,
  clauses: readonly Clause[],
  yours: ReadonlyMap<number, { set: VersionSet; text: string }>,
  order: readonly string[],
  includeRoot: boolean,
): Clash | null {
  const isRoot = (id: number) => view.isRoot(id);
  const sides: { clause: Clause; side: ClashSide; hops: number }[] = [];
  for (const c of clauses) {
    if (isRoot(c.from) && (!c.external || !includeRoot)) continue; // "you require X" learned through others: the others say it better
    if (isRoot(c.from)) {
      const python = view.isPython(c.to);
      sides.push({
        clause: c,
        side: { requirement: python ? null : c.text, subject: python ? 'you' : c.text, needs: c.text, via: [], direct: !python },
        hops: 0,
      });
      continue;
    }
    const mine = yours.get(c.from);
    if (!mine || !isSubset(mine.set, c.fromVersions)) continue;
    const via = c.external ? [] : packagesBetween(tree, view, c.node, [c.from, c.to]);
    const subject = view.pkg(c.from).kind === 'extra' && !mine.text.includes(`[${view.pkg(c.from).extra}`) ? view.name(c.from) : mine.text;
    sides.push({ clause: c, side: { requirement: mine.text, subject: view.pkg(c.from).kind === 'extra' ? view.name(c.from) : subject, needs: c.text, via, direct: false }, hops: 1 + via.length });
  }

  // Facts on parts of what you allow ("typer 0.1 needs click<7.2", "typer>=0.2,<0.4 needs
  // click>=7.1.1,<7.2") speak for all of it together: what they need at most.
  const pieces = groupBy(
    clauses.filter((c) => {
      const mine = yours.get(c.from);
      return mine !== undefined && !isRoot(c.from) && !isSubset(mine.set, c.fromVersions);
    }),
    (c) => `${c.from}>${c.to}`,
  );
  for (const group of pieces.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const mine = yours.get(first.from)!;
    const fromVersions = group.map((c) => c.fromVersions).reduce((a, b) => union(a, b));
    if (!isSubset(mine.set, fromVersions)) continue;
    const versions = group.map((c) => c.versions).reduce((a, b) => union(a, b));
    const text = view.requirementText(first.to, versions);
    const via = [...new Set(group.flatMap((c) => (c.external ? [] : packagesBetween(tree, view, c.node, [c.from, c.to]))))];
    sides.push({
      clause: { ...first, fromVersions, versions, text, external: group.every((c) => c.external) },
      side: { requirement: mine.text, subject: view.pkg(first.from).kind === 'extra' ? view.name(first.from) : mine.text, needs: text, via, direct: false },
      hops: 1 + via.length,
    });
  }

  // When no fact speaks for a whole requirement of yours, follow facts as written up to one.
  if (!sides.some((a) => sides.some((b) => a !== b && a.clause.to === b.clause.to && isDisjoint(a.clause.versions, b.clause.versions)))) {
    // Facts as written, by the package they are on: where chainUp looks for the next fact up
    // (found by scanning every fact, a chain thousands of packages long took seconds).
    const writtenOn = groupBy(
      clauses.filter((c) => c.external && !isRoot(c.from)),
      (c) => c.to,
    );
    for (const c of clauses) {
      if (isRoot(c.from)) continue;
      const chain = chainUp(c, writtenOn, yours, view, 0);
      if (chain) sides.push({ clause: c, side: { requirement: chain.requirement, subject: chain.requirement, needs: c.text, via: chain.via, direct: false }, hops: 1 + chain.via.length });
    }
  }

  const position = (side: ClashSide) => {
    const i = side.requirement === null ? -1 : order.indexOf(side.requirement);
    return side.requirement === null ? Number.MAX_SAFE_INTEGER : i < 0 ? order.length : i;
  };
  let best: { clash: Clash; score: number } | null = null;
  for (let i = 0; i < sides.length; i++) {
    for (let j = i + 1; j < sides.length; j++) {
      const a = sides[i]!;
      const b = sides[j]!;
      if (a.clause.to !== b.clause.to || !isDisjoint(a.clause.versions, b.clause.versions)) continue;
      if (a.side.subject === b.side.subject && a.side.via.join() === b.side.via.join()) continue;
      const score = -(a.hops + b.hops) + (a.clause.external ? 0.5 : 0) + (b.clause.external ? 0.5 : 0);
      if (best && score <= best.score) continue;
      const pair = [a.side, b.side].sort((x, y) => position(x) - position(y));
      best = { clash: { package: view.name(a.clause.to), sides: pair }, score };
    }
  }
  return best?.clash ?? null;
}

/** From a fact as written, up through other facts to one of your requirements; the packages passed on the way. */
function chainUp(
  clause: Clause,
  writtenOn: ReadonlyMap<number, readonly Clause[]>,
  yours: ReadonlyMap<number, { set: VersionSet; text: string }>,
  view: TreeView,
  depth: number,
): { requirement: string; via: string[] } | null {
  const mine = yours.get(clause.from);
  if (mine && isSubset(mine.set, clause.fromVersions)) return { requirement: mine.text, via: [] };
  if (depth > 5) return null;
  for (const parent of writtenOn.get(clause.from) ?? []) {
    if (!isSubset(parent.versions, clause.fromVersions)) continue;
    const up = chainUp(parent, writtenOn, yours, view, depth + 1);
    if (up) return { requirement: up.requirement, via: [...up.via, view.name(clause.from)] };
  }
  return null;
}
