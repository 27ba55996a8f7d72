/**
 * resolvelib 1.0.1, `src/resolvelib/resolvers.py` (the copy pip 23.2.1 vendors as
 * `pip/_vendor/resolvelib/resolvers.py`), ported line for line: `Criterion`, `State`,
 * `Resolution` with its rounds, `_attempt_to_pin_criterion`, `_backjump`, and
 * `_build_result`. Names and order of operations are upstream's so the two can be read side
 * by side. Behaviour that looks like a bug upstream is kept, never fixed here:
 *
 * - `_backjump` only goes back to a state whose pinned candidate depends on one of the
 *   projects named in the causes, and gives up when no state is left; on some indexes that
 *   reports "no solution" where one exists (resolvelib issue #134; the backjump tests).
 * - `_backjump` calls `get_dependencies` on the popped candidate to decide whether it is
 *   related, with the state's criteria as they were at that pin.
 */
import { BaseReporter, comparePreference, type AbstractProvider, type RequirementInformation } from './providers.ts';
import { buildIterView, IteratorMapping, type CandidateView } from './structs.ts';

export class ResolverException extends Error {}

/**
 * A requirement the candidates of its criterion can't meet (carried as the criterion).
 * Raised and caught inside the resolution for every rejected candidate, so it is a plain
 * object, not an Error: no stack trace is captured.
 */
export class RequirementsConflicted<R, C> {
  constructor(readonly criterion: Criterion<R, C>) {}
}

export class InconsistentCandidate<R, C> extends ResolverException {
  constructor(
    readonly candidate: C,
    readonly criterion: Criterion<R, C>,
  ) {
    super('Provided candidate does not satisfy its criterion');
  }
}

export class ResolutionError extends ResolverException {}

/** No resolution: `causes` are the requirement informations that could not all be met. */
export class ResolutionImpossible<R, C> extends ResolutionError {
  constructor(readonly causes: readonly RequirementInformation<R, C>[]) {
    super('ResolutionImpossible');
  }
}

/** The round limit was reached (pip sets it to 200000). */
export class ResolutionTooDeep extends ResolutionError {
  constructor(readonly roundCount: number) {
    super(`ResolutionTooDeep: ${roundCount}`);
  }
}

/** Possible resolutions of one identifier: the candidates left, why, and those known not to work. */
export class Criterion<R, C> {
  constructor(
    readonly candidates: CandidateView<C>,
    readonly information: readonly RequirementInformation<R, C>[],
    readonly incompatibilities: readonly C[],
  ) {}

  *iterRequirement(): IterableIterator<R> {
    for (const i of this.information) yield i.requirement;
  }

  *iterParent(): IterableIterator<C | null> {
    for (const i of this.information) yield i.parent;
  }
}

/** Resolution state in a round: pins in the order made, criteria, and the last backtrack's causes. */
export interface State<R, C> {
  readonly mapping: Map<string, C>;
  readonly criteria: Map<string, Criterion<R, C>>;
  readonly backtrackCauses: RequirementInformation<R, C>[];
}

export interface ResolutionHooks {
  /** Checked once per round; when true the resolution stops with ResolutionCancelled. */
  readonly shouldCancel?: () => boolean;
}

export class ResolutionCancelled extends ResolverException {}

export class Resolution<R, C> {
  private states: State<R, C>[] = [];
  /** Rounds started so far (resolvelib's `round_index` + 1). */
  rounds = 0;
  /** Times `_backjump` was entered. */
  backjumps = 0;

  constructor(
    private readonly p: AbstractProvider<R, C>,
    private readonly r: BaseReporter<R, C>,
    private readonly hooks: ResolutionHooks = {},
  ) {}

  get state(): State<R, C> {
    const state = this.states[this.states.length - 1];
    if (!state) throw new Error('state');
    return state;
  }

  /** Push a copy of the last state, to hold the results of the next round. */
  private pushNewState(): void {
    const base = this.state;
    this.states.push({ mapping: new Map(base.mapping), criteria: new Map(base.criteria), backtrackCauses: [...base.backtrackCauses] });
  }

  private async addToCriteria(criteria: Map<string, Criterion<R, C>>, requirement: R, parent: C | null): Promise<void> {
    this.r.addingRequirement(requirement, parent);
    const identifier = this.p.identify(requirement);
    const criterion = criteria.get(identifier);
    const incompatibilities = criterion ? [...criterion.incompatibilities] : [];
    const matches = await this.p.findMatches(
      identifier,
      new IteratorMapping(criteria as ReadonlyMap<string, Criterion<R, C>>, (c) => c.iterRequirement(), new Map([[identifier, [requirement]]])),
      new IteratorMapping(criteria as ReadonlyMap<string, Criterion<R, C>>, (c) => c.incompatibilities, new Map([[identifier, incompatibilities]])),
    );
    const information = criterion ? [...criterion.information, { requirement, parent }] : [{ requirement, parent }];
    const next = new Criterion<R, C>(buildIterView(matches), information, incompatibilities);
    if (!(await next.candidates.nonEmpty())) throw new RequirementsConflicted(next);
    criteria.set(identifier, next);
  }

  /** Drop from every criterion the information whose parent is one of `parents`. */
  private removeInformationFromCriteria(criteria: Map<string, Criterion<R, C>>, parents: ReadonlySet<string>): void {
    if (parents.size === 0) return;
    for (const [key, criterion] of criteria) {
      criteria.set(
        key,
        new Criterion(
          criterion.candidates,
          criterion.information.filter((i) => i.parent === null || !parents.has(this.p.identify(i.parent))),
          criterion.incompatibilities,
        ),
      );
    }
  }

  private getPreference(name: string) {
    return this.p.getPreference(
      name,
      this.state.mapping,
      // pip's provider does not read the candidates: an empty view keeps them unbuilt.
      new IteratorMapping(this.state.criteria, () => [] as C[]),
      new IteratorMapping(this.state.criteria, (c) => c.information),
      this.state.backtrackCauses,
    );
  }

  private isCurrentPinSatisfying(name: string, criterion: Criterion<R, C>): boolean {
    const currentPin = this.state.mapping.get(name);
    if (currentPin === undefined) return false;
    for (const r of criterion.iterRequirement()) if (!this.p.isSatisfiedBy(r, currentPin)) return false;
    return true;
  }

  private async getUpdatedCriteria(candidate: C): Promise<Map<string, Criterion<R, C>>> {
    const criteria = new Map(this.state.criteria);
    for (const requirement of await this.p.getDependencies(candidate)) await this.addToCriteria(criteria, requirement, candidate);
    return criteria;
  }

  private async attemptToPinCriterion(name: string): Promise<Criterion<R, C>[]> {
    const criterion = this.state.criteria.get(name)!;
    const causes: Criterion<R, C>[] = [];
    for await (const candidate of criterion.candidates.iterate()) {
      let criteria: Map<string, Criterion<R, C>>;
      try {
        criteria = await this.getUpdatedCriteria(candidate);
      } catch (error) {
        if (!(error instanceof RequirementsConflicted)) throw error;
        const e = error as RequirementsConflicted<R, C>;
        this.r.rejectingCandidate(e.criterion, candidate);
        causes.push(e.criterion);
        continue;
      }
      // A faulty provider's candidate that does not meet its own criterion is an error.
      for (const r of criterion.iterRequirement()) if (!this.p.isSatisfiedBy(r, candidate)) throw new InconsistentCandidate(candidate, criterion);
      this.r.pinning(candidate);
      for (const [k, v] of criteria) this.state.criteria.set(k, v);
      // The newly pinned candidate goes last: backtracking reads the last pin.
      this.state.mapping.delete(name);
      this.state.mapping.set(name, candidate);
      return [];
    }
    // Every candidate tried and none works: a dead end, backtrack.
    return causes;
  }

  /**
   * Backjumping, as upstream documents it: discard the state that failed (Z), then states
   * until one (Y) whose pin depends on a project named in the causes, push a fresh state
   * based on the one before (X), and apply to it the incompatibilities learnt in Y plus Y's
   * pin itself; when that leaves some criterion without candidates, go round again.
   */
  private async backjump(causes: readonly RequirementInformation<R, C>[]): Promise<boolean> {
    this.backjumps++;
    const incompatibleReqs: (R | C)[] = [...causes.filter((c) => c.parent !== null).map((c) => c.parent!), ...causes.map((c) => c.requirement)];
    const incompatibleDeps = new Set(incompatibleReqs.map((r) => this.p.identify(r)));
    while (this.states.length >= 3) {
      // Remove the state that triggered backtracking.
      this.states.pop();
      // Go back to a state whose pin is related to the incompatibility.
      let incompatibleState = false;
      let brokenState: State<R, C> | undefined;
      let name = '';
      let candidate!: C;
      while (!incompatibleState) {
        brokenState = this.states.pop();
        const last = brokenState ? [...brokenState.mapping.entries()].pop() : undefined;
        if (!brokenState || !last) throw new ResolutionImpossible(causes);
        brokenState.mapping.delete(last[0]);
        [name, candidate] = last;
        const currentDependencies = new Set((await this.p.getDependencies(candidate)).map((d) => this.p.identify(d)));
        incompatibleState = [...currentDependencies].some((d) => incompatibleDeps.has(d));
      }
      const incompatibilitiesFromBroken: [string, C[]][] = [...brokenState!.criteria].map(([k, v]) => [k, [...v.incompatibilities]]);
      // Also mark the newly known incompatibility.
      incompatibilitiesFromBroken.push([name, [candidate]]);

      const patchCriteria = async (): Promise<boolean> => {
        for (const [k, incompatibilities] of incompatibilitiesFromBroken) {
          if (incompatibilities.length === 0) continue;
          const criterion = this.state.criteria.get(k);
          if (!criterion) continue;
          const matches = await this.p.findMatches(
            k,
            new IteratorMapping(this.state.criteria, (c) => c.iterRequirement()),
            new IteratorMapping(this.state.criteria, (c) => c.incompatibilities, new Map([[k, incompatibilities]])),
          );
          const candidates = buildIterView(matches);
          if (!(await candidates.nonEmpty())) return false;
          incompatibilities.push(...criterion.incompatibilities);
          this.state.criteria.set(k, new Criterion(candidates, [...criterion.information], incompatibilities));
        }
        return true;
      };

      this.pushNewState();
      // It works: work on this new state. Otherwise try the still previous one.
      if (await patchCriteria()) return true;
    }
    // No way to backtrack anymore.
    return false;
  }

  async resolve(requirements: readonly R[], maxRounds: number): Promise<State<R, C>> {
    if (this.states.length > 0) throw new Error('already resolved');
    this.r.starting();
    this.states = [{ mapping: new Map(), criteria: new Map(), backtrackCauses: [] }];
    for (const r of requirements) {
      try {
        await this.addToCriteria(this.state.criteria, r, null);
      } catch (error) {
        if (error instanceof RequirementsConflicted) throw new ResolutionImpossible((error as RequirementsConflicted<R, C>).criterion.information);
        throw error;
      }
    }
    // The root state is kept as a sentinel so the first pin has something to backtrack to.
    this.pushNewState();

    for (let roundIndex = 0; roundIndex < maxRounds; roundIndex++) {
      if (this.hooks.shouldCancel?.()) throw new ResolutionCancelled('cancelled');
      this.rounds = roundIndex + 1;
      this.r.startingRound(roundIndex);
      const unsatisfiedNames: string[] = [];
      for (const [key, criterion] of this.state.criteria) if (!this.isCurrentPinSatisfying(key, criterion)) unsatisfiedNames.push(key);

      // All criteria are accounted for: done.
      if (unsatisfiedNames.length === 0) {
        this.r.ending(this.state);
        return this.state;
      }
      const unsatisfied = new Set(unsatisfiedNames);
      const satisfiedNames = new Set([...this.state.criteria.keys()].filter((k) => !unsatisfied.has(k)));

      // The most preferred unpinned criterion (Python's min(): the first of the lowest).
      let name = unsatisfiedNames[0]!;
      let best = this.getPreference(name);
      for (const other of unsatisfiedNames.slice(1)) {
        const preference = this.getPreference(other);
        if (comparePreference(preference, best) < 0) {
          best = preference;
          name = other;
        }
      }
      const failureCauses = await this.attemptToPinCriterion(name);

      if (failureCauses.length > 0) {
        const causes = failureCauses.flatMap((c) => c.information);
        // Backjump when pinning fails; it leaves an unpinned state for the next round.
        this.r.resolvingConflicts(causes);
        const success = await this.backjump(causes);
        this.state.backtrackCauses.splice(0, this.state.backtrackCauses.length, ...causes);
        // Dead ends everywhere: give up.
        if (!success) throw new ResolutionImpossible([...this.state.backtrackCauses]);
      } else {
        // Names satisfied before this pin and not any more stop counting as sources of information.
        const newlyUnsatisfiedNames = new Set<string>();
        for (const [key, criterion] of this.state.criteria) {
          if (satisfiedNames.has(key) && !this.isCurrentPinSatisfying(key, criterion)) newlyUnsatisfiedNames.add(key);
        }
        this.removeInformationFromCriteria(this.state.criteria, newlyUnsatisfiedNames);
        // Pinning worked: push a new state for the next pin.
        this.pushNewState();
      }
      this.r.endingRound(roundIndex, this.state);
    }
    throw new ResolutionTooDeep(maxRounds);
  }
}

export interface Result<R, C> {
  /** Resolved candidates connected to the root, in pin order. */
  readonly mapping: ReadonlyMap<string, C>;
  /** Edges parent identifier (null: the user) -> identifier. */
  readonly graph: ReadonlyMap<string | null, ReadonlySet<string>>;
  readonly criteria: ReadonlyMap<string, Criterion<R, C>>;
}

/** `_build_result`: keep the pins with a route to the root, and the graph of why. */
export function buildResult<R, C>(state: State<R, C>): Result<R, C> {
  const { mapping, criteria } = state;
  const allKeys = new Map<C | null, string | null>();
  for (const [k, v] of mapping) allKeys.set(v, k);
  allKeys.set(null, null);
  const connected = new Set<string | null>([null]);
  const hasRouteToRoot = (key: string, visiting: Set<string>): boolean => {
    if (connected.has(key)) return true;
    const criterion = criteria.get(key);
    if (!criterion || visiting.has(key)) return false;
    visiting.add(key);
    for (const p of criterion.iterParent()) {
      if (!allKeys.has(p)) continue;
      const pkey = allKeys.get(p)!;
      if (connected.has(pkey) || (pkey !== null && hasRouteToRoot(pkey, visiting))) {
        connected.add(key);
        return true;
      }
    }
    return false;
  };
  const graph = new Map<string | null, Set<string>>([[null, new Set()]]);
  for (const [key, criterion] of criteria) {
    if (!hasRouteToRoot(key, new Set())) continue;
    if (!graph.has(key)) graph.set(key, new Set());
    for (const p of criterion.iterParent()) {
      if (!allKeys.has(p)) continue;
      const pkey = allKeys.get(p)!;
      if (!graph.has(pkey)) graph.set(pkey, new Set());
      graph.get(pkey)!.add(key);
    }
  }
  const kept = new Map<string, C>();
  for (const [k, v] of mapping) if (connected.has(k)) kept.set(k, v);
  return { mapping: kept, graph, criteria };
}

export class Resolver<R, C> {
  constructor(
    readonly provider: AbstractProvider<R, C>,
    readonly reporter: BaseReporter<R, C> = new BaseReporter(),
  ) {}

  async resolve(requirements: readonly R[], maxRounds = 100, hooks: ResolutionHooks = {}): Promise<Result<R, C> & { rounds: number; backjumps: number }> {
    const resolution = new Resolution(this.provider, this.reporter, hooks);
    try {
      const state = await resolution.resolve(requirements, maxRounds);
      return { ...buildResult(state), rounds: resolution.rounds, backjumps: resolution.backjumps };
    } catch (error) {
      if (error instanceof ResolverException) Object.assign(error, { rounds: resolution.rounds, backjumps: resolution.backjumps });
      throw error;
    }
  }
}
