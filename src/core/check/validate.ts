/**
 * An independent check of an install plan against the index: written apart from the solver
 * (it shares only the standards code), so a solver bug cannot hide behind itself. A plan is
 * valid when every requirement that applies — the user's and each selected release's,
 * markers and extras evaluated for the target — is met by the selected versions, every
 * selected release accepts the target Python, and nothing is selected that the policy
 * forbids (yanked, pre-release, no distribution for the target).
 */
import {
  containsVersion,
  isPrerelease,
  parseSpecifierSet,
  parseVersion,
  specifierSetAllowsPrereleases,
  specifierSetMentionsPrerelease,
  compareVersions,
  type Version,
} from '../pep440/index.ts';
import { evaluateMarker, normalizeExtra, normalizeName, tryParseRequirement, type MarkerEnvironment, type Requirement } from '../pep508/index.ts';
import { isAnyTagCompatible, markerEnvironment, type TargetEnvironment } from '../environment/index.ts';
import type { PackageIndex, Release } from '../index/model.ts';

export interface PlanEntry {
  readonly version: string;
  readonly extras?: readonly string[];
}

export interface CheckRequest {
  readonly requirements: readonly Requirement[];
  readonly target: TargetEnvironment;
  readonly markers?: Readonly<Record<string, string>>;
  readonly policy: 'pip' | 'uv';
  readonly prereleases: boolean;
  readonly noBinary?: readonly string[];
  readonly noBuild?: readonly string[];
}

interface Selected {
  readonly key: string;
  readonly version: Version;
  readonly release: Release;
  readonly extras: Set<string>;
}

/** Problems with `plan` (keyed by any spelling of the project name); empty when the plan is valid. */
export function checkPlan(index: PackageIndex, request: CheckRequest, plan: Readonly<Record<string, PlanEntry>>): string[] {
  const problems: string[] = [];
  const env: MarkerEnvironment = { ...markerEnvironment(request.target), ...(request.markers ?? {}) };
  const python = parseVersion(env.python_full_version ?? request.target.python);
  const selected = new Map<string, Selected>();
  for (const [name, entry] of Object.entries(plan)) {
    const key = normalizeName(name);
    const project = index.projects.get(key);
    const version = parseVersion(entry.version);
    const release = project?.releases.find((r) => compareVersions(parseVersion(r.version), version) === 0);
    if (!project || !release) {
      problems.push(`${name} ${entry.version} is not in the index`);
      continue;
    }
    selected.set(key, { key, version, release, extras: new Set((entry.extras ?? []).map(normalizeExtra)) });
  }

  // Every requirement that applies, and who made it.
  const applied: { from: string; req: Requirement }[] = [];
  for (const req of request.requirements) {
    if (!req.marker || evaluateMarker(req.marker, env, [])) applied.push({ from: 'the user', req });
  }
  const required = new Map<string, Set<string>>();
  for (const { req } of applied) addExtras(required, req);
  // Extras a selected package needs come from whoever requires them; iterate to a fixed point.
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of selected.values()) {
      const wanted = required.get(s.key) ?? new Set<string>();
      for (const text of s.release.requiresDist) {
        const req = tryParseRequirement(text);
        if (!req || req.url) continue;
        const appliesBase = !req.marker || evaluateMarker(req.marker, env, []);
        const appliesExtra = !appliesBase && req.marker !== null && [...wanted].some((x) => evaluateMarker(req.marker!, env, [x]));
        if (!appliesBase && !appliesExtra) continue;
        const before = required.get(req.key)?.size ?? 0;
        addExtras(required, req);
        if ((required.get(req.key)?.size ?? 0) !== before) grew = true;
      }
    }
  }
  for (const s of selected.values()) {
    const wanted = required.get(s.key) ?? new Set<string>();
    for (const text of s.release.requiresDist) {
      const req = tryParseRequirement(text);
      if (!req || req.url) continue;
      if (req.marker && !evaluateMarker(req.marker, env, [...wanted])) continue;
      applied.push({ from: `${s.key} ${s.release.version}`, req });
    }
  }

  for (const { from, req } of applied) {
    const s = selected.get(req.key);
    if (!s) {
      problems.push(`${from} requires ${req.text}, but ${req.key} is not selected`);
      continue;
    }
    if (req.key === normalizeName(from.split(' ')[0]!) && containsVersion(req.specifier, s.version, { prereleases: true })) continue;
    if (!containsVersion(req.specifier, s.version, { prereleases: true })) {
      problems.push(`${from} requires ${req.text}, but ${req.key} ${s.release.version} is selected`);
    }
  }

  // Nothing selected that nobody asked for.
  const reachable = new Set(applied.map((a) => a.req.key));
  for (const key of selected.keys()) {
    if (!reachable.has(key)) problems.push(`${key} is selected but nothing requires it`);
  }

  for (const s of selected.values()) {
    const label = `${s.key} ${s.release.version}`;
    if (!acceptsPython(s.release, python, request.policy)) {
      problems.push(`${label} requires Python ${s.release.requiresPython}, the target is ${request.target.python}`);
    }
    const onS = applied.filter((a) => a.req.key === s.key);
    if (s.release.yanked !== false) {
      const pinners = request.policy === 'uv' ? onS.filter((a) => a.from === 'the user') : onS;
      // PEP 592: an exact pin that matches it and no release that is not yanked.
      const releases = index.projects.get(s.key)?.releases ?? [];
      const pinned = pinners.some((a) =>
        a.req.specifier.specifiers.some((sp) => {
          if (!(sp.operator === '===' || (sp.operator === '==' && !sp.wildcard))) return false;
          const pin = { specifiers: [sp] };
          if (!containsVersion(pin, s.version, { prereleases: true })) return false;
          return !releases.some((r) => r.yanked === false && containsVersion(pin, parseVersion(r.version), { prereleases: true }));
        }),
      );
      if (!pinned) problems.push(`${label} is yanked and no exact pin matches it alone among releases that are not yanked`);
    }
    if (isPrerelease(s.version) && !request.prereleases) {
      const project = index.projects.get(s.key)!;
      const hasFinal = project.releases.some((r) => !isPrerelease(parseVersion(r.version)));
      const explicit =
        request.policy === 'uv'
          ? onS.some((a) => a.from === 'the user' && specifierSetMentionsPrerelease(a.req.specifier))
          : onS.some((a) => specifierSetAllowsPrereleases(a.req.specifier));
      const fallback = !hasFinal && (request.policy === 'uv' || onS.some((a) => a.req.specifier.specifiers.length === 0));
      if (!explicit && !fallback) problems.push(`${label} is a pre-release and nothing allows pre-releases of ${s.key}`);
    }
    const noBinary = request.noBinary?.includes(s.key) || request.noBinary?.includes(':all:');
    const noBuild = request.noBuild?.includes(s.key) || request.noBuild?.includes(':all:');
    const tags = s.release.wheelTags;
    const wheel = !noBinary && (tags === null || (tags.length > 0 && isAnyTagCompatible(tags, request.target)));
    const sdist = !noBuild && s.release.sdist;
    if (!wheel && !sdist) problems.push(`${label} has no distribution that can be installed on the target`);
  }
  return problems;
}

/**
 * Whether a release's Requires-Python admits the target's Python as the policy reads it (an invalid one
 * is ignored, as pip does). Exported for the solver tests' oracle, which skips releases that fail it.
 */
export function acceptsPython(release: Release, python: Version, policy: CheckRequest['policy']): boolean {
  if (!release.requiresPython) return true;
  let spec;
  try {
    spec = parseSpecifierSet(release.requiresPython);
  } catch {
    return true; // invalid Requires-Python is ignored, as pip does
  }
  return policy === 'uv' ? lowerBoundsOnly(spec, python) : containsVersion(spec, python, { prereleases: true });
}

function addExtras(required: Map<string, Set<string>>, req: Requirement): void {
  const set = required.get(req.key) ?? new Set<string>();
  for (const x of req.extras) set.add(normalizeExtra(x));
  required.set(req.key, set);
}

/** uv ignores Requires-Python upper bounds: only the lower-bound operators are checked. */
function lowerBoundsOnly(spec: ReturnType<typeof parseSpecifierSet>, python: Version): boolean {
  const lower = spec.specifiers.filter((s) => s.operator === '>=' || s.operator === '>' || s.operator === '~=' || s.operator === '==');
  return lower.every((s) => {
    if (s.operator === '==' || s.operator === '~=') {
      // The lower end of a pin or compatible release: python must not be older than it.
      return compareVersions(python, parseVersion(s.version)) >= 0;
    }
    return containsVersion({ specifiers: [s] }, python, { prereleases: true });
  });
}
