/**
 * resolvelib 1.0.1, `src/resolvelib/providers.py` and `reporters.py` (as vendored by pip
 * 23.2.1): the provider the resolver asks, and the reporter it tells what it does.
 * R is a requirement, C a candidate; identifiers are strings.
 */
import type { CandidateView, LookupMapping, MaybePromise } from './structs.ts';

/** `RequirementInformation(requirement, parent)`: a requirement and the candidate that asked for it (null: the user). */
export interface RequirementInformation<R, C> {
  readonly requirement: R;
  readonly parent: C | null;
}

/** A sort key; the lowest is tried first. Compared element by element, as Python compares tuples. */
export type Preference = readonly (number | string | boolean)[];

export interface AbstractProvider<R, C> {
  identify(requirementOrCandidate: R | C): string;
  getPreference(
    identifier: string,
    resolutions: ReadonlyMap<string, C>,
    candidates: LookupMapping<C>,
    information: LookupMapping<RequirementInformation<R, C>>,
    backtrackCauses: readonly RequirementInformation<R, C>[],
  ): Preference;
  findMatches(
    identifier: string,
    requirements: LookupMapping<R>,
    incompatibilities: LookupMapping<C>,
  ): MaybePromise<CandidateView<C> | readonly C[]>;
  isSatisfiedBy(requirement: R, candidate: C): boolean;
  getDependencies(candidate: C): MaybePromise<readonly R[]>;
}

/** `BaseReporter`: every hook does nothing unless overridden. */
export class BaseReporter<R, C> {
  starting(): void {}
  startingRound(_index: number): void {}
  endingRound(_index: number, _state: unknown): void {}
  ending(_state: unknown): void {}
  addingRequirement(_requirement: R, _parent: C | null): void {}
  resolvingConflicts(_causes: readonly RequirementInformation<R, C>[]): void {}
  rejectingCandidate(_criterion: { readonly information: readonly RequirementInformation<R, C>[] }, _candidate: C): void {}
  pinning(_candidate: C): void {}
}

/** Python's tuple ordering: booleans as 0/1, numbers (Infinity included) by value, strings by code point. */
export function comparePreference(a: Preference, b: Preference): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'string' || typeof y === 'string') {
      const xs = String(x);
      const ys = String(y);
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    const xn = Number(x);
    const yn = Number(y);
    if (xn !== yn) return xn < yn ? -1 : 1;
  }
  return a.length - b.length;
}
