/**
 * The minimal conflict: the smallest subset of your requirements — and of the environment
 * (the target Python, the platform) — that still has no solution, found by resolving again.
 * It starts from what the proof uses (a proof is a certificate: its requirements alone have
 * no solution) and drops one part at a time, keeping each drop that leaves no solution.
 */
import { resolve, ResolveCancelledError, type DependencyProvider, type ResolveFailure, type ResolveRequest } from '../solver/index.ts';
import type { Requirement } from '../pep508/index.ts';
import type { Budget } from './budget.ts';
import type { MinimalConflict } from './types.ts';

/** The user's requirements that the proof of `failure` uses. */
export function requirementsInProof(request: ResolveRequest, failure: ResolveFailure): Requirement[] {
  const tree = failure.derivation;
  const used = new Set<string>();
  for (const node of tree.nodes) {
    if (node.cause.kind !== 'dependency' || !node.cause.requirement) continue;
    if (tree.packages[node.terms[0]!.pkg]!.kind === 'root') used.add(node.cause.requirement);
  }
  return request.requirements.filter((r) => used.has(r.text));
}

export function proofUsesPython(failure: ResolveFailure): boolean {
  return failure.derivation.nodes.some((n) => n.cause.kind === 'targetPython');
}

export function proofUsesPlatform(failure: ResolveFailure): boolean {
  return failure.derivation.nodes.some((n) => n.cause.kind === 'unavailable' && n.cause.reason.kind === 'noDistribution' && n.cause.reason.detail.includes('no wheel for'));
}

interface Parts {
  readonly requirements: readonly Requirement[];
  readonly python: boolean;
  readonly platform: boolean;
}

/** Whether `parts` alone (the rest of the request unchanged) still has no solution; null when out of time. */
async function unsolvable(provider: DependencyProvider, request: ResolveRequest, parts: Parts, budget: Budget): Promise<boolean | null> {
  if (budget.aborted) return null;
  try {
    const result = await resolve(
      provider,
      { ...request, requirements: parts.requirements, relax: { python: !parts.python, platform: !parts.platform } },
      { signal: budget },
    );
    return !result.ok;
  } catch (error) {
    if (error instanceof ResolveCancelledError) return null;
    throw error;
  }
}

export async function findMinimalConflict(
  provider: DependencyProvider,
  request: ResolveRequest,
  failure: ResolveFailure,
  budget: Budget,
): Promise<MinimalConflict> {
  let parts: Parts = {
    requirements: requirementsInProof(request, failure),
    python: proofUsesPython(failure),
    platform: proofUsesPlatform(failure),
  };
  let resolves = 0;
  let complete = true;
  const attempt = async (candidate: Parts): Promise<void> => {
    if (!complete) return;
    const answer = await unsolvable(provider, request, candidate, budget);
    if (answer === null) {
      complete = false;
      return;
    }
    resolves++;
    if (answer) parts = candidate;
  };
  // The environment first: a conflict among requirements alone is the more useful answer.
  if (parts.python) await attempt({ ...parts, python: false });
  if (parts.platform) await attempt({ ...parts, platform: false });
  for (const req of [...parts.requirements].reverse()) {
    if (parts.requirements.length <= 1 && !parts.python && !parts.platform) break;
    await attempt({ ...parts, requirements: parts.requirements.filter((r) => r !== req) });
  }
  return { requirements: parts.requirements.map((r) => r.text), python: parts.python, platform: parts.platform, resolves, complete };
}
