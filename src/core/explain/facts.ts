/**
 * Structured facts of a failure, for drawing: the packages and requirement edges that the
 * proof uses, with the clashing edges and the minimal conflict marked.
 */
import type { DerivationTree } from '../solver/index.ts';
import { isDisjoint, isEmpty } from '../solver/version-set.ts';
import { Describer } from './describe.ts';
import { groupBy } from './group.ts';
import type { Clash, ConflictFacts, FactEdge, FactNode, MinimalConflict } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';
import { PUBGRUB } from './wording.ts';

export function conflictFacts(tree: DerivationTree, minimal: MinimalConflict | null, clash: Clash | null): ConflictFacts {
  const view = new TreeView(tree);
  const describe = new Describer(view, PUBGRUB);
  const nodes = new Map<number, { problems: string[] }>();
  const edges: (FactEdge & { toId: number; set: Uint32Array })[] = [];
  const touch = (id: number) => {
    if (!nodes.has(id)) nodes.set(id, { problems: [] });
    return nodes.get(id)!;
  };

  for (const node of tree.nodes) {
    const cause = node.cause;
    if (cause.kind === 'derived' || cause.kind === 'root') continue;
    const first = node.terms[0]!;
    if (cause.kind === 'dependency') {
      touch(first.pkg);
      touch(cause.dependency);
      const target = node.terms[1];
      edges.push({
        from: view.pkg(first.pkg).key,
        to: view.pkg(cause.dependency).key,
        label: cause.requirement ? requirementLabel(cause.requirement) : view.requirementText(cause.dependency, target?.versions ?? new Uint32Array(0)),
        fromVersions: view.isRoot(first.pkg) ? '' : view.specifier(first.pkg, first.versions) || view.listText(first.pkg, first.versions),
        clashing: false,
        inMinimalConflict: false,
        toId: cause.dependency,
        set: target?.versions ?? new Uint32Array(0),
      });
    } else if (cause.kind === 'requiresPython' || cause.kind === 'targetPython') {
      const python = tree.packages.findIndex((p) => p.kind === 'python');
      touch(first.pkg);
      touch(python);
      const target = node.terms[1];
      edges.push({
        from: view.pkg(first.pkg).key,
        to: 'python',
        label: cause.kind === 'requiresPython' ? `Python ${cause.requiresPython}` : `Python ${cause.python}`,
        fromVersions: view.isRoot(first.pkg) ? '' : view.specifier(first.pkg, first.versions),
        clashing: false,
        inMinimalConflict: false,
        toId: python,
        set: target?.versions ?? new Uint32Array(0),
      });
    } else if (cause.kind === 'unavailable') {
      touch(first.pkg).problems.push(describe.text(node));
    }
  }

  // Clashing: requirements on one package that no version meets together (compared within each
  // package's edges: across all of them, a chain thousands of packages long took seconds).
  for (const into of groupBy(edges, (e) => e.toId).values()) {
    for (const a of into) {
      for (const b of into) {
        if (a === b || a.from === b.from) continue;
        if (isEmpty(a.set) || isEmpty(b.set) || isDisjoint(a.set, b.set)) {
          (a as { clashing: boolean }).clashing = true;
          (b as { clashing: boolean }).clashing = true;
        }
      }
    }
  }
  // Edges into a missing project or matching nothing clash on their own.
  for (const e of edges) if (isEmpty(e.set) && e.to !== 'python') (e as { clashing: boolean }).clashing = true;

  // The minimal conflict: your requirements in it, and everything they reach in the proof.
  const inMinimal = new Set<string>();
  if (minimal) {
    const wanted = new Set(minimal.requirements.map(requirementLabel));
    const queue: string[] = [];
    for (const e of edges) {
      if (e.from === '<root>' && (wanted.has(e.label) || (e.to === 'python' && minimal.python))) {
        (e as { inMinimalConflict: boolean }).inMinimalConflict = true;
        inMinimal.add('<root>');
        queue.push(e.to);
      }
    }
    const edgesFrom = groupBy(edges, (e) => e.from);
    while (queue.length) {
      const key = queue.pop()!;
      if (inMinimal.has(key)) continue;
      inMinimal.add(key);
      for (const e of edgesFrom.get(key) ?? []) {
        (e as { inMinimalConflict: boolean }).inMinimalConflict = true;
        queue.push(e.to);
      }
    }
  }

  const clashPackage = clash?.package;
  const clashedOn = new Set(edges.filter((e) => e.clashing).map((e) => e.to));
  const factNodes: FactNode[] = [...nodes].map(([id, info]) => {
    const pkg = view.pkg(id);
    return {
      id: pkg.key,
      label: pkg.kind === 'root' ? 'your requirements' : pkg.kind === 'python' ? `Python ${tree.python}` : pkg.name,
      versions: '',
      kind: pkg.kind === 'root' ? 'root' : pkg.kind === 'python' ? 'python' : 'package',
      notFound: pkg.notFound,
      problems: info.problems,
      inMinimalConflict: inMinimal.has(pkg.key),
      clashing: pkg.name === clashPackage || clashedOn.has(pkg.key),
    };
  });
  return {
    nodes: factNodes,
    edges: edges.map(({ toId: _toId, set: _set, ...edge }) => edge),
  };
}
