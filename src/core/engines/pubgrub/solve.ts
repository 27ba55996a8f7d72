/**
 * Version solving: https://github.com/dart-lang/pub/blob/master/doc/solver.md#the-algorithm
 * — the main loop: unit propagation from the package that changed (propagation.ts), then
 * decision making (decision-making.ts), until every package is decided or conflict resolution
 * (conflict-resolution.ts) proves that there is no solution. pip's semantics: highest version
 * first, direct requirements first, extras as virtual packages, Requires-Python as a
 * dependency on a virtual `python` package, and versions that can't be used (yanked,
 * pre-release, no distribution for the target) as incompatibilities of their own, so that
 * every reason for a failure appears in the derivation tree (packages.ts).
 *
 * One call of `solveOnce` is one PubGrub run with fixed policy allowances; resolve.ts
 * repeats it under the `pip` policy (see policy.ts).
 */
import type { MarkerEnvironment, Requirement } from '../../pep508/index.ts';
import { evaluateMarker } from '../../pep508/index.ts';
import type { TargetEnvironment } from '../../environment/index.ts';
import type { DataWarning } from '../../index/model.ts';
import type { Constraint } from '../../requirements/constraints.ts';
import type { DependencyProvider } from '../../solver/provider.ts';
import { Failure } from './conflict-resolution.ts';
import { decide } from './decision-making.ts';
import { dependenciesFrom } from './dependencies.ts';
import { rootIncompatibility, targetPythonIncompatibility, type Incompatibility, type Unavailable } from './incompatibility.ts';
import { PYTHON, ROOT, ROOT_KEY, type PackageKind, type SolverPackage } from './packages.ts';
import type { Allowances, Policy } from './policy.ts';
import { SolverState, type SolverWork } from './state.ts';
import { SolveTimeLimit } from './time-limit.ts';

export interface SolveRequest {
  readonly requirements: readonly Requirement[];
  readonly target: TargetEnvironment;
  readonly markers: MarkerEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
  /** Projects (normalised) that must not use wheels; ':all:' for every project. */
  readonly noBinary: readonly string[];
  /** Projects (normalised) that must not be built from source; ':all:' for every project. */
  readonly noBuild: readonly string[];
  /** ISO date: only files uploaded before it count. */
  readonly excludeNewer: string | null;
  /** Python may be any known version (the target's is not pinned). */
  readonly relaxPython: boolean;
  /** Every wheel counts as installable. */
  readonly relaxPlatform: boolean;
  /** pip's constraints: they limit the versions of a project and never add it. */
  readonly constraints: readonly Constraint[];
  /** A version to try first, by project key (an installed version pip would keep). */
  readonly preferred: Readonly<Record<string, string>>;
}


export interface Progress {
  readonly decisions: number;
  readonly conflicts: number;
  readonly backtracks: number;
  readonly packagesSeen: number;
  readonly elapsedMs: number;
  /** Resolve rounds run so far (the pip policy may need more than one). */
  readonly round: number;
}

export interface SolveHooks {
  readonly onProgress?: (progress: Progress) => void;
  /** Checked between steps; when it turns true the resolve stops with ResolveCancelledError. */
  readonly signal?: { readonly aborted: boolean };
  /** Milliseconds between progress reports (default 100). */
  readonly progressIntervalMs?: number;
  /** Clock for elapsed time (default Date.now). */
  readonly now?: () => number;
  /** On the `now` clock: past it the run stops between two decisions with SolveTimeLimit. */
  readonly deadline?: number;
}

export class ResolveCancelledError extends Error {
  constructor() {
    super('The resolve was cancelled.');
    this.name = 'ResolveCancelledError';
  }
}

/** One requirement edge in a solution: `from` (null for the user) requires `to`. */
export interface DependencyEdge {
  readonly from: number | null;
  readonly fromVersion: string | null;
  readonly to: number;
  readonly requirement: string;
}

export interface SolveOutcome {
  readonly packages: readonly SolverPackage[];
  /** Selected version index per package id (root, python and extras included), or null on failure. */
  readonly selection: ReadonlyMap<number, number> | null;
  /** On failure: the incompatibility that proves there is no solution. */
  readonly failure: Incompatibility | null;
  readonly edges: readonly DependencyEdge[];
  /** Every requirement the run met (root and dependencies of versions it looked at), by project. */
  readonly encountered: readonly Requirement[];
  /** Requirements of the selected versions (and the root's). */
  readonly selectedRequirements: readonly Requirement[];
  readonly warnings: readonly DataWarning[];
  readonly stats: Omit<Progress, 'round' | 'elapsedMs'>;
  readonly work: SolverWork;
  /** Root requirements dropped because their marker is false for the target. */
  readonly skippedRoot: readonly Requirement[];
  /** What the next pip-policy round may reuse (resolve.ts). */
  readonly carry: SolverState;
}

class Solver {
  private readonly state: SolverState;
  private readonly started: number;
  private lastReport: number;
  private readonly now: () => number;

  constructor(
    provider: DependencyProvider,
    private readonly request: SolveRequest,
    allowances: Allowances,
    private readonly hooks: SolveHooks,
    private readonly round: number,
    previous: SolverState | undefined,
  ) {
    this.now = hooks.now ?? Date.now;
    this.started = this.now();
    this.lastReport = this.started;
    this.state = new SolverState(provider, request, allowances, previous);
  }

  async run(): Promise<SolveOutcome> {
    const { state, request } = this;
    const table = state.table;
    const python = table.get(PYTHON);
    state.addIncompatibility(rootIncompatibility(ROOT));
    if (!request.relaxPython) {
      state.addIncompatibility(targetPythonIncompatibility(ROOT, PYTHON, python.size, table.pythonTarget, python.versionTexts[table.pythonTarget]!));
    }

    const rootRequirements: Requirement[] = [];
    for (const req of request.requirements) {
      if (req.marker && !evaluateMarker(req.marker, request.markers, [])) {
        state.skippedRoot.push(req);
        continue;
      }
      rootRequirements.push(req);
    }
    await table.loadProjects(rootRequirements.map((r) => r.key));
    rootRequirements.forEach((req, order) => {
      const pkg = table.get(table.idOf(req.key)!);
      if (pkg.direct < 0) pkg.direct = order;
    });
    const root = table.get(ROOT);
    const rootDeps = dependenciesFrom(state, root, 0, rootRequirements);
    for (const dep of rootDeps) {
      const target = table.get(dep.target);
      if (target.direct < 0) target.direct = table.packages[target.base]?.direct ?? rootRequirements.length;
    }
    root.dependencies[0] = rootDeps;
    table.directOrder = table.packages.filter((p) => p.direct >= 0).sort((a, b) => a.direct - b.direct || a.id - b.id).map((p) => p.id);

    let next: number | null = ROOT;
    try {
      while (next !== null) {
        state.propagator.run(next);
        this.checkIn();
        next = await decide(state, this.checkInBound);
      }
    } catch (error) {
      if (error instanceof Failure) return this.outcome(error.incompatibility);
      throw error;
    }
    return this.outcome(null);
  }

  /** For decision making's longer walks (unusableRun): the same checks, between two metadata reads. */
  private readonly checkInBound = (): void => this.checkIn();

  private checkIn(): void {
    if (this.hooks.signal?.aborted) throw new ResolveCancelledError();
    const { onProgress, deadline } = this.hooks;
    if (!onProgress && deadline === undefined) return;
    const now = this.now();
    if (deadline !== undefined && now >= deadline) {
      throw new SolveTimeLimit({ ...this.state.stats(), elapsedMs: now - this.started, round: this.round }, this.state.table.packages, this.state.lastLearned);
    }
    if (!onProgress) return;
    if (now - this.lastReport < (this.hooks.progressIntervalMs ?? 100)) return;
    this.lastReport = now;
    onProgress({ ...this.state.stats(), elapsedMs: now - this.started, round: this.round });
  }

  private outcome(failure: Incompatibility | null): SolveOutcome {
    const stats = this.state.stats();
    if (failure) {
      return {
        packages: this.state.table.packages,
        selection: null,
        failure,
        edges: [],
        encountered: this.state.encountered,
        selectedRequirements: [],
        warnings: this.state.table.warnings,
        stats,
        work: this.state.work(),
        skippedRoot: this.state.skippedRoot,
        carry: this.state,
      };
    }
    const packages = this.state.table.packages;
    const selection = this.state.partial.decisions();
    const edges: DependencyEdge[] = [];
    const selectedRequirements: Requirement[] = [];
    for (const [id, index] of selection) {
      const pkg = packages[id]!;
      const deps = pkg.dependencies[index];
      if (!deps) continue;
      for (const dep of deps) {
        selectedRequirements.push(...dep.requirements);
        if (!selection.has(dep.target)) continue;
        for (const text of dep.texts) {
          edges.push({ from: id === ROOT ? null : id, fromVersion: id === ROOT ? null : pkg.versionTexts[index]!, to: dep.target, requirement: text });
        }
      }
    }
    return { packages: this.state.table.packages, selection, failure: null, edges, encountered: this.state.encountered, selectedRequirements, warnings: this.state.table.warnings, stats, work: this.state.work(), skippedRoot: this.state.skippedRoot, carry: this.state };
  }
}

export async function solveOnce(
  provider: DependencyProvider,
  request: SolveRequest,
  allowances: Allowances,
  hooks: SolveHooks = {},
  round = 1,
  previous?: SolverState,
): Promise<SolveOutcome> {
  return new Solver(provider, request, allowances, hooks, round, previous).run();
}

export { ROOT, PYTHON, ROOT_KEY };
export type { PackageKind, SolverPackage, Unavailable };
