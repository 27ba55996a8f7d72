/**
 * The resolver's public entry: one request in, an install plan or a derivation tree out,
 * both plain data (solver.md § Error Reporting: the derivation graph). Under the `pip` policy
 * the solver is run again while the requirements it met grant more allowances (pre-releases,
 * yanked pins), as pip's merged specifiers would; each later round starts from the packages
 * loaded and the incompatibilities learned before, where they still hold (state.ts, `reusable`).
 */
import { isPrerelease } from '../../pep440/index.ts';
import { evaluateMarker, type MarkerEnvironment, type Requirement } from '../../pep508/index.ts';
import { DEFAULT_TARGET, markerEnvironment, type TargetEnvironment } from '../../environment/index.ts';
import type { DataWarning, Yanked } from '../../index/model.ts';
import type { Cause, Incompatibility } from './incompatibility.ts';
import { allowancesEqual, emptyAllowances, grantAllowances, grantBareNames, type Allowances, type Policy } from './policy.ts';
import type { DependencyProvider } from '../../solver/provider.ts';
import type { Constraint } from '../../requirements/constraints.ts';
import { PYTHON, ROOT, solveOnce, type PackageKind, type Progress, type SolveHooks, type SolveOutcome, type SolverPackage } from './solve.ts';
import { complement, standalone, type VersionSet } from './version-set.ts';
import type { Term } from './term.ts';
import { holdsInLaterRounds, type SolverWork } from './state.ts';
import { ResolveTimeLimitError, SolveTimeLimit } from './time-limit.ts';

export interface ResolveRequest {
  readonly requirements: readonly Requirement[];
  /** Default: CPython 3.12.0 on Linux x86_64. */
  readonly target?: TargetEnvironment;
  /** Extra or overriding PEP 508 marker values. */
  readonly markers?: Readonly<Record<string, string>>;
  /** Default: pip. */
  readonly policy?: Policy;
  /** Allow every pre-release (`--pre`). */
  readonly prereleases?: boolean;
  readonly noBinary?: readonly string[];
  readonly noBuild?: readonly string[];
  /** ISO date-time: ignore files uploaded after it. */
  readonly excludeNewer?: string | null;
  /**
   * Drop parts of the environment, to learn whether they take part in a conflict:
   * `python` lets Python be any known version, `platform` accepts every wheel.
   */
  readonly relax?: { readonly python?: boolean; readonly platform?: boolean };
  /** pip's constraints (`-c FILE`): they limit versions and never add a project. */
  readonly constraints?: readonly Constraint[];
  /** A version to try first, by project key: what is installed and should be kept when it fits. */
  readonly preferred?: Readonly<Record<string, string>>;
}

export interface RequiredBy {
  /** Key of the requiring package (`flask`, `requests[socks]`), or null for the user's requirements. */
  readonly from: string | null;
  readonly fromVersion: string | null;
  readonly requirement: string;
}

export interface ResolvedPackage {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly extras: readonly string[];
  readonly yanked: Yanked;
  readonly prerelease: boolean;
  readonly requiresPython: string | null;
  readonly direct: boolean;
  readonly requiredBy: readonly RequiredBy[];
}

export interface ResolveStats {
  readonly decisions: number;
  readonly conflicts: number;
  readonly backtracks: number;
  readonly packagesSeen: number;
  readonly rounds: number;
  readonly elapsedMs: number;
  /** What PubGrub's runs did (all rounds): the work behind the decisions and conflicts; other engines leave it out. */
  readonly work?: SolverWork;
}

export interface DerivationPackage {
  readonly id: number;
  readonly kind: PackageKind;
  readonly key: string;
  readonly name: string;
  readonly project: string;
  readonly extra: string | null;
  /** Every known version, ascending (the universe the sets below are over). */
  readonly versions: readonly string[];
  readonly notFound: boolean;
  /** PEP 792: quarantined by the index (explained as such even when no version is listed). */
  readonly quarantined?: { readonly reason: string | null };
}

/** `P ∈ versions` (positive) or `not P ∈ versions`. */
export interface DerivationTerm {
  readonly pkg: number;
  readonly positive: boolean;
  readonly versions: VersionSet;
}

export type DerivationCause =
  | Exclude<Cause, { kind: 'derived' }>
  | { readonly kind: 'derived'; readonly left: number; readonly right: number };

export interface DerivationNode {
  readonly id: number;
  readonly terms: readonly DerivationTerm[];
  readonly cause: DerivationCause;
}

/** Why there is no solution: a tree of incompatibilities, the root last. */
export interface DerivationTree {
  readonly root: number;
  readonly nodes: readonly DerivationNode[];
  readonly packages: readonly DerivationPackage[];
  readonly python: string;
}

export interface ResolveSuccess {
  readonly ok: true;
  readonly packages: readonly ResolvedPackage[];
  readonly python: string;
  readonly warnings: readonly DataWarning[];
  readonly skipped: readonly string[];
  readonly stats: ResolveStats;
}

export interface ResolveFailure {
  readonly ok: false;
  readonly derivation: DerivationTree;
  readonly warnings: readonly DataWarning[];
  readonly skipped: readonly string[];
  readonly stats: ResolveStats;
}

export type ResolveResult = ResolveSuccess | ResolveFailure;

export interface ResolveHooks {
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: { readonly aborted: boolean };
  readonly progressIntervalMs?: number;
  readonly now?: () => number;
  /** Stop with ResolveTimeLimitError after this long (all rounds together). */
  readonly maxMs?: number;
}

/** Upper bound on pip-policy rounds; each round can only add allowances, so this is never reached in practice. */
const MAX_ROUNDS = 16;

export async function resolve(provider: DependencyProvider, request: ResolveRequest, hooks: ResolveHooks = {}): Promise<ResolveResult> {
  const target = request.target ?? DEFAULT_TARGET;
  const markers: MarkerEnvironment = { ...markerEnvironment(target), ...(request.markers ?? {}) };
  const policy = request.policy ?? 'pip';
  const now = hooks.now ?? Date.now;
  const started = now();
  const solveRequest = {
    requirements: request.requirements,
    target,
    markers,
    policy,
    prereleases: request.prereleases ?? false,
    noBinary: request.noBinary ?? [],
    noBuild: request.noBuild ?? [],
    excludeNewer: request.excludeNewer ?? null,
    relaxPython: request.relax?.python ?? false,
    relaxPlatform: request.relax?.platform ?? false,
    constraints: request.constraints ?? [],
    preferred: request.preferred ?? {},
  };
  const solveHooks: SolveHooks = { ...hooks, now, ...(hooks.maxMs !== undefined ? { deadline: started + hooks.maxMs } : {}) };

  // Only requirements whose markers hold for the target can allow anything.
  const applicable = request.requirements.filter((r) => !r.marker || evaluateMarker(r.marker, markers, []));
  let allowances: Allowances = grantAllowances(emptyAllowances(), applicable, policy);
  let outcome: SolveOutcome;
  let round = 0;
  const totals = { decisions: 0, conflicts: 0, backtracks: 0 };
  const work = { watchVisits: 0, satisfiedVisits: 0, derivations: 0, resolutionSteps: 0 };
  for (;;) {
    round++;
    try {
      // A later round starts from what the one before learned and loaded (see SolverState).
      outcome = await solveOnce(provider, solveRequest, allowances, solveHooks, round, round > 1 ? outcome!.carry : undefined);
    } catch (error) {
      if (!(error instanceof SolveTimeLimit)) throw error;
      const progress = { ...error.progress, decisions: totals.decisions + error.progress.decisions, conflicts: totals.conflicts + error.progress.conflicts, backtracks: totals.backtracks + error.progress.backtracks, elapsedMs: now() - started };
      const partial = error.learned ? derivationTree(error.learned, error.packages, target.python) : null;
      throw new ResolveTimeLimitError({ limitMs: hooks.maxMs!, progress, mostConflicted: error.mostConflicted(), partial });
    }
    totals.decisions += outcome.stats.decisions;
    totals.conflicts += outcome.stats.conflicts;
    totals.backtracks += outcome.stats.backtracks;
    work.watchVisits += outcome.work.watchVisits;
    work.satisfiedVisits += outcome.work.satisfiedVisits;
    work.derivations += outcome.work.derivations;
    work.resolutionSteps += outcome.work.resolutionSteps;
    if (policy !== 'pip' || round >= MAX_ROUNDS) break;
    const met = outcome.selection ? outcome.selectedRequirements : outcome.encountered;
    // A bare name on a project with only pre-releases lets pip take one in whichever branch
    // meets it (packaging's fallback); a branch this run gave up for want of it is one pip took.
    const next = grantBareNames(grantAllowances(allowances, met, policy), outcome.encountered);
    if (allowancesEqual(next, allowances) || !grantsMatter(allowances, next, outcome.packages)) break;
    // A failure proved from facts that all hold in the next round (no pre-release or yanked
    // release left out among them) is that round's failure too: it would start from this very
    // proof (SolverState reuses it) and end at once, after setting up again (a quarter of a cold
    // run over the 572 projects of the 2023 snapshot that each resolve alone). Asked last: the
    // walk covers the whole proof (5 % of pigeonhole n = 9), wasted when no round would follow.
    if (outcome.failure && holdsInLaterRounds(outcome.failure)) break;
    allowances = next;
  }

  const stats: ResolveStats = { ...totals, packagesSeen: outcome.stats.packagesSeen, rounds: round, elapsedMs: now() - started, work };
  const skipped = outcome.skippedRoot.map((r) => r.text);
  const pythonIndex = outcome.selection?.get(PYTHON);
  const python = pythonIndex === undefined ? target.python : outcome.packages[PYTHON]!.versionTexts[pythonIndex]!;
  if (!outcome.selection) {
    return { ok: false, derivation: derivationTree(outcome.failure!, outcome.packages, target.python), warnings: outcome.warnings, skipped, stats };
  }
  return { ok: true, packages: installPlan(outcome), python, warnings: outcome.warnings, skipped, stats };
}

/**
 * Whether the new allowances could change anything for the projects the run met: a new
 * pre-release grant for a project that has pre-releases, a bare-name grant for one that has
 * only pre-releases, a pin on a yanked release. Anything else would repeat the same run.
 */
function grantsMatter(before: Allowances, after: Allowances, packages: readonly SolverPackage[]): boolean {
  for (const pkg of packages) {
    if (pkg.kind !== 'project' || pkg.candidates.length === 0) continue;
    const key = pkg.key;
    const hasPre = pkg.candidates.some((c) => isPrerelease(c.version));
    if (hasPre && after.prerelease.has(key) && !before.prerelease.has(key)) return true;
    if (hasPre && after.bare.has(key) && !before.bare.has(key) && pkg.candidates.every((c) => isPrerelease(c.version))) return true;
    const pins = after.pins.get(key);
    if (pins && pins.length !== (before.pins.get(key)?.length ?? 0) && pkg.candidates.some((c) => c.yanked !== false)) return true;
  }
  return false;
}

function installPlan(outcome: SolveOutcome): ResolvedPackage[] {
  const { packages, selection } = outcome;
  const byProject = new Map<number, { extras: string[]; requiredBy: RequiredBy[] }>();
  const entryFor = (pkg: SolverPackage) => {
    const projectId = pkg.kind === 'extra' ? pkg.base : pkg.id;
    let entry = byProject.get(projectId);
    if (!entry) {
      entry = { extras: [], requiredBy: [] };
      byProject.set(projectId, entry);
    }
    return entry;
  };
  for (const [id] of selection!) {
    const pkg = packages[id]!;
    if (pkg.kind === 'project') entryFor(pkg);
    if (pkg.kind === 'extra') entryFor(pkg).extras.push(pkg.extra!);
  }
  for (const edge of outcome.edges) {
    const to = packages[edge.to]!;
    if (to.kind !== 'project' && to.kind !== 'extra') continue;
    const from = edge.from === null ? null : packages[edge.from]!;
    // An extra's edge to its own base is bookkeeping, not a requirement anyone wrote.
    if (from && from.kind === 'extra' && from.base === edge.to) continue;
    const list = entryFor(to).requiredBy;
    const item: RequiredBy = { from: from ? from.key : null, fromVersion: edge.fromVersion, requirement: edge.requirement };
    if (!list.some((r) => r.from === item.from && r.requirement === item.requirement)) list.push(item);
  }
  const plan: ResolvedPackage[] = [];
  for (const [id, entry] of byProject) {
    const pkg = packages[id]!;
    const index = selection!.get(id)!;
    const candidate = pkg.candidates[index];
    plan.push({
      key: pkg.key,
      name: pkg.name,
      version: pkg.versionTexts[index]!,
      extras: entry.extras.sort(),
      yanked: candidate?.yanked ?? false,
      prerelease: isPrerelease(pkg.versions[index]!),
      requiresPython: candidate?.requiresPython ?? null,
      direct: entry.requiredBy.some((r) => r.from === null),
      requiredBy: entry.requiredBy,
    });
  }
  return plan.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Flattens the failure's incompatibility tree into plain, numbered nodes (children first). */
export function derivationTree(failure: Incompatibility, packages: readonly SolverPackage[], python: string): DerivationTree {
  // By the incompatibility's own id, a small integer: keyed by the object, each first use gave it
  // an identity hash, and the map's work was a third of the tree's (pigeonhole n=9: 47,210 steps).
  const ids = new Map<number, number>();
  const nodes: DerivationNode[] = [];
  const used = new Set<number>();
  // A term carried unchanged through conflict resolution is one object in every incompatibility
  // it passes through, and stays one here: a long proof repeats most of its terms from step to step.
  const terms = new Map<Term, DerivationTerm>();
  // Complements of one-word sets (packages of up to 32 versions) by package and word: a long proof
  // of small packages negates the same few sets tens of thousands of times (pigeonhole n=9: 78,300 for 47).
  const complements = new Map<number, VersionSet>();
  const complementOf = (t: Term, size: number): VersionSet => {
    if (t.set.length !== 1) return complement(t.set, size);
    const key = t.pkg * 2 ** 32 + t.set[0]!;
    let set = complements.get(key);
    if (!set) complements.set(key, (set = complement(t.set, size)));
    return set;
  };
  const termOf = (t: Term): DerivationTerm => {
    let term = terms.get(t);
    if (!term) {
      used.add(t.pkg);
      const size = packages[t.pkg]!.kind === 'root' ? 1 : packages[t.pkg]!.versionTexts.length;
      // Standalone: the tree goes to the page in a message, which would copy a view's whole block (version-set.ts).
      term = { pkg: t.pkg, positive: t.positive, versions: standalone(t.positive ? t.set : complementOf(t, size)) };
      terms.set(t, term);
    }
    return term;
  };
  // Children before their conclusion, left before right, the root last: on an explicit stack,
  // since a proof may be tens of thousands of steps deep (a chain of that many dependencies).
  const pending: Incompatibility[] = [failure];
  while (pending.length > 0) {
    const incompatibility = pending[pending.length - 1]!;
    if (ids.has(incompatibility.id)) {
      pending.pop();
      continue;
    }
    let cause: DerivationCause;
    if (incompatibility.cause.kind === 'derived') {
      const { left, right } = incompatibility.cause;
      const leftId = ids.get(left.id);
      if (leftId === undefined) {
        pending.push(left);
        continue;
      }
      const rightId = ids.get(right.id);
      if (rightId === undefined) {
        pending.push(right);
        continue;
      }
      cause = { kind: 'derived', left: leftId, right: rightId };
    } else {
      cause = incompatibility.cause;
      // A requirement that no version meets names its target only in the cause.
      if (cause.kind === 'dependency') used.add(cause.dependency);
    }
    const id = nodes.length;
    nodes.push({ id, cause, terms: incompatibility.terms.map(termOf) });
    ids.set(incompatibility.id, id);
    pending.pop();
  }
  const root = ids.get(failure.id)!;
  used.add(ROOT);
  return {
    root,
    nodes,
    python,
    packages: packages.map((p) => ({
      id: p.id,
      kind: p.kind,
      key: p.key,
      name: p.name,
      project: p.project,
      extra: p.extra,
      versions: p.kind === 'root' ? ['0'] : used.has(p.id) ? [...p.versionTexts] : [],
      notFound: p.notFound,
      ...(p.quarantined ? { quarantined: p.quarantined } : {}),
    })),
  };
}
