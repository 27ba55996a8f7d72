/**
 * The install plan as a tree: your requirements at the top, each package under the packages
 * that require it. A package required from several places appears under each of them; a
 * cycle stops where it would repeat.
 */
import type { ResolvedPackage } from '../../../core/index.ts';

export interface TreeEdge {
  /** Key of the required package (the base project, extras folded in). */
  readonly key: string;
  /** The requirement as written by the parent (or by you). */
  readonly requirement: string;
}

export interface PlanTree {
  readonly roots: readonly TreeEdge[];
  readonly children: ReadonlyMap<string, readonly TreeEdge[]>;
  readonly packages: ReadonlyMap<string, ResolvedPackage>;
}

const baseKey = (key: string) => key.replace(/\[.*\]$/, '');

export function buildTree(plan: readonly ResolvedPackage[]): PlanTree {
  const packages = new Map(plan.map((p) => [p.key, p]));
  const roots: TreeEdge[] = [];
  const children = new Map<string, TreeEdge[]>();
  for (const p of plan) {
    for (const by of p.requiredBy) {
      const list = by.from === null ? roots : children.get(baseKey(by.from)) ?? [];
      if (by.from !== null && !children.has(baseKey(by.from))) children.set(baseKey(by.from), list);
      // A parent lists a child once, whatever extras its requirements name.
      if (by.from !== null && baseKey(by.from) === p.key) continue;
      if (!list.some((e) => e.key === p.key)) list.push({ key: p.key, requirement: by.requirement });
    }
  }
  const byName = (a: TreeEdge, b: TreeEdge) => a.key.localeCompare(b.key);
  roots.sort(byName);
  for (const list of children.values()) list.sort(byName);
  return { roots, children, packages };
}

/** Paths (keys joined by `>`) of the rows shown when every row is open, at most `limit` of them. */
export function allPaths(tree: PlanTree, limit = 300): string[] {
  const out: string[] = [];
  const visit = (edges: readonly TreeEdge[], prefix: string, ancestors: ReadonlySet<string>) => {
    for (const edge of edges) {
      if (out.length >= limit) return;
      const path = prefix ? `${prefix}>${edge.key}` : edge.key;
      const kids = tree.children.get(edge.key) ?? [];
      if (kids.length === 0 || ancestors.has(edge.key)) continue;
      out.push(path);
      visit(kids, path, new Set([...ancestors, edge.key]));
    }
  };
  visit(tree.roots, '', new Set());
  return out;
}
