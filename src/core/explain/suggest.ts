/**
 * Ways out of a failure, each checked by resolving again: never suggest what does not
 * resolve. Candidates (candidates.ts) come from the minimal conflict and the special causes;
 * each is tried within the time budget and ranked by how small a change it is.
 */
import { evaluateMarker, normalizeName, parseRequirement, type Requirement } from '../pep508/index.ts';
import type { Version } from '../pep440/index.ts';
import { DEFAULT_TARGET, makeTarget, markerEnvironment } from '../environment/index.ts';
import { resolve, ResolveCancelledError, type DependencyProvider, type ResolveFailure, type ResolveRequest, type ResolveSuccess } from '../solver/index.ts';
import type { Budget } from './budget.ts';
import { specialCauses } from './causes.ts';
import { causeCandidates, pythonCandidates, requirementCandidates, sayer, type Candidate, type Say } from './candidates.ts';
import { requirementsInProof } from './minimal.ts';
import type { Wording } from './template.ts';
import type { MinimalConflict, PlanChange, RequestChange, SpecialCause, Suggestion } from './types.ts';
import { requirementLabel } from './versions.ts';

export interface SuggestContext {
  readonly causes: readonly SpecialCause[];
  readonly minimal: MinimalConflict | null;
  readonly budget: Budget;
  /** At most this many suggestions (default 5). */
  readonly limit?: number;
  /** Wording overrides for the fixes' titles and details (`suggest.*` keys). */
  readonly wording?: Wording;
  /** The last plan you saw resolve, to say what each fix changes; none: each fix shows its whole plan. */
  readonly previousPlan?: Readonly<Record<string, string>> | null;
  /** How many requirements the whole request has (when `request` is a part of it). */
  readonly totalRequirements?: number;
}

/** The request with `change` applied. */
export function applyChange(request: ResolveRequest, change: RequestChange): ResolveRequest {
  const removed = new Set(change.remove);
  const requirements = [...request.requirements.filter((r) => !removed.has(r.text)), ...change.add.map((text) => parseRequirement(text))];
  const target = change.python ? makeTarget({ ...(request.target ?? {}), python: change.python }) : request.target;
  const lift = (list: readonly string[] | undefined, names: readonly string[] | undefined) => (names && list ? list.filter((x) => !names.includes(x)) : list);
  return {
    ...request,
    requirements,
    target,
    prereleases: change.prereleases ?? request.prereleases,
    noBinary: lift(request.noBinary, change.allowBinary),
    noBuild: lift(request.noBuild, change.allowBuild),
  };
}

export function planOf(success: ResolveSuccess): Record<string, string> {
  const plan: Record<string, string> = {};
  for (const p of success.packages) plan[p.name] = p.version;
  return plan;
}

export function diffPlans(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): PlanChange {
  const added: { name: string; version: string }[] = [];
  const removed: { name: string; version: string }[] = [];
  const changed: { name: string; from: string; to: string }[] = [];
  for (const [name, version] of Object.entries(after)) {
    const old = before[name];
    if (old === undefined) added.push({ name, version });
    else if (old !== version) changed.push({ name, from: old, to: version });
  }
  for (const [name, version] of Object.entries(before)) if (!(name in after)) removed.push({ name, version });
  return { added, removed, changed };
}

/** The versions a rewrite of `req` may aim at: those the index has, yanked ones left out. */
async function versionsFor(provider: DependencyProvider, req: Requirement): Promise<Version[]> {
  const project = await provider.getProject(req.key);
  return project ? project.candidates.filter((c) => c.yanked === false).map((c) => c.version) : [];
}

export async function suggestFixes(
  provider: DependencyProvider,
  request: ResolveRequest,
  failure: ResolveFailure,
  context: SuggestContext,
): Promise<Suggestion[]> {
  const { budget } = context;
  const limit = context.limit ?? 5;
  const s = sayer(context.wording);
  const inConflict = context.minimal
    ? request.requirements.filter((r) => context.minimal!.requirements.includes(r.text))
    : requirementsInProof(request, failure);
  const involvesPython = context.minimal?.python ?? failure.derivation.nodes.some((n) => n.cause.kind === 'targetPython');
  const total = context.totalRequirements ?? request.requirements.length;

  const found: { candidate: Candidate; plan: Record<string, string> }[] = [];
  try {
    const queue: Candidate[] = [...causeCandidates(request, context.causes, s)];
    for (const req of inConflict) queue.push(...requirementCandidates(req, await versionsFor(provider, req), request, s, total));
    if (involvesPython) queue.push(...pythonCandidates(request, context.causes, s));
    const tried = new Set<string>();
    const settled = new Set<string>();
    while (queue.length > 0 && found.length < limit * 2 && !budget.aborted) {
      queue.sort((a, b) => a.cost - b.cost);
      const candidate = queue.shift()!;
      const key = JSON.stringify(candidate.change);
      if (tried.has(key) || (candidate.group && settled.has(candidate.group))) continue;
      tried.add(key);
      let changed: ResolveRequest;
      try {
        changed = applyChange(request, candidate.change);
      } catch {
        continue; // a rewritten requirement that does not parse is no suggestion
      }
      const result = await resolve(provider, changed, { signal: budget });
      if (!result.ok) continue;
      found.push({ candidate, plan: planOf(result) });
      if (candidate.group) settled.add(candidate.group);
    }
    const unavailable = await withoutUnavailable(provider, request, context.causes, budget, s);
    if (unavailable) found.push(unavailable);
  } catch (error) {
    if (!(error instanceof ResolveCancelledError)) throw error;
  }
  return rank(found, limit, context.previousPlan ?? null);
}

/** Cheapest first; the same outcome from a bigger change adds nothing. */
function rank(found: readonly { candidate: Candidate; plan: Record<string, string> }[], limit: number, previousPlan: Readonly<Record<string, string>> | null): Suggestion[] {
  const seenPlans = new Set<string>();
  return [...found]
    .sort((a, b) => a.candidate.cost - b.candidate.cost)
    .filter(({ plan }) => {
      const key = JSON.stringify(plan);
      if (seenPlans.has(key)) return false;
      seenPlans.add(key);
      return true;
    })
    .slice(0, limit)
    .map(({ candidate, plan }) => {
      const { group: _group, ...rest } = candidate;
      return { ...rest, plan, planChange: previousPlan ? diffPlans(previousPlan, plan) : null };
    });
}

/**
 * Fixes for a request with several separate problems: one fix per problem, put together and
 * checked on the whole request (a fix for one problem alone still fails on the others).
 * `perProblem` holds each problem's fixes, best first, as checked on its own part.
 */
export async function combineFixes(
  provider: DependencyProvider,
  request: ResolveRequest,
  perProblem: readonly (readonly Suggestion[])[],
  budget: Budget,
  options: { readonly limit?: number; readonly wording?: Wording; readonly previousPlan?: Readonly<Record<string, string>> | null; readonly causes?: readonly SpecialCause[] } = {},
): Promise<Suggestion[]> {
  const s = sayer(options.wording);
  if (perProblem.some((fixes) => fixes.length === 0)) {
    // Only leaving out every requirement the index cannot meet may still fix them all.
    const unmet = await withoutUnavailable(provider, request, options.causes ?? [], budget, s).catch((error: unknown) => {
      if (error instanceof ResolveCancelledError) return null;
      throw error;
    });
    return unmet ? rank([unmet], options.limit ?? 5, options.previousPlan ?? null) : [];
  }
  const combos: Suggestion[][] = [perProblem.map((fixes) => fixes[0]!)];
  perProblem.forEach((fixes, i) => {
    for (const other of fixes.slice(1, 3)) combos.push(perProblem.map((f, j) => (j === i ? other : f[0]!)));
  });
  const found: { candidate: Candidate; plan: Record<string, string> }[] = [];
  try {
    for (const parts of combos) {
      if (budget.aborted) break;
      const change = mergeChanges(parts.map((p) => p.change));
      if (!change) continue;
      const result = await resolve(provider, applyChange(request, change), { signal: budget });
      if (!result.ok) continue;
      found.push({
        candidate: {
          kind: 'combined',
          title: parts.map((p) => p.title).reduce((a, b) => s('suggest.combined.title', { a, b: lowerFirst(b) })),
          detail: s('suggest.combined.detail', { details: parts.map((p) => p.detail).join(' ') }),
          change,
          cost: parts.reduce((sum, p) => sum + p.cost, 0),
        },
        plan: planOf(result),
      });
    }
    const unmet = await withoutUnavailable(provider, request, options.causes ?? [], budget, s);
    if (unmet) found.push(unmet);
  } catch (error) {
    if (!(error instanceof ResolveCancelledError)) throw error;
  }
  return rank(found, options.limit ?? 5, options.previousPlan ?? null);
}

/** "Change a to b" inside a sentence: "change a to b" (a verb, not a package name, is lowered). */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function mergeChanges(changes: readonly RequestChange[]): RequestChange | null {
  const pythons = [...new Set(changes.map((c) => c.python).filter((p): p is string => !!p))];
  if (pythons.length > 1) return null;
  const union = (pick: (c: RequestChange) => readonly string[] | undefined) => [...new Set(changes.flatMap((c) => pick(c) ?? []))];
  const removed = union((c) => c.remove);
  // Two fixes that rewrite the same requirement differently do not add up.
  if (removed.length !== changes.reduce((n, c) => n + c.remove.length, 0)) return null;
  return {
    remove: removed,
    add: union((c) => c.add),
    ...(pythons[0] ? { python: pythons[0] } : {}),
    ...(changes.some((c) => c.prereleases) ? { prereleases: true } : {}),
    ...(changes.some((c) => c.allowBinary) ? { allowBinary: union((c) => c.allowBinary) } : {}),
    ...(changes.some((c) => c.allowBuild) ? { allowBuild: union((c) => c.allowBuild) } : {}),
  };
}

/** Your requirements on projects the index lacks, or that no version matches. */
function unmetRequirements(request: ResolveRequest, causes: readonly SpecialCause[]): Requirement[] {
  const names = new Set(causes.filter((c) => (c.kind === 'notFound' || c.kind === 'noMatch') && c.requiredBy === 'you').map((c) => normalizeName(c.package)));
  const markers = { ...markerEnvironment(request.target ?? DEFAULT_TARGET), ...(request.markers ?? {}) };
  return request.requirements.filter((r) => names.has(r.key) && (!r.marker || evaluateMarker(r.marker, markers, [])));
}

/**
 * When several of your requirements name projects the index does not have (a requirements
 * file written for another index), one failure shows only the first. Leave them out one
 * failure at a time, and offer the whole set when the rest then resolves.
 */
async function withoutUnavailable(
  provider: DependencyProvider,
  request: ResolveRequest,
  causes: readonly SpecialCause[],
  budget: Budget,
  s: Say,
): Promise<{ candidate: Candidate; plan: Record<string, string> } | null> {
  const removed: Requirement[] = [...unmetRequirements(request, causes)];
  if (removed.length === 0) return null;
  for (let round = 0; round < 12 && !budget.aborted; round++) {
    const changed = { ...request, requirements: request.requirements.filter((r) => !removed.includes(r)) };
    if (changed.requirements.length === 0) return null; // nothing would be left to install
    const result = await resolve(provider, changed, { signal: budget });
    if (result.ok) {
      if (removed.length < 2) return null; // one removal is offered on its own already
      removed.sort((a, b) => request.requirements.indexOf(a) - request.requirements.indexOf(b));
      return {
        candidate: {
          kind: 'drop',
          title: s('suggest.unmet.title', { count: String(removed.length), list: removed.map((r) => requirementLabel(r.text)).join(', ') }),
          detail: s('suggest.unmet.detail'),
          change: { remove: removed.map((r) => r.text), add: [] },
          cost: 3.5,
        },
        plan: planOf(result),
      };
    }
    const more = unmetRequirements(changed, specialCauses(result.derivation));
    if (more.length === 0) return null;
    removed.push(...more);
  }
  return null;
}
