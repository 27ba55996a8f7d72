/** Dependency edges and install order of a resolved plan, from each package's `requiredBy`. */
import type { ResolvedPackage } from '../solver/index.ts';
import { projectOf } from './distribution.ts';

/** For each package key, the keys of the packages it requires (extras folded into their project). */
export function dependenciesOf(packages: readonly ResolvedPackage[]): Map<string, string[]> {
  const keys = new Set(packages.map((p) => p.key));
  const dependencies = new Map<string, string[]>(packages.map((p) => [p.key, []]));
  for (const pkg of packages) {
    for (const edge of pkg.requiredBy) {
      if (edge.from === null) continue;
      const from = projectOf(edge.from);
      if (from === pkg.key || !keys.has(from)) continue;
      const list = dependencies.get(from)!;
      if (!list.includes(pkg.key)) list.push(pkg.key);
    }
  }
  for (const list of dependencies.values()) list.sort();
  return dependencies;
}

/**
 * Dependencies before the packages that need them, as pip installs them; ties and cycles are
 * broken by name, so the order is stable.
 */
export function installOrder(packages: readonly ResolvedPackage[]): ResolvedPackage[] {
  const byKey = new Map(packages.map((p) => [p.key, p]));
  const dependencies = dependenciesOf(packages);
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: ResolvedPackage[] = [];
  const visit = (key: string): void => {
    if (done.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const dependency of dependencies.get(key) ?? []) visit(dependency);
    visiting.delete(key);
    done.add(key);
    order.push(byKey.get(key)!);
  };
  for (const key of [...byKey.keys()].sort()) visit(key);
  return order;
}
