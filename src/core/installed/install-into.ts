/**
 * Resolving into an environment that already has packages, as pip 23.2 does it
 * (pip/_internal/resolution/resolvelib/factory.py `_iter_found_candidates`, provider.py
 * `_eligible_for_upgrade`, commands/install.py `upgrade_strategy`): an installed version that
 * fits is kept unless it is eligible for an upgrade; `--force-reinstall` never keeps one.
 * Then what the plan does to each package, and what it breaks among the packages the
 * resolve never looked at (pip's `check_install_conflicts`, operations/check.py).
 */
import { compareVersions, containsVersion, formatSpecifier, tryParseVersion } from '../pep440/index.ts';
import { evaluateMarker, formatMarker, parseRequirement, tryParseRequirement, type MarkerEnvironment, type Requirement } from '../pep508/index.ts';
import { DEFAULT_TARGET, markerEnvironment } from '../environment/index.ts';
import { resolve, type ResolvedPackage, type ResolveHooks, type ResolveRequest, type ResolveResult } from '../solver/resolve.ts';
import type { DependencyProvider } from '../solver/provider.ts';
import type { InstalledPackage, InstalledSet } from './installed-set.ts';
import { InstalledCandidatesProvider, NoDependenciesProvider } from './providers.ts';

/** pip's `--upgrade-strategy`; it matters only with `--upgrade`. */
export type UpgradeStrategy = 'only-if-needed' | 'eager';

export interface InstallIntoOptions {
  /** `-U` / `--upgrade`: your requirements (and with `eager` everything) may move to newer versions. */
  readonly upgrade?: boolean;
  readonly upgradeStrategy?: UpgradeStrategy;
  readonly forceReinstall?: boolean;
  readonly noDeps?: boolean;
  /**
   * `pip`: as pip resolves, looking only at what your requirements reach (installed packages
   * outside it may break). `environment`: every installed package is a requirement too, so
   * nothing installed is broken (what pip's resolver does not yet do).
   */
  readonly scope?: 'pip' | 'environment';
}

/** `replace`: an install from a URL or an editable checkout gives way to a release from the index. */
export type ChangeAction = 'install' | 'upgrade' | 'downgrade' | 'replace' | 'reinstall' | 'keep';

export interface PlannedChange {
  readonly key: string;
  readonly name: string;
  readonly action: ChangeAction;
  /** The version the plan has. */
  readonly version: string;
  /** The installed version, null when it is not installed. */
  readonly installed: string | null;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** A requirement of an installed package that the environment does not meet after the plan. */
export interface BrokenRequirement {
  readonly project: string;
  readonly version: string;
  /** As pip prints it (packaging's form: specifiers sorted). */
  readonly requirement: string;
  readonly dependency: string;
  /** The dependency's version after the plan; null when it is not installed at all. */
  readonly dependencyVersion: string | null;
}

export interface InstallIntoResult {
  readonly result: ResolveResult;
  /** Each package of the plan, in the plan's order; empty on failure. */
  readonly changes: readonly PlannedChange[];
  /** Installed packages the plan does not touch. */
  readonly untouched: readonly InstalledPackage[];
  /** Installed packages the plan would break (pip checks only those near what changes). */
  readonly broken: readonly BrokenRequirement[];
  /** The plan downgrades something or replaces an install from a URL or checkout: the page asks first. */
  readonly needsConfirmation: boolean;
  /** Installed packages whose requirements were unknown, so they could not be checked. */
  readonly unchecked: readonly string[];
}

/** Resolves `request` into the environment `installed` holds. */
export async function resolveInto(
  provider: DependencyProvider,
  request: ResolveRequest,
  installed: InstalledSet,
  options: InstallIntoOptions = {},
  hooks: ResolveHooks = {},
): Promise<InstallIntoResult> {
  const byKey = new Map(installed.packages.map((p) => [p.key, p]));
  const layered: DependencyProvider = options.noDeps ? new NoDependenciesProvider(new InstalledCandidatesProvider(provider, byKey)) : new InstalledCandidatesProvider(provider, byKey);
  const requested = new Set(request.requirements.map((r) => r.key));
  const scope = options.scope ?? 'pip';

  const preferred: Record<string, string> = { ...(request.preferred ?? {}) };
  if (!options.forceReinstall) {
    for (const p of installed.packages) {
      if (!eligibleForUpgrade(p.key, requested, options)) preferred[p.key] = p.version;
    }
  }
  const requirements =
    scope === 'environment'
      ? [...request.requirements, ...installed.packages.filter((p) => !requested.has(p.key) && tryParseRequirement(p.name)).map((p) => parseRequirement(p.name))]
      : request.requirements;
  const result = await resolve(layered, { ...request, requirements, preferred }, hooks);
  if (!result.ok) {
    return { result, changes: [], untouched: installed.packages, broken: [], needsConfirmation: false, unchecked: [] };
  }

  // The plan has one entry per project (its extras listed on it).
  const changes = result.packages.map((p) => change(p, byKey.get(p.key) ?? null, options, requested));
  const planned = new Set(changes.map((c) => c.key));
  const untouched = installed.packages.filter((p) => !planned.has(p.key));
  const target = request.target ?? DEFAULT_TARGET;
  const markers: MarkerEnvironment = { ...markerEnvironment(target), ...(request.markers ?? {}) };
  const { broken, unchecked } = await brokenAfter(layered, changes, untouched, markers);
  const needsConfirmation = changes.some((c) => c.action === 'downgrade' || c.action === 'replace');
  return { result, changes, untouched, broken, needsConfirmation, unchecked };
}

/** pip's provider `_eligible_for_upgrade`, with install's "to-satisfy-only" when `-U` is absent. */
export function eligibleForUpgrade(key: string, requested: ReadonlySet<string>, options: InstallIntoOptions): boolean {
  if (!options.upgrade) return false;
  if ((options.upgradeStrategy ?? 'only-if-needed') === 'eager') return true;
  return requested.has(key);
}

function change(
  p: ResolvedPackage,
  dist: InstalledPackage | null,
  options: InstallIntoOptions,
  requested: ReadonlySet<string>,
): PlannedChange {
  const key = p.key;
  const needs = p.requiredBy.map((r) => r.requirement);
  const by = p.requiredBy[0];
  const who = by ? (by.from === null ? `you require ${by.requirement}` : `${by.from} ${by.fromVersion} requires ${by.requirement}`) : 'you asked for it';
  if (!dist) return { key, name: p.name, action: 'install', version: p.version, installed: null, reason: `not installed; ${who}` };
  if (dist.direct) {
    return { key, name: p.name, action: 'replace', version: p.version, installed: dist.version || null, reason: `installed from ${dist.direct}; the plan puts ${p.name} ${p.version} from the index in its place (${who})` };
  }
  const now = tryParseVersion(dist.version);
  const next = tryParseVersion(p.version);
  const order = now && next ? compareVersions(next, now) : p.version === dist.version ? 0 : 1;
  if (order === 0) {
    if (options.forceReinstall) return { key, name: p.name, action: 'reinstall', version: p.version, installed: dist.version, reason: '--force-reinstall installs it again' };
    return { key, name: p.name, action: 'keep', version: p.version, installed: dist.version, reason: `already satisfied${needs.length ? `: ${needs.join(', ')}` : ''}` };
  }
  // Does every requirement on it still accept the installed version? Then the move is by choice.
  const stillFits = now !== null && p.requiredBy.every((r) => {
    const req = tryParseRequirement(r.requirement);
    return !req || containsVersion(req.specifier, now, { prereleases: true });
  });
  const excluded = p.requiredBy.find((r) => {
    const req = tryParseRequirement(r.requirement);
    return req !== null && now !== null && !containsVersion(req.specifier, now, { prereleases: true });
  });
  const forced = excluded
    ? `${excluded.from === null ? 'you require' : `${excluded.from} ${excluded.fromVersion} requires`} ${excluded.requirement}, which ${dist.name} ${dist.version} does not meet`
    : null;
  const action: ChangeAction = order > 0 ? 'upgrade' : 'downgrade';
  const chosen = options.forceReinstall
    ? '--force-reinstall does not keep installed versions'
    : requested.has(key)
      ? '--upgrade asks for the newest that fits'
      : '--upgrade-strategy eager upgrades dependencies too';
  return { key, name: p.name, action, version: p.version, installed: dist.version, reason: stillFits || !forced ? chosen : forced };
}


/** pip's `check_install_conflicts`: only packages that change, and those that depend on them, are checked. */
async function brokenAfter(
  provider: DependencyProvider,
  changes: readonly PlannedChange[],
  untouched: readonly InstalledPackage[],
  markers: MarkerEnvironment,
): Promise<{ broken: BrokenRequirement[]; unchecked: string[] }> {
  const versions = new Map<string, { name: string; version: string }>();
  for (const p of untouched) versions.set(p.key, { name: p.key, version: p.version });
  for (const c of changes) versions.set(c.key, { name: c.key, version: c.version });
  const changed = new Set(changes.filter((c) => c.action !== 'keep').map((c) => c.key));

  const requirementsOf = new Map<string, readonly Requirement[] | null>();
  const unchecked: string[] = [];
  for (const p of untouched) requirementsOf.set(p.key, await installedRequirements(provider, p));
  for (const c of changes) requirementsOf.set(c.key, await indexRequirements(provider, c.key, c.version));

  const whitelist = new Set(changed);
  for (const [key, reqs] of requirementsOf) {
    if (reqs?.some((r) => changed.has(r.key))) whitelist.add(key);
  }
  const broken: BrokenRequirement[] = [];
  for (const key of [...whitelist].sort()) {
    const reqs = requirementsOf.get(key);
    const own = versions.get(key)!;
    if (reqs === null || reqs === undefined) {
      unchecked.push(key);
      continue;
    }
    broken.push(...checkRequirements(own.name, own.version, reqs, versions, markers));
  }
  return { broken, unchecked };
}

/** pip's `check_package_set` for one package: missing or conflicting dependencies. */
function checkRequirements(
  name: string,
  version: string,
  requirements: readonly Requirement[],
  versions: ReadonlyMap<string, { name: string; version: string }>,
  markers: MarkerEnvironment,
): BrokenRequirement[] {
  const found: BrokenRequirement[] = [];
  for (const req of requirements) {
    if (req.marker && !evaluateMarker(req.marker, markers, [''])) continue;
    const have = versions.get(req.key);
    if (!have) {
      found.push({ project: name, version, requirement: pipRequirementText(req), dependency: req.key, dependencyVersion: null });
      continue;
    }
    const parsed = tryParseVersion(have.version);
    if (parsed && !containsVersion(req.specifier, parsed, { prereleases: true })) {
      found.push({ project: name, version, requirement: pipRequirementText(req), dependency: req.key, dependencyVersion: have.version });
    }
  }
  return found.sort((a, b) => (a.requirement < b.requirement ? -1 : a.requirement > b.requirement ? 1 : 0));
}

async function installedRequirements(provider: DependencyProvider, p: InstalledPackage): Promise<readonly Requirement[] | null> {
  if (p.requiresDist !== null) return p.requiresDist.map((t) => tryParseRequirement(t)).filter((r): r is Requirement => r !== null);
  return indexRequirements(provider, p.key, p.version);
}

async function indexRequirements(provider: DependencyProvider, key: string, version: string): Promise<readonly Requirement[] | null> {
  const project = await provider.getProject(key);
  const wanted = tryParseVersion(version);
  if (!project || !wanted) return null;
  const index = project.candidates.findIndex((c) => compareVersions(c.version, wanted) === 0);
  if (index < 0) return null;
  try {
    return (await provider.getMetadata(key, index)).requirements;
  } catch {
    return null;
  }
}

/** packaging's `str(Requirement)`: name, extras, the specifiers sorted, the marker. */
export function pipRequirementText(req: Requirement): string {
  const extras = req.extras.length ? `[${[...req.extras].sort().join(',')}]` : '';
  const specifiers = req.specifier.specifiers.map((s) => formatSpecifier(s)).sort().join(',');
  const marker = req.marker ? `; ${formatMarker(req.marker)}` : '';
  return `${req.name}${extras}${specifiers}${marker}`;
}

/** What pip prints after installing, when the result breaks installed packages. */
export function pipConflictMessage(broken: readonly BrokenRequirement[]): string[] {
  if (broken.length === 0) return [];
  const lines = [
    "ERROR: pip's dependency resolver does not currently take into account all the packages that are installed. This behaviour is the source of the following dependency conflicts.",
  ];
  for (const b of broken.filter((x) => x.dependencyVersion === null)) lines.push(`${b.project} ${b.version} requires ${b.requirement}, which is not installed.`);
  for (const b of broken.filter((x) => x.dependencyVersion !== null)) {
    lines.push(`${b.project} ${b.version} requires ${b.requirement}, but you have ${b.dependency} ${b.dependencyVersion} which is incompatible.`);
  }
  return lines;
}

/** `pip check` on an installed set: every package, in pip check's words. */
export async function checkInstalled(provider: DependencyProvider, installed: InstalledSet, markers: MarkerEnvironment): Promise<{ broken: BrokenRequirement[]; unchecked: string[]; lines: string[] }> {
  const versions = new Map(installed.packages.map((p) => [p.key, { name: p.key, version: p.version }]));
  const broken: BrokenRequirement[] = [];
  const unchecked: string[] = [];
  for (const p of [...installed.packages].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const reqs = await installedRequirements(provider, p);
    if (reqs === null) {
      unchecked.push(p.key);
      continue;
    }
    broken.push(...checkRequirements(p.key, p.version, reqs, versions, markers));
  }
  // pip check prints every missing dependency first, then every conflict.
  const lines = [
    ...broken.filter((b) => b.dependencyVersion === null).map((b) => `${b.project} ${b.version} requires ${b.dependency}, which is not installed.`),
    ...broken.filter((b) => b.dependencyVersion !== null).map((b) => `${b.project} ${b.version} has requirement ${b.requirement}, but you have ${b.dependency} ${b.dependencyVersion}.`),
  ];
  if (lines.length === 0) lines.push('No broken requirements found.');
  return { broken, unchecked, lines };
}
