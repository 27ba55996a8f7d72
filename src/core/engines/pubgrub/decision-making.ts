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
import { PYTHON, ROOT, type Dependency, type PackageState } from './packages.ts';
import type { SolverState } from './state.ts';
import { satisfies } from './term.ts';
import { addTo, has, highest, isFull, isSingleton, singletonSet, type VersionSet } from './version-set.ts';

/**
 * Decides the next package; returns the package to propagate from, or null when every package
 * is decided. `checkIn`: the run's cancellation and time limit, asked between metadata reads.
 */
export async function decide(state: SolverState, checkIn: () => void = () => undefined): Promise<number | null> {
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
  if ('unusable' in deps) {
    const project = pkg.kind === 'extra' ? pkg.base : pkgId;
    const unusable = pkg.kind === 'project' ? await unusableRun(state, pkg, term.set, index, deps.unusable, checkIn) : singletonSet(pkg.size, index);
    state.addIncompatibility(unavailableIncompatibility(project, unusable, { kind: 'metadata', message: deps.unusable }));
    return project;
  }
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

/**
 * The next versions down from `index` that `allowed` holds and whose metadata can't be read for
 * the same reason, with `index`: one incompatibility for the run instead of one conflict each (an
 * index without metadata files lists thousands such, and resolving them one at a time took time
 * that grew with the cube of their number). It stops at the first version that can be read (its
 * dependencies are kept for the next decision) or that fails for another reason.
 */
async function unusableRun(state: SolverState, pkg: PackageState, allowed: VersionSet, index: number, message: string, checkIn: () => void): Promise<VersionSet> {
  const run = singletonSet(pkg.size, index);
  for (let next = index - 1; next >= 0; next--) {
    if (!has(allowed, next)) continue;
    checkIn();
    const deps = await dependenciesOf(state, pkg, next);
    if (!('unusable' in deps) || deps.unusable !== message) break;
    addTo(run, next);
  }
  return run;
}

/** Dependencies of a version, fetching metadata as needed; why not when the version turned out unusable. */
async function dependenciesOf(state: SolverState, pkg: PackageState, index: number): Promise<readonly Dependency[] | { readonly unusable: string }> {
  const known = pkg.dependencies[index];
  if (known) return known;
  let metadata: CandidateMetadata;
  try {
    const answer = state.provider.getMetadata(pkg.project, index);
    metadata = answer instanceof Promise ? await answer : answer;
  } catch (error) {
    if (!(error instanceof MetadataUnavailableError)) throw error;
    return { unusable: error.message };
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
 *
 * Within the first two tiers and the last, (conflicts, discovery) ranks every package apart.
 * Past `pickTuning.queuesAbove` packages, the best of each is kept in a queue (pick-queues.ts);
 * below, scanning the extras and the packages with one version left costs less than keeping
 * queues. The user's requirements are taken in their order. The whole scan is left for ties
 * among your requirements (a project and its extras) and, below that size, for the last tier.
 */
function pickPackage(state: SolverState): number | null {
  const { partial, table } = state;
  const undecided = partial.undecidedPackages();
  if (undecided.size === 0) return null;
  const pick = new Pick(state);
  if (undecided.has(ROOT)) pick.consider(ROOT);
  if (undecided.has(PYTHON)) pick.consider(PYTHON);
  const queues = table.packages.length > pickTuning.queuesAbove ? state.pickQueues.active(partial) : null;
  if (queues) {
    // An extra of a decided project outranks every package with one version left (tier 1 before 2).
    const pinned = queues.bestPinnedExtra();
    const single = pinned === null ? queues.bestSingleton() : null;
    if (pinned !== null) pick.consider(pinned);
    if (single !== null) pick.consider(single);
  } else {
    for (const id of table.extras) if (undecided.has(id)) pick.consider(id);
    for (const id of partial.undecidedSingletons()) pick.consider(id);
  }
  if (pick.best !== null && pick.tier <= 2) return firstInOrder(state, pick);
  // The first of your requirements still undecided (ties, a project and its extras, go to the scan).
  let direct = -1;
  let count = 0;
  let first = -1;
  for (const id of table.directOrder) {
    if (!undecided.has(id)) continue;
    const value = table.get(id).direct;
    if (direct >= 0 && value !== direct) break;
    if (direct < 0) first = id;
    direct = value;
    count++;
  }
  if (count === 1) {
    pick.consider(first);
    return pick.best;
  }
  // None of your requirements is left undecided: every undecided package is in the last tier.
  if (count === 0 && queues) return queues.bestUndecided();
  const scan = new Pick(state);
  for (const id of undecided) scan.consider(id);
  return scan.best;
}

/**
 * Packages in the table past which decision making keeps queues (measured: pigeonhole, 21
 * packages, ran 10 % slower with them). Both ways pick the same package: the tests set it to 0
 * and compare whole runs.
 */
export const pickTuning = { queuesAbove: 64 };

/** With a tie on the best key, the package first in the undecided set's order wins, as a plain scan would pick. */
function firstInOrder(state: SolverState, pick: Pick): number {
  if (!pick.tied) return pick.best!;
  const scan = new Pick(state);
  for (const id of state.partial.undecidedPackages()) scan.consider(id);
  return scan.best!;
}

/** The best package by (tier, then two numbers), kept without allocating. */
class Pick {
  best: number | null = null;
  tier = 0;
  private first = 0;
  private second = 0;
  /** Another package had the same key as `best`. */
  tied = false;

  constructor(private readonly state: SolverState) {}

  consider(id: number): void {
    const { partial, table } = this.state;
    const pkg = table.get(id);
    let tier: number;
    if (pkg.kind === 'root' || pkg.kind === 'python') tier = 0;
    else if (pkg.kind === 'extra' && partial.decisionOf(pkg.base) >= 0) tier = 1;
    else if (isSingleton(partial.termOf(id)!.set)) tier = 2;
    else if (pkg.direct >= 0) tier = 3;
    else tier = 4;
    const first = tier === 3 ? pkg.direct : -pkg.conflicts;
    const second = tier === 3 ? 0 : pkg.discovered;
    if (this.best !== null && tier === this.tier && first === this.first && second === this.second) {
      if (id !== this.best) this.tied = true;
      return;
    }
    if (this.best === null || tier < this.tier || (tier === this.tier && (first < this.first || (first === this.first && second < this.second)))) {
      this.best = id;
      this.tier = tier;
      this.first = first;
      this.second = second;
      this.tied = false;
    }
  }
}
