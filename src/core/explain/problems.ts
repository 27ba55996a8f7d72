/**
 * Every separate reason a request fails. A proof names one problem (the solver stops at the
 * first requirement the index cannot meet); the requirements it uses are then set aside and
 * the rest resolved again, until the rest resolves: each failure found that way is a problem
 * of its own, which no fix of the others would cure.
 *
 * Also here: a proof that blames pre-releases where allowing them would not help is replaced
 * by the proof that holds with them allowed (which names the real reason).
 */
import { resolve, ResolveCancelledError, type DependencyProvider, type ResolveFailure, type ResolveRequest } from '../solver/index.ts';
import type { Budget } from './budget.ts';
import { requirementsInProof } from './minimal.ts';

export interface Problem {
  /** The proof of this problem. */
  readonly failure: ResolveFailure;
  /** Your requirements this proof uses (as written). */
  readonly requirements: readonly string[];
  /** Whether allowing every pre-release resolves this problem's part (null when not tried). */
  readonly prereleasesHelp: boolean | null;
}

function blamesPrereleases(failure: ResolveFailure): boolean {
  return failure.derivation.nodes.some((n) => n.cause.kind === 'unavailable' && n.cause.reason.kind === 'prerelease');
}

/** The result, or null when cancelled (or, when `tolerant`, when anything failed: a download, say). */
async function settle<T>(work: Promise<T>, tolerant: boolean): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ResolveCancelledError || tolerant) return null;
    throw error;
  }
}

/** The proof to explain `failure` with, and whether pre-releases would help. */
async function withoutFalsePrereleaseBlame(provider: DependencyProvider, request: ResolveRequest, failure: ResolveFailure, budget: Budget, tolerant: boolean): Promise<{ failure: ResolveFailure; prereleasesHelp: boolean | null }> {
  if (request.prereleases || !blamesPrereleases(failure) || budget.aborted) return { failure, prereleasesHelp: null };
  // Only the requirements this proof uses: another problem must not pass for this one.
  const own = requirementsInProof(request, failure);
  const allowed = await settle(resolve(provider, { ...request, requirements: own.length ? own : request.requirements, prereleases: true }, { signal: budget }), tolerant);
  if (!allowed) return { failure, prereleasesHelp: null };
  if (allowed.ok) return { failure, prereleasesHelp: true };
  return { failure: allowed, prereleasesHelp: false };
}

/**
 * `tolerant`: a resolve that fails for another reason than no solution (a live index that could
 * not be read) ends the search with what was found, instead of failing the explanation.
 */
export async function findProblems(provider: DependencyProvider, request: ResolveRequest, failure: ResolveFailure, budget: Budget, options: { readonly limit?: number; readonly tolerant?: boolean } = {}): Promise<Problem[]> {
  const limit = options.limit ?? 4;
  const tolerant = options.tolerant ?? false;
  const problems: Problem[] = [];
  let rest = request;
  let current: ResolveFailure | null = failure;
  while (current && problems.length < limit) {
    const explained = await withoutFalsePrereleaseBlame(provider, rest, current, budget, tolerant);
    const used = requirementsInProof(rest, explained.failure);
    problems.push({ failure: explained.failure, requirements: used.map((r) => r.text), prereleasesHelp: explained.prereleasesHelp });
    if (used.length === 0 || budget.aborted) break;
    rest = { ...rest, requirements: rest.requirements.filter((r) => !used.includes(r)) };
    if (rest.requirements.length === 0) break;
    const result = await settle(resolve(provider, rest, { signal: budget }), tolerant);
    current = result && !result.ok ? result : null;
  }
  return problems;
}

/** The part of `request` that holds problem `i` alone: the requirements of the other problems set aside. */
export function partFor(request: ResolveRequest, problems: readonly Problem[], i: number): ResolveRequest {
  const others = new Set(problems.flatMap((p, j) => (j === i ? [] : p.requirements)));
  return { ...request, requirements: request.requirements.filter((r) => !others.has(r.text)) };
}
