/**
 * Decision making: https://github.com/dart-lang/pub/blob/master/doc/solver.md#decision-making
 *
 * Picks the next undecided package (pip's order: direct requirements first, in the order
 * written), its version (the highest the partial solution allows, or the one installed), reads
 * that version's metadata through the provider and adds its dependencies; decides it unless a
 * new dependency is already contradicted, in which case propagation backs off.
 */
import { MetadataUnavailableError, type CandidateMetadata } from '../../solver/provider.ts';
import { buildDependencies, extraProvided, registerDependencies, selfRequirement } from './dependencies.ts';
import { unavailableIncompatibility } from './incompatibility.ts';
import type { Dependency, PackageState } from './packages.ts';
import type { SolverState } from './state.ts';
import { satisfies } from './term.ts';
import { has, highest, isFull, isSingleton, singletonSet } from './version-set.ts';

/** Decides the next package; returns the package to propagate from, or null when every package is decided. */
export async function decide(state: SolverState): Promise<number | null> {
  const { partial, table } = state;
  const pkgId = pickPackage(state);
  if (pkgId === null) return null;
  const pkg = table.get(pkgId);
  const term = partial.termOf(pkgId)!;

  if (pkg.kind === 'root' || pkg.kind === 'python') {
    const index = pkg.kind === 'root' ? 0 : highest(term.set);
    if (pkg.kind === 'root') registerDependencies(state, pkg, 0, pkg.dependencies[0]!);
    partial.decide(pkgId, index);
    state.decisions++;
    return pkgId;
  }

  let index = highest(term.set);
  const preferred = state.request.preferred[pkg.project];
  if (preferred !== undefined) {
    const at = pkg.versionTexts.indexOf(preferred);
    if (at >= 0 && has(term.set, at)) index = at;
  }
  if (pkg.kind === 'extra') {
    const baseDecision = partial.decisionOf(pkg.base);
    if (baseDecision >= 0 && has(term.set, baseDecision)) index = baseDecision;
  }
  if (index < 0) throw new Error(`internal error: no version left for ${pkg.key}`);

  const deps = await dependenciesOf(state, pkg, index);
  // The version was found unusable (on the project itself): propagate that.
  if (deps === null) return pkg.kind === 'extra' ? pkg.base : pkgId;
  const added = registerDependencies(state, pkg, index, deps);

  // Decide only if no new dependency is already contradicted; otherwise propagation backs off.
  const decision = singletonSet(pkg.size, index);
  const conflicting = added.some((incompatibility) =>
    incompatibility.terms.every((t) => {
      if (t.pkg === pkgId) return satisfies({ pkg: pkgId, set: decision, positive: true }, t);
      const assigned = partial.termOf(t.pkg);
      return assigned !== undefined ? satisfies(assigned, t) : !t.positive && isFull(t.set, table.sizeOf(t.pkg));
    }),
  );
  if (!conflicting) {
    partial.decide(pkgId, index);
    state.decisions++;
    prefetchNext(state, deps);
  }
  return pkgId;
}

/** Dependencies of a version, fetching metadata as needed; null when the version turned out unusable. */
async function dependenciesOf(state: SolverState, pkg: PackageState, index: number): Promise<readonly Dependency[] | null> {
  const known = pkg.dependencies[index];
  if (known) return known;
  let metadata: CandidateMetadata;
  try {
    const answer = state.provider.getMetadata(pkg.project, index);
    metadata = answer instanceof Promise ? await answer : answer;
  } catch (error) {
    if (!(error instanceof MetadataUnavailableError)) throw error;
    state.addIncompatibility(
      unavailableIncompatibility(pkg.kind === 'extra' ? pkg.base : pkg.id, singletonSet(pkg.size, index), { kind: 'metadata', message: error.message }),
    );
    return null;
  }
  for (const warning of metadata.warnings) state.table.warn(warning);
  if (pkg.kind === 'extra' && !extraProvided(state, metadata, pkg.extra!)) {
    state.table.warn({
      kind: 'missing-extra',
      project: pkg.name,
      version: pkg.versionTexts[index],
      message: `${state.table.get(pkg.base).name} ${pkg.versionTexts[index]} does not provide the extra '${pkg.extra}'`,
    });
    const deps: Dependency[] = [{ target: pkg.base, set: singletonSet(pkg.size, index), texts: [selfRequirement(pkg, index).text], requirements: [] }];
    pkg.dependencies[index] = deps;
    return deps;
  }
  const deps = await buildDependencies(state, pkg, index, metadata);
  pkg.dependencies[index] = deps;
  return deps;
}

function prefetchNext(state: SolverState, deps: readonly Dependency[]): void {
  const provider = state.provider;
  const prefetch = provider.prefetch;
  if (!prefetch) return;
  for (const dep of deps) {
    const target = state.table.get(dep.target);
    if (target.kind !== 'project' || target.notFound) continue;
    const best = highest(dep.set);
    if (best >= 0) prefetch.call(provider, target.project, [best]);
  }
}

/**
 * Which undecided package next: Python and extras pinned by their base first, then
 * packages with a single version left, then the user's requirements in the order written,
 * then packages that took part in the most conflicts, then in order of discovery.
 */
function pickPackage(state: SolverState): number | null {
  const { partial, table } = state;
  let best: number | null = null;
  // The best key so far, (tier, then two numbers compared in order), kept without allocating.
  let bestTier = 0;
  let bestFirst = 0;
  let bestSecond = 0;
  for (const id of partial.undecidedPackages()) {
    const pkg = table.get(id);
    let tier: number;
    if (pkg.kind === 'root' || pkg.kind === 'python') tier = 0;
    else if (pkg.kind === 'extra' && partial.decisionOf(pkg.base) >= 0) tier = 1;
    else if (isSingleton(partial.termOf(id)!.set)) tier = 2;
    else if (pkg.direct >= 0) tier = 3;
    else tier = 4;
    const first = tier === 3 ? pkg.direct : -pkg.conflicts;
    const second = tier === 3 ? 0 : pkg.discovered;
    if (best === null || tier < bestTier || (tier === bestTier && (first < bestFirst || (first === bestFirst && second < bestSecond)))) {
      best = id;
      bestTier = tier;
      bestFirst = first;
      bestSecond = second;
    }
  }
  return best;
}
