/**
 * Ways out of a failure, each checked by resolving again: never suggest what does not
 * resolve. Candidates come from the minimal conflict and the special causes; each is tried
 * within the time budget and ranked by how small a change it is.
 */
import { compareVersions, containsVersion, formatSpecifierSet, parseVersion, isPrerelease, tryParseVersion, type Specifier } from '../pep440/index.ts';
import { evaluateMarker, formatRequirement, normalizeName, parseRequirement, type Requirement } from '../pep508/index.ts';
import { requirementLabel } from './versions.ts';
import { DEFAULT_TARGET, makeTarget, markerEnvironment } from '../environment/index.ts';
import { resolve, ResolveCancelledError, type DependencyProvider, type ResolveFailure, type ResolveRequest, type ResolveSuccess } from '../solver/index.ts';
import type { Budget } from './budget.ts';
import { pythonMinors, specialCauses } from './causes.ts';
import { requirementsInProof } from './minimal.ts';
import type { MinimalConflict, PlanChange, RequestChange, SpecialCause, Suggestion, SuggestionKind } from './types.ts';

interface Candidate {
  readonly kind: SuggestionKind;
  readonly title: string;
  readonly detail: string;
  readonly change: RequestChange;
  readonly cost: number;
}

export interface SuggestContext {
  readonly causes: readonly SpecialCause[];
  readonly minimal: MinimalConflict | null;
  readonly budget: Budget;
  /** At most this many suggestions (default 5). */
  readonly limit?: number;
}

/** The request with `change` applied. */
export function applyChange(request: ResolveRequest, change: RequestChange): ResolveRequest {
  const removed = new Set(change.remove);
  const requirements = [...request.requirements.filter((r) => !removed.has(r.text)), ...change.add.map((text) => parseRequirement(text))];
  const target = change.python ? makeTarget({ ...(request.target ?? {}), python: change.python }) : request.target;
  return { ...request, requirements, target, prereleases: change.prereleases ?? request.prereleases };
}

function planOf(success: ResolveSuccess): Record<string, string> {
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

/** A requirement rewritten with other specifiers (extras and marker kept). */
function withSpecifiers(req: Requirement, specifiers: readonly Specifier[]): string {
  return formatRequirement({ ...req, specifier: { specifiers } });
}

function isUpperBound(s: Specifier): boolean {
  return s.operator === '<' || s.operator === '<=' || s.operator === '==' || s.operator === '~=' || s.operator === '===';
}

/** Candidates for one of your requirements in the conflict: relax it, move it, or drop it. */
function requirementCandidates(req: Requirement): Candidate[] {
  const candidates: Candidate[] = [];
  const specifiers = req.specifier.specifiers;
  if (specifiers.length > 0) {
    const uppers = specifiers.filter(isUpperBound);
    const lowers = specifiers.filter((s) => !isUpperBound(s));
    if (uppers.length > 0 && lowers.length > 0) {
      const text = withSpecifiers(req, lowers);
      candidates.push({ kind: 'relax', title: `Change ${req.text} to ${text}`, detail: `Drops the upper bound ${formatSpecifierSet({ specifiers: uppers })} on ${req.name}.`, change: { remove: [req.text], add: [text] }, cost: 1 });
    }
    if (lowers.length > 0 && uppers.length > 0) {
      const text = withSpecifiers(req, uppers);
      candidates.push({ kind: 'relax', title: `Change ${req.text} to ${text}`, detail: `Drops the lower bound ${formatSpecifierSet({ specifiers: lowers })} on ${req.name}.`, change: { remove: [req.text], add: [text] }, cost: 1.2 });
    }
    const bare = withSpecifiers(req, []);
    candidates.push({ kind: 'relax', title: `Change ${req.text} to ${bare}`, detail: `Lets the resolver pick any version of ${req.name}.`, change: { remove: [req.text], add: [bare] }, cost: 2 });
  }
  candidates.push({ kind: 'drop', title: `Remove ${req.text}`, detail: `Installs everything else without ${req.name}${specifiers.length ? ` ${formatSpecifierSet(req.specifier)}` : ''}.`, change: { remove: [req.text], add: [] }, cost: 4 });
  return candidates;
}

function causeCandidates(request: ResolveRequest, causes: readonly SpecialCause[]): Candidate[] {
  const candidates: Candidate[] = [];
  const direct = (name: string) => request.requirements.find((r) => r.key === name.toLowerCase().replace(/[-_.]+/g, '-'));
  for (const cause of causes) {
    switch (cause.kind) {
      case 'notFound': {
        const mine = direct(cause.package);
        for (const close of cause.closeNames) {
          if (!mine) continue;
          const text = formatRequirement({ ...mine, name: close });
          candidates.push({ kind: 'rename', title: `Did you mean ${close}? Change ${mine.text} to ${text}`, detail: `There is no project named ${cause.package} in the index; ${close} is the closest name.`, change: { remove: [mine.text], add: [text] }, cost: 0.5 });
        }
        break;
      }
      case 'prereleaseOnly': {
        const lowest = [...cause.versions].sort((a, b) => compareVersions(parseVersion(a), parseVersion(b)))[0];
        const mine = direct(cause.package);
        if (lowest) {
          const specifiers: Specifier[] = [...(mine?.specifier.specifiers ?? []).filter((s) => s.operator !== '>=' && s.operator !== '>'), { operator: '>=', version: lowest, wildcard: false }];
          const text = mine ? withSpecifiers(mine, specifiers) : `${cause.package}>=${lowest}`;
          candidates.push({
            kind: 'prereleases',
            title: mine ? `Ask for a pre-release: change ${mine.text} to ${text}` : `Ask for a pre-release: add ${text}`,
            detail: `Naming a pre-release in the requirement allows pre-releases of ${cause.package} only.`,
            change: { remove: mine ? [mine.text] : [], add: [text] },
            cost: 1,
          });
        }
        if (!request.prereleases) {
          candidates.push({ kind: 'prereleases', title: 'Allow pre-releases (--pre)', detail: 'Lets every package use pre-releases, not only the one that needs it.', change: { remove: [], add: [], prereleases: true }, cost: 2.5 });
        }
        break;
      }
      case 'yanked': {
        const newest = [...cause.versions].sort((a, b) => compareVersions(parseVersion(b), parseVersion(a)))[0];
        if (!newest) break;
        const mine = direct(cause.package);
        const text = mine ? withSpecifiers(mine, [{ operator: '==', version: newest, wildcard: false }]) : `${cause.package}==${newest}`;
        const reason = cause.reasons.length ? ` Its authors said: "${cause.reasons[0]}".` : '';
        candidates.push({
          kind: 'yanked',
          title: mine ? `Pin the yanked release on purpose: change ${mine.text} to ${text}` : `Pin the yanked release on purpose: add ${text}`,
          detail: `A yanked release is installed only when pinned exactly.${reason}`,
          change: { remove: mine ? [mine.text] : [], add: [text] },
          cost: 2,
        });
        break;
      }
      case 'advisory': {
        // "Require X>=fixed": the first fix above every blocked version, and the newest fix.
        const byVersion = (a: string, b: string) => compareVersions(parseVersion(a), parseVersion(b));
        const fixes = cause.fixed.filter((f) => tryParseVersion(f) !== null).sort(byVersion);
        const highestBlocked = [...cause.versions].sort(byVersion).at(-1);
        const above = fixes.find((f) => !highestBlocked || byVersion(f, highestBlocked) > 0);
        const mine = direct(cause.package);
        for (const [fix, cost] of [[above, 0.8], [fixes.at(-1), 0.9]] as const) {
          if (!fix) continue;
          const text = mine ? withSpecifiers(mine, [{ operator: '>=', version: fix, wildcard: false }]) : `${cause.package}>=${fix}`;
          candidates.push({
            kind: 'advisory',
            title: mine ? `Require a fixed release: change ${mine.text} to ${text}` : `Require a fixed release: add ${text}`,
            detail: `${cause.package} ${fix} fixes ${cause.advisories.length === 1 ? cause.advisories[0] : 'the advisories'} affecting the versions that fit.`,
            change: { remove: mine ? [mine.text] : [], add: [text] },
            cost,
          });
        }
        break;
      }
      case 'noMatch': {
        const mine = direct(cause.package);
        if (mine && mine.text === request.requirements.find((r) => r.text === mine.text)?.text) {
          const finals = cause.available.filter((v) => !isPrerelease(parseVersion(v)));
          const newest = finals[finals.length - 1] ?? cause.available[cause.available.length - 1];
          if (newest) {
            const text = withSpecifiers(mine, [{ operator: '==', version: newest, wildcard: false }]);
            candidates.push({ kind: 'range', title: `Change ${mine.text} to ${text}`, detail: `${cause.package} ${newest} is the newest version the index has.`, change: { remove: [mine.text], add: [text] }, cost: 1.5 });
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return candidates;
}

/** Python versions to try, nearest to the target first. */
function pythonCandidates(request: ResolveRequest, causes: readonly SpecialCause[]): Candidate[] {
  const current = request.target?.python ?? '3.12.0';
  const [major, minor] = current.split('.').map(Number) as [number, number];
  const wanted = new Set<string>();
  for (const cause of causes) if (cause.kind === 'requiresPython') cause.workingPythons.forEach((m) => wanted.add(m));
  const minors = pythonMinors().filter((m) => m.minor !== `${major}.${minor}` && (wanted.size === 0 || wanted.has(m.minor)));
  minors.sort((a, b) => Math.abs(Number(a.minor.split('.')[1]) - minor) - Math.abs(Number(b.minor.split('.')[1]) - minor));
  return minors.slice(0, 4).map(({ minor: m, latest }) => ({
    kind: 'python' as const,
    title: `Use Python ${m}`,
    detail: `Resolves for Python ${latest} instead of ${current}.`,
    change: { remove: [], add: [], python: latest },
    cost: 3 + Math.abs(Number(m.split('.')[1]) - minor) / 10,
  }));
}

export async function suggestFixes(
  provider: DependencyProvider,
  request: ResolveRequest,
  failure: ResolveFailure,
  context: SuggestContext,
): Promise<Suggestion[]> {
  const { budget } = context;
  const limit = context.limit ?? 5;
  const inConflict = context.minimal
    ? request.requirements.filter((r) => context.minimal!.requirements.includes(r.text))
    : requirementsInProof(request, failure);
  const involvesPython = context.minimal?.python ?? failure.derivation.nodes.some((n) => n.cause.kind === 'targetPython');

  const queue: Candidate[] = [...causeCandidates(request, context.causes), ...inConflict.flatMap(requirementCandidates)];
  if (involvesPython) queue.push(...pythonCandidates(request, context.causes));

  // The plan of everything outside the conflict, to show what each fix adds or changes.
  const others: ResolveRequest = { ...request, requirements: request.requirements.filter((r) => !inConflict.includes(r)) };
  let baseline: Record<string, string> = {};
  const found: Suggestion[] = [];
  try {
    if (others.requirements.length > 0) {
      const base = await resolve(provider, others, { signal: budget });
      if (base.ok) baseline = planOf(base);
    }
    const tried = new Set<string>();
    while (queue.length > 0 && found.length < limit * 2 && !budget.aborted) {
      queue.sort((a, b) => a.cost - b.cost);
      const candidate = queue.shift()!;
      const key = JSON.stringify(candidate.change);
      if (tried.has(key)) continue;
      tried.add(key);
      let changed: ResolveRequest;
      try {
        changed = applyChange(request, candidate.change);
      } catch {
        continue; // a rewritten requirement that does not parse is no suggestion
      }
      const result = await resolve(provider, changed, { signal: budget });
      if (!result.ok) continue;
      const plan = planOf(result);
      found.push({ ...candidate, plan, planChange: diffPlans(baseline, plan) });
      // Letting the resolver choose shows which version works; a range around it is a smaller change.
      if (candidate.kind === 'relax' && candidate.change.remove.length === 1) {
        const original = request.requirements.find((r) => r.text === candidate.change.remove[0]);
        const chosen = original && result.packages.find((p) => p.key === original.key);
        const range = original && chosen ? rangeAround(original, chosen.version) : null;
        if (range) queue.push(range);
      }
    }
    const unavailable = await withoutUnavailable(provider, request, context.causes, budget);
    if (unavailable) found.push({ ...unavailable.candidate, plan: unavailable.plan, planChange: diffPlans(baseline, unavailable.plan) });
  } catch (error) {
    if (!(error instanceof ResolveCancelledError)) throw error;
  }
  // The same outcome from a bigger change adds nothing.
  found.sort((a, b) => a.cost - b.cost);
  const seenPlans = new Set<string>();
  return found
    .filter((s) => {
      const key = JSON.stringify(s.plan);
      if (seenPlans.has(key)) return false;
      seenPlans.add(key);
      return true;
    })
    .slice(0, limit);
}

/** The next release series after `version`: 2.3.1 -> 3, 0.9.0 -> 0.10. */
function nextSeries(version: string): string {
  const v = parseVersion(version);
  const [major = 0, minor = 0] = v.release;
  return major > 0 ? `${major + 1}` : `0.${minor + 1}`;
}

/**
 * `req` moved to a range that holds `version`: bounds it breaks are replaced (an upper bound
 * by the next series after it, a lower bound by the version itself), bounds it meets are kept.
 */
function rangeAround(req: Requirement, version: string): Candidate | null {
  const v = parseVersion(version);
  const kept: Specifier[] = [];
  let movedUp = false;
  let movedDown = false;
  // A broken exact pin moves to the version that works.
  if (req.specifier.specifiers.some((s) => (s.operator === '==' || s.operator === '===') && !s.wildcard && !containsVersion({ specifiers: [s] }, v, { prereleases: true }))) {
    const text = withSpecifiers(req, [{ operator: '==', version, wildcard: false }]);
    return {
      kind: 'range',
      title: `Change ${req.text} to ${text}`,
      detail: `Pins ${req.name} to ${version}, the newest version that works with the rest.`,
      change: { remove: [req.text], add: [text] },
      cost: 1.5,
    };
  }
  for (const s of req.specifier.specifiers) {
    if (containsVersion({ specifiers: [s] }, v, { prereleases: true })) kept.push(s);
    else if (s.operator === '!=') continue; // an exclusion that is in the way is simply dropped
    else if (isUpperBound(s)) movedUp = true;
    else movedDown = true;
  }
  if (kept.length === req.specifier.specifiers.length) return null;
  if (movedUp) kept.push({ operator: '<', version: nextSeries(version), wildcard: false });
  if (movedDown) kept.push({ operator: '>=', version, wildcard: false });
  const text = withSpecifiers(req, kept);
  if (text === req.text) return null;
  return {
    kind: 'range',
    title: `Change ${req.text} to ${text}`,
    detail: `Moves ${req.name} to a range that includes ${version}, which works with the rest.`,
    change: { remove: [req.text], add: [text] },
    cost: 1.5,
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
): Promise<{ candidate: Candidate; plan: Record<string, string> } | null> {
  const removed: Requirement[] = [...unmetRequirements(request, causes)];
  if (removed.length === 0) return null;
  for (let round = 0; round < 12 && !budget.aborted; round++) {
    const changed = { ...request, requirements: request.requirements.filter((r) => !removed.includes(r)) };
    const result = await resolve(provider, changed, { signal: budget });
    if (result.ok) {
      if (removed.length < 2) return null; // one removal is offered on its own already
      removed.sort((a, b) => request.requirements.indexOf(a) - request.requirements.indexOf(b));
      const names = removed.map((r) => r.text);
      return {
        candidate: {
          kind: 'drop',
          title: `Remove the ${removed.length} requirements the index cannot meet: ${removed.map((r) => requirementLabel(r.text)).join(', ')}`,
          detail: 'Each names a project that is not in the index, or a version it does not have.',
          change: { remove: names, add: [] },
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
