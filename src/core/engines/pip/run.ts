/**
 * pip 23.2.1's `install --dry-run` from requirements to words, as
 * `pip/_internal/resolution/resolvelib/resolver.py` (`Resolver.resolve`: root requirements,
 * resolvelib with 200000 rounds, the installation error, the yanked warning) and
 * `pip/_internal/commands/install.py` ("Would install ...") run it, over Pipette's provider.
 * The result is given in the common shape beside pip's whole output.
 */
import { formatVersion, isPrerelease, parseVersion, tryParseVersion } from '../../pep440/index.ts';
import { normalizeName } from '../../pep508/index.ts';
import { DEFAULT_TARGET, markerEnvironment } from '../../environment/index.ts';
import { IndexProvider } from '../../index/provider.ts';
import type { DependencyProvider } from '../../solver/provider.ts';
import type { RequiredBy, ResolvedPackage, ResolveFailure, ResolveHooks, ResolveRequest, ResolveResult, ResolveStats } from '../../solver/resolve.ts';
import { fullSet } from '../../solver/version-set.ts';
import { ResolutionImpossible, ResolutionTooDeep, Resolver } from '../resolvelib/resolvers.ts';
import type { RequirementInformation } from '../resolvelib/providers.ts';
import { LinkCandidate, type PipCandidate } from './candidates.ts';
import { Factory, type RawReleaseSource, type RootRequirement } from './factory.ts';
import { downloadedUrl, PackageFinder } from './finder.ts';
import { formatSize, PipLog, wheelSize, type RawRelease } from './log.ts';
import { PipProvider } from './provider.ts';
import { PipReporter } from './reporter.ts';
import type { PipRequirement } from './requirements.ts';

/** pip's `limit_how_complex_resolution_can_be`. */
export const PIP_MAX_ROUNDS = 200000;

/** The address the output shows for a snapshot index (pip_resolve.py's runs are normalised to it). */
export const SNAPSHOT_INDEX_URL = 'INDEX_URL/simple/';

export interface PipRunOptions {
  /** Where each requirement was written (`comes_from`); default "-r requirements.txt (line N)". */
  readonly origins?: readonly (string | null)[];
  /** The requirements file named in the default origins. */
  readonly requirementsFile?: string;
  /** The index's simple URL, ending in '/'; default INDEX_URL/simple/. */
  readonly indexUrl?: string;
  /** `--extra-index-url`s, for pip's "Looking in indexes" line. */
  readonly extraIndexUrls?: readonly string[];
  /** The Python version pip resolves for (X.Y.Z, `--python-version` padded); default the target's python_full_version. */
  readonly pythonVersion?: string;
  /** The interpreter pip itself runs under, when it differs (pip 20.2 checks a chosen release's Requires-Python against it). */
  readonly interpreterVersion?: string;
  readonly maxRounds?: number;
  /** Raw metadata fields (as published) for sizes and extras; default read from an in-memory index. */
  readonly rawRelease?: RawReleaseSource;
}

export type PipVerdict = 'solved' | 'impossible' | 'too-deep';

export interface PipRunDetail {
  readonly verdict: PipVerdict;
  /** The error pip ends with, without "ERROR: ". */
  readonly error: string | null;
  /** ResolutionImpossible's causes, as pip lists them under "The conflict is caused by". */
  readonly causes: readonly { readonly requirement: string; readonly parent: string | null }[];
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** stdout then stderr, stripped: what pip_resolve.py records. */
  readonly captured: readonly string[];
  readonly rejections: number;
  readonly backjumps: number;
  /** Candidates whose metadata pip fetched, in order ("name version"). */
  readonly prepared: readonly string[];
}

function rawFromIndexProvider(provider: DependencyProvider): RawReleaseSource {
  if (!(provider instanceof IndexProvider)) return () => null;
  return (key, index) => {
    const project = provider.index.projects.get(key);
    const release = project?.releases[index];
    if (!project || !release) return null;
    return { name: project.name, version: release.version, requiresPython: release.requiresPython, requiresDist: release.requiresDist, providesExtra: release.providesExtra } satisfies RawRelease;
  };
}

/**
 * What both of pip's resolvers (this one and the legacy one) set up from a request: the target
 * and its markers, the interpreter version pip resolves for, the log and the package finder.
 */
export function pipSetup(provider: DependencyProvider, request: ResolveRequest, options: PipRunOptions) {
  const target = request.target ?? DEFAULT_TARGET;
  const markers = { ...markerEnvironment(target), ...(request.markers ?? {}) };
  const pythonVersion = tryParseVersion(options.pythonVersion ?? markers['python_full_version'] ?? target.python) ?? parseVersion(target.python);
  const indexUrl = options.indexUrl ?? SNAPSHOT_INDEX_URL;
  const finder = new PackageFinder(provider, {
    target,
    pythonVersion,
    allowAllPrereleases: request.prereleases ?? false,
    noBinary: request.noBinary ?? [],
    onlyBinary: request.noBuild ?? [],
    excludeNewer: request.excludeNewer ?? null,
    indexUrl,
  });
  return { target, markers, pythonVersion, indexUrl, log: new PipLog(), finder, lookingIn: lookingInIndexes(indexUrl, options.extraIndexUrls ?? []) };
}

/** pip's "Looking in indexes: …" (PackageFinder's index group), said unless PyPI alone is read. */
function lookingInIndexes(indexUrl: string, extraIndexUrls: readonly string[]): string | null {
  const urls = [indexUrl, ...extraIndexUrls];
  return urls.length === 1 && indexUrl === 'https://pypi.org/simple/' ? null : `Looking in indexes: ${urls.join(', ')}`;
}

export async function runPipResolver(
  provider: DependencyProvider,
  request: ResolveRequest,
  hooks: ResolveHooks = {},
  options: PipRunOptions = {},
): Promise<{ result: ResolveResult; output: string[]; rounds: number; pip: PipRunDetail }> {
  const now = hooks.now ?? Date.now;
  const started = now();
  const { target, markers, log, finder, lookingIn } = pipSetup(provider, request, options);
  const factory = new Factory(finder, provider, log, markers, options.rawRelease ?? rawFromIndexProvider(provider));
  if (lookingIn) log.info(lookingIn);

  const file = options.requirementsFile ?? 'requirements.txt';
  const roots: RootRequirement[] = request.requirements.map((requirement, i) => ({
    requirement,
    comesFrom: options.origins ? (options.origins[i] ?? null) : `-r ${file} (line ${i + 1})`,
  }));
  const collected = factory.collectRootRequirements(roots);
  const pipProvider = new PipProvider(factory, collected.userRequested);
  const reporter = new PipReporter(log);
  const resolver = new Resolver(pipProvider, reporter);
  const shouldCancel = hooks.signal ? () => hooks.signal!.aborted : undefined;

  let verdict: PipVerdict = 'solved';
  let error: string | null = null;
  let causes: readonly RequirementInformation<PipRequirement, PipCandidate>[] = [];
  let rounds = 0;
  let backjumps = 0;
  let packages: ResolvedPackage[] = [];
  try {
    const result = await resolver.resolve(collected.requirements, options.maxRounds ?? PIP_MAX_ROUNDS, shouldCancel ? { shouldCancel } : {});
    rounds = result.rounds;
    backjumps = result.backjumps;
    packages = installPlan(result.mapping, result.criteria, collected.userRequested, log, finder.linkUrl.bind(finder));
  } catch (e) {
    const counters = e as { rounds?: number; backjumps?: number };
    rounds = counters.rounds ?? 0;
    backjumps = counters.backjumps ?? 0;
    if (e instanceof ResolutionImpossible) {
      verdict = 'impossible';
      causes = (e as ResolutionImpossible<PipRequirement, PipCandidate>).causes;
      error = await factory.getInstallationError(causes);
    } else if (e instanceof ResolutionTooDeep) {
      verdict = 'too-deep';
      error = `Exception:\nTraceback (most recent call last):\npip._vendor.resolvelib.resolvers.ResolutionTooDeep: ${e.roundCount}`;
    } else throw e;
  }
  if (error !== null) log.error(error);

  const stats: ResolveStats = {
    decisions: reporter.pins,
    conflicts: reporter.rejections,
    backtracks: backjumps,
    packagesSeen: new Set(factory.prepared.map((c) => c.projectName)).size,
    rounds,
    elapsedMs: now() - started,
  };
  const pip: PipRunDetail = {
    verdict,
    error,
    causes: causes.map((c) => ({ requirement: c.requirement.formatForError(), parent: c.parent ? `${c.parent.name} ${formatVersion(c.parent.version)}` : null })),
    stdout: log.stdout(),
    stderr: log.stderr(),
    captured: log.captured(),
    rejections: reporter.rejections,
    backjumps,
    prepared: factory.prepared.map((c) => c.toString()),
  };
  const common = { warnings: [], skipped: [], stats };
  const result: ResolveResult =
    verdict === 'solved'
      ? { ok: true, packages, python: target.python, ...common }
      : ({ ok: false, derivation: noDerivation(target.python), ...common } satisfies ResolveFailure);
  return { result, output: log.interleaved(), rounds, pip };
}

/** pip makes no derivation tree: a failure carries only the root, and pip's own words. */
function noDerivation(python: string): ResolveFailure['derivation'] {
  return {
    root: 0,
    python,
    nodes: [{ id: 0, terms: [{ pkg: 0, positive: true, versions: fullSet(1) }], cause: { kind: 'root' } }],
    packages: [{ id: 0, kind: 'root', key: 'root', name: 'root', project: 'root', extra: null, versions: ['0'], notFound: false }],
  };
}

/** The plan, the yanked warnings, the wheel downloads and "Would install ..." of a successful run. */
function installPlan(
  mapping: ReadonlyMap<string, PipCandidate>,
  criteria: ReadonlyMap<string, { readonly information: readonly RequirementInformation<PipRequirement, PipCandidate>[] }>,
  userRequested: ReadonlyMap<string, number>,
  log: PipLog,
  linkUrl: (link: LinkCandidate['link']) => string,
): ResolvedPackage[] {
  const bases: LinkCandidate[] = [];
  const extrasOf = new Map<string, Set<string>>();
  for (const candidate of mapping.values()) {
    if (candidate.kind === 'link') bases.push(candidate);
    if (candidate.kind === 'extras') {
      const set = extrasOf.get(candidate.projectName) ?? new Set();
      for (const e of candidate.extras) set.add(normalizeName(e));
      extrasOf.set(candidate.projectName, set);
    }
  }
  for (const candidate of bases) {
    const { link } = candidate;
    if (link.yanked !== false) {
      log.warning(
        `The candidate selected for download or install is a yanked version: '${candidate.name}' candidate (version ${formatVersion(candidate.version)} at ${linkUrl(link)}${link.requiresPython ? ` (requires-python:${link.requiresPython})` : ''})\nReason for being yanked: ${link.yanked || '<none given>'}`,
      );
    }
  }
  // prepare_linked_requirements_more: the wheels whose metadata alone was read are downloaded now.
  for (const candidate of bases) {
    if (!candidate.link.isWheel) continue;
    log.info(`Downloading ${downloadedUrl(linkUrl(candidate.link))} (${formatSize(wheelSize(candidate.raw, candidate.link.filename.split('-')[0]!, candidate.link.tag!))})`);
  }
  const names = bases.map((c) => [c.raw.name, c.raw.version] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  if (names.length > 0) log.info(`Would install ${names.map(([n, v]) => `${n}-${v}`).join(' ')}`);

  const requiredBy = (identifier: string): RequiredBy[] =>
    (criteria.get(identifier)?.information ?? [])
      .filter((i) => i.requirement.kind === 'specifier')
      .map((i) => ({
        from: i.parent ? i.parent.name : null,
        fromVersion: i.parent ? formatVersion(i.parent.version) : null,
        requirement: i.requirement.toString(),
      }));
  return bases
    .map((c) => {
      const extras = [...(extrasOf.get(c.projectName) ?? [])].sort();
      const by = [c.projectName, ...[...mapping.keys()].filter((k) => k.startsWith(`${c.projectName}[`))].flatMap(requiredBy);
      return {
        key: c.projectName,
        name: c.raw.name,
        version: c.link.candidate.version.text,
        extras,
        yanked: c.link.yanked,
        prerelease: isPrerelease(c.version),
        requiresPython: c.link.requiresPython,
        direct: [...userRequested.keys()].some((k) => k === c.projectName || k.startsWith(`${c.projectName}[`)),
        requiredBy: by,
      } satisfies ResolvedPackage;
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
