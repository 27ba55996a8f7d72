/**
 * pip 20.2.4's legacy resolver, the default before pip 20.3, as
 * `pip/_internal/resolution/legacy/resolver.py` (`Resolver.resolve`, `_resolve_one`),
 * `pip/_internal/req/req_set.py` (`add_requirement`: the first requirement seen for a
 * project wins), `pip/_internal/operations/check.py` (`check_install_conflicts`) and
 * `pip/_internal/commands/install.py` (the words) run it: requirements are taken in order,
 * each project gets the best version its first requirement allows, and nothing is ever
 * reconsidered. What breaks is only reported afterwards, the way pip 20.2 did.
 *
 * Kept as upstream: extras named by a later requirement on a project already seen are
 * dropped; pip's own check ignores requirements that come from extras and the user's own
 * requirements; a yanked release is picked when nothing else matches, with a warning.
 */
import { compareVersions, containsVersion, formatVersion, isPrerelease, parseSpecifierSet, tryParseVersion } from '../../pep440/index.ts';
import { evaluateMarker, normalizeName, type Requirement } from '../../pep508/index.ts';
import { IndexProvider } from '../../index/provider.ts';
import { MetadataUnavailableError, type CandidateMetadata, type DependencyProvider } from '../../solver/provider.ts';
import type { ResolvedPackage, ResolveFailure, ResolveHooks, ResolveRequest, ResolveResult } from '../../solver/resolve.ts';
import { fullSet } from '../../solver/version-set.ts';
import { distName, downloadedUrl, type InstallationCandidate } from '../pip/finder.ts';
import { formatSize, wheelSize, type RawRelease } from '../pip/log.ts';
import { requirementText, writtenExtras } from '../pip/packaging.ts';
import { pipSetup, type PipRunOptions } from '../pip/run.ts';

/** An install requirement of the legacy resolver: what was asked, by whom, and what it became. */
interface LegacyRequirement {
  readonly req: Requirement;
  readonly text: string;
  readonly name: string;
  readonly key: string;
  readonly extras: readonly string[];
  readonly comesFrom: LegacyRequirement | string | null;
  chosen: InstallationCandidate | null;
  metadata: CandidateMetadata | null;
  raw: RawRelease | null;
  /** Dependencies discovered from it (`_discovered_dependencies`). */
  readonly discovered: LegacyRequirement[];
}

export interface LegacyConflict {
  /** "b 8.0.0 requires C==8.0.0, but you'll have c 7.0.0 which is incompatible." */
  readonly line: string;
  readonly package: string;
  readonly requirement: string;
  readonly installed: string | null;
}

export interface LegacyRunDetail {
  /** pip exited with an error: nothing was installed. */
  readonly failed: boolean;
  readonly error: string | null;
  /** What pip 20.2 printed about broken requirements after installing anyway ("pip check"'s findings). */
  readonly conflicts: readonly LegacyConflict[];
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly captured: readonly string[];
}

function fromPath(r: LegacyRequirement): string {
  let text = r.text;
  if (r.comesFrom !== null) text += `->${typeof r.comesFrom === 'string' ? r.comesFrom : fromPath(r.comesFrom)}`;
  return text;
}

/** `str(InstallRequirement)`: the requirement and where it came from. */
function describe(r: LegacyRequirement): string {
  if (r.comesFrom === null) return r.text;
  return `${r.text} (from ${typeof r.comesFrom === 'string' ? r.comesFrom : fromPath(r.comesFrom)})`;
}

class LegacyFailure extends Error {}

export async function runLegacyResolver(
  provider: DependencyProvider,
  request: ResolveRequest,
  hooks: ResolveHooks = {},
  options: PipRunOptions = {},
): Promise<{ result: ResolveResult; output: string[]; legacy: LegacyRunDetail }> {
  const now = hooks.now ?? Date.now;
  const started = now();
  const { target, markers, pythonVersion, log, finder, lookingIn } = pipSetup(provider, request, options);
  const rawOf = (key: string, index: number): RawRelease | null => {
    if (!(provider instanceof IndexProvider)) return null;
    const project = provider.index.projects.get(key);
    const release = project?.releases[index];
    return project && release ? { name: project.name, version: release.version, requiresPython: release.requiresPython, requiresDist: release.requiresDist, providesExtra: release.providesExtra } : null;
  };
  if (lookingIn) log.info(lookingIn);

  const file = options.requirementsFile ?? 'requirements.txt';
  const requirements = new Map<string, LegacyRequirement>();
  const make = (req: Requirement, comesFrom: LegacyRequirement | string | null): LegacyRequirement => ({
    req,
    text: requirementText(req),
    name: req.name,
    key: normalizeName(req.name),
    extras: writtenExtras(req),
    comesFrom,
    chosen: null,
    metadata: null,
    raw: null,
    discovered: [],
  });
  const matchMarkers = (r: LegacyRequirement, extras: readonly string[]): boolean => {
    if (!r.req.marker) return true;
    const holds = extras.length === 0 ? evaluateMarker(r.req.marker, { ...markers, extra: '' }) : evaluateMarker(r.req.marker, markers, extras);
    if (!holds) log.info(`Ignoring ${r.name}: markers '${r.req.marker ? requirementText(r.req).split('; ')[1] : ''}' don't match your environment`);
    return holds;
  };
  /** `RequirementSet.add_requirement`: new projects are added and scanned; a known one keeps its first requirement. */
  const add = (r: LegacyRequirement, parent: LegacyRequirement | null, extras: readonly string[]): { scan: LegacyRequirement[]; added: LegacyRequirement | null } => {
    if (!matchMarkers(r, extras)) return { scan: [], added: null };
    const existing = requirements.get(r.key);
    if (parent === null && existing && existing.extras.join(',') === r.extras.join(',') && requirementText({ ...existing.req, marker: null }) !== requirementText({ ...r.req, marker: null })) {
      throw new LegacyFailure(`Double requirement given: ${describe(r)} (already in ${describe(existing)}, name=${JSON.stringify(r.name).replace(/"/g, "'")})`);
    }
    if (!existing) {
      requirements.set(r.key, r);
      return { scan: [r], added: r };
    }
    return { scan: [], added: existing };
  };

  let error: string | null = null;
  try {
    const roots: LegacyRequirement[] = [];
    request.requirements.forEach((req, i) => {
      const r = make(req, options.origins ? (options.origins[i] ?? null) : `-r ${file} (line ${i + 1})`);
      roots.push(...add(r, null, []).scan);
    });
    const queue = [...roots];
    for (let i = 0; i < queue.length; i++) {
      if (hooks.signal?.aborted) throw new LegacyFailure('cancelled');
      const r = queue[i]!;
      if (r.chosen) continue;
      // find_requirement: the best candidate this requirement alone allows.
      const applicable = await finder.applicableCandidates(r.key, r.req.specifier);
      const best = applicable[applicable.length - 1];
      if (!best) {
        const all = await finder.findAllCandidates(r.key);
        const versions = [...new Map(all.map((c) => [formatVersion(c.version), c.version])).values()].sort(compareVersions).map(formatVersion);
        log.error(`Could not find a version that satisfies the requirement ${describe(r)} (from versions: ${versions.join(', ') || 'none'})`);
        throw new LegacyFailure(`No matching distribution found for ${describe(r)}`);
      }
      r.chosen = best;
      const url = finder.linkUrl(best.link);
      if (best.link.yanked !== false) {
        log.warning(`The candidate selected for download or install is a yanked version: ${best.link.project.key} ${best.version.text}\nReason for being yanked: ${best.link.yanked || '<none given>'}`);
      }
      log.info(`Collecting ${r.text}`);
      try {
        r.metadata = await provider.getMetadata(best.link.project.key, best.link.index);
      } catch (e) {
        if (!(e instanceof MetadataUnavailableError)) throw e;
        throw new LegacyFailure(`Could not read the metadata of ${best.link.filename}: ${e.message}`);
      }
      r.raw = rawOf(best.link.project.key, best.link.index) ?? {
        name: best.link.project.name,
        version: best.version.text,
        requiresPython: best.link.requiresPython,
        requiresDist: r.metadata.requirements.map((q) => q.text),
        providesExtra: r.metadata.providesExtra,
      };
      log.indented(() => {
        if (best.link.isWheel) log.info(`Downloading ${downloadedUrl(url)} (${formatSize(wheelSize(r.raw!, distName(best.link.project.name), best.link.tag!))})`);
        else log.info(`Downloading ${downloadedUrl(url)}`);
      });
      // _check_dist_requires_python: against the interpreter pip runs under, not --python-version.
      const interpreter = tryParseVersion(options.interpreterVersion ?? '') ?? pythonVersion;
      if (r.raw.requiresPython) {
        let holds = true;
        try {
          holds = containsVersion(parseSpecifierSet(r.raw.requiresPython), interpreter, { prereleases: true });
        } catch {
          holds = true;
        }
        if (!holds) throw new LegacyFailure(`Package '${r.raw.name}' requires a different Python: ${formatVersion(interpreter)} not in '${r.raw.requiresPython}'`);
      }
      // Extras the release does not provide are warned about and left out.
      const provided = r.raw.providesExtra;
      for (const missing of r.extras.filter((e) => !provided.includes(e)).sort()) log.warning(`${r.raw.name} ${r.raw.version} does not provide the extra '${missing}'`);
      const available = r.extras.filter((e) => provided.includes(e)).sort();
      for (const dep of dependencies(r.metadata, available, markers)) {
        const { scan, added } = add(make(dep, r), r, available);
        if (added) r.discovered.push(added);
        queue.push(...scan);
      }
    }
  } catch (e) {
    if (!(e instanceof LegacyFailure)) throw e;
    error = e.message;
  }

  const toInstall = error === null ? installationOrder([...requirements.values()]) : [];
  const conflicts = error === null ? checkInstallConflicts(toInstall, markers) : [];
  if (error === null && toInstall.length > 0) {
    log.info(`Installing collected packages: ${toInstall.map((r) => r.name).join(', ')}`);
    if (conflicts.length > 0) {
      log.error(
        [
          'After October 2020 you may experience errors when installing or updating packages. This is because pip will change the way that it resolves dependency conflicts.\n',
          'We recommend you use --use-feature=2020-resolver to test your packages with the new resolver before it becomes the default.\n',
          ...conflicts.map((c) => c.line),
        ].join('\n'),
      );
    }
    const installed = [...toInstall].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    log.info(`Successfully installed ${installed.map((r) => `${r.name}-${r.raw!.version}`).join(' ')}`);
  }
  if (error !== null) log.error(error);

  const stats = { decisions: toInstall.length, conflicts: conflicts.length, backtracks: 0, packagesSeen: requirements.size, rounds: 0, elapsedMs: now() - started };
  const packages: ResolvedPackage[] = toInstall
    .map((r) => ({
      key: r.key,
      name: r.raw!.name,
      version: r.chosen!.version.text,
      extras: [...r.extras].map(normalizeName).sort(),
      yanked: r.chosen!.link.yanked,
      prerelease: isPrerelease(r.chosen!.version),
      requiresPython: r.chosen!.link.requiresPython,
      direct: typeof r.comesFrom === 'string' || r.comesFrom === null,
      requiredBy: [...requirements.values()]
        .filter((p) => p.discovered.includes(r))
        .map((p) => ({ from: p.key, fromVersion: p.chosen ? formatVersion(p.chosen.version) : null, requirement: r.text })),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const common = { warnings: [], skipped: [], stats };
  // pip 20.2 installed whatever it picked: the run "succeeds" unless pip stopped with an error.
  const result: ResolveResult =
    error === null
      ? { ok: true, packages, python: target.python, ...common }
      : ({
          ok: false,
          derivation: {
            root: 0,
            python: target.python,
            nodes: [{ id: 0, terms: [{ pkg: 0, positive: true, versions: fullSet(1) }], cause: { kind: 'root' } }],
            packages: [{ id: 0, kind: 'root', key: 'root', name: 'root', project: 'root', extra: null, versions: ['0'], notFound: false }],
          },
          ...common,
        } satisfies ResolveFailure);
  return {
    result,
    output: log.interleaved(),
    legacy: { failed: error !== null, error, conflicts, stdout: log.stdout(), stderr: log.stderr(), captured: log.captured() },
  };
}

/** `dist.requires(extras)` (pkg_resources): base requirements, then the extras', markers evaluated. */
function dependencies(metadata: CandidateMetadata, extras: readonly string[], markers: Record<string, string>): Requirement[] {
  return metadata.requirements.filter((req) => {
    if (!req.marker) return true;
    if (evaluateMarker(req.marker, { ...markers, extra: '' })) return true;
    return extras.length > 0 && evaluateMarker(req.marker, markers, extras);
  });
}

/** `get_installation_order`: dependencies before what needs them, cycles broken where met. */
function installationOrder(all: readonly LegacyRequirement[]): LegacyRequirement[] {
  const order: LegacyRequirement[] = [];
  const seen = new Set<LegacyRequirement>();
  const schedule = (r: LegacyRequirement) => {
    if (seen.has(r)) return;
    seen.add(r);
    for (const dep of r.discovered) schedule(dep);
    order.push(r);
  };
  for (const r of all) schedule(r);
  return order.filter((r) => r.chosen !== null);
}

/**
 * `check_install_conflicts`: every installed package's own requirements (no extras), markers
 * evaluated, against what is installed; "which is not installed" first, then the conflicts,
 * each package's sorted by text.
 */
function checkInstallConflicts(toInstall: readonly LegacyRequirement[], markers: Record<string, string>): LegacyConflict[] {
  const installed = new Map(toInstall.map((r) => [r.key, r]));
  const missing: LegacyConflict[] = [];
  const conflicting: LegacyConflict[] = [];
  for (const r of toInstall) {
    const name = normalizeName(r.raw!.name);
    const version = r.raw!.version;
    const own = r.metadata!.requirements.filter((q) => !q.marker || evaluateMarker(q.marker, { ...markers, extra: '' }));
    const miss: LegacyConflict[] = [];
    const bad: LegacyConflict[] = [];
    for (const q of own) {
      const text = requirementText(q);
      const dep = installed.get(q.key);
      if (!dep) {
        miss.push({ line: `${name} ${version} requires ${text}, which is not installed.`, package: name, requirement: text, installed: null });
        continue;
      }
      const v = dep.chosen!.version;
      if (!containsVersion(q.specifier, v, { prereleases: true })) {
        bad.push({ line: `${name} ${version} requires ${text}, but you'll have ${q.key} ${dep.raw!.version} which is incompatible.`, package: name, requirement: text, installed: `${q.key} ${dep.raw!.version}` });
      }
    }
    const byText = (a: LegacyConflict, b: LegacyConflict) => (a.requirement < b.requirement ? -1 : a.requirement > b.requirement ? 1 : 0);
    missing.push(...miss.sort(byText));
    conflicting.push(...bad.sort(byText));
  }
  return [...missing, ...conflicting];
}
