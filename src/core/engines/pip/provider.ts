/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/provider.py`: `PipProvider`, what
 * resolvelib asks pip. Its preference tuple decides which project is pinned next:
 * Requires-Python first, then direct (explicit) requirements, pinned ones (== / ===), the
 * causes of the last backtrack, the depth inferred from the parents, the order the user
 * wrote them in, requirements with any specifier, and the identifier. No constraints, no
 * `--no-deps`, upgrade strategy "to-satisfy-only" with nothing installed.
 */
import type { AbstractProvider, Preference, RequirementInformation } from '../resolvelib/providers.ts';
import type { LookupMapping } from '../resolvelib/structs.ts';
import { REQUIRES_PYTHON_IDENTIFIER, type PipCandidate } from './candidates.ts';
import type { Factory } from './factory.ts';
import type { PipRequirement } from './requirements.ts';

type Info = RequirementInformation<PipRequirement, PipCandidate>;

export class PipProvider implements AbstractProvider<PipRequirement, PipCandidate> {
  /** `_known_depths`: a defaultdict of infinity. */
  private readonly knownDepths = new Map<string, number>();

  constructor(
    private readonly factory: Factory,
    private readonly userRequested: ReadonlyMap<string, number>,
    private readonly ignoreDependencies = false,
  ) {}

  identify(requirementOrCandidate: PipRequirement | PipCandidate): string {
    return requirementOrCandidate.name;
  }

  getPreference(
    identifier: string,
    _resolutions: ReadonlyMap<string, PipCandidate>,
    _candidates: LookupMapping<PipCandidate>,
    information: LookupMapping<Info>,
    backtrackCauses: readonly Info[],
  ): Preference {
    const infos = information.get(identifier) ?? [];
    const hasInformation = infos.length > 0;
    const lookups = infos.map((i) => i.requirement.getCandidateLookup());
    // Upstream: `candidate, ireqs = zip(*lookups)`, then `direct = candidate is not None`.
    // `candidate` is a tuple there, never None once there is information, so every criterion
    // with information counts as direct (a bug kept as it is).
    const direct = hasInformation;
    const operators = lookups.flatMap(([, ireq]) => (ireq ? ireq.req.specifier.specifiers.map((s) => s.operator) : []));
    const pinned = operators.some((op) => op.slice(0, 2) === '==');
    const unfree = operators.length > 0;

    let inferredDepth: number;
    const requested = this.userRequested.get(identifier);
    if (requested === undefined) {
      if (hasInformation) {
        const parentDepths = infos.map(({ parent }) => (parent !== null ? (this.knownDepths.get(parent.name) ?? Infinity) : 0));
        inferredDepth = Math.min(...parentDepths) + 1;
      } else inferredDepth = Infinity;
    } else inferredDepth = 1;
    this.knownDepths.set(identifier, inferredDepth);
    const requestedOrder = requested ?? Infinity;

    // Requires-Python has one candidate and is cheap to check: always first.
    const requiresPython = identifier === REQUIRES_PYTHON_IDENTIFIER;
    const backtrackCause = PipProvider.isBacktrackCause(identifier, backtrackCauses);
    return [!requiresPython, !direct, !pinned, !backtrackCause, inferredDepth, requestedOrder, !unfree, identifier];
  }

  findMatches(identifier: string, requirements: LookupMapping<PipRequirement>, incompatibilities: LookupMapping<PipCandidate>) {
    return this.factory.findCandidates(identifier, requirements, incompatibilities);
  }

  isSatisfiedBy(requirement: PipRequirement, candidate: PipCandidate): boolean {
    return requirement.isSatisfiedBy(candidate);
  }

  getDependencies(candidate: PipCandidate): PipRequirement[] {
    const out: PipRequirement[] = [];
    for (const r of candidate.iterDependencies(!this.ignoreDependencies)) if (r !== null) out.push(r);
    return out;
  }

  static isBacktrackCause(identifier: string, backtrackCauses: readonly Info[]): boolean {
    for (const cause of backtrackCauses) {
      if (identifier === cause.requirement.name) return true;
      if (cause.parent && identifier === cause.parent.name) return true;
    }
    return false;
  }
}
