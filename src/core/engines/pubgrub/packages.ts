/**
 * The package table: every package the solver knows, by id. In solver.md's terms a package is
 * what a term speaks of (https://github.com/dart-lang/pub/blob/master/doc/solver.md#term);
 * here, as in pubgrub-rs, a package is a project, one of its extras (a virtual package that
 * depends on its base at the same version), the virtual `python`, or the root.
 *
 * Loading a project also brings its external incompatibilities (solver.md § Incompatibility,
 * "derived from external facts"): versions that can't be used (yanked, pre-release, no
 * distribution for the target, too new, blocked, quarantined, left out by a constraint) and
 * Requires-Python, as a dependency on `python`.
 */
import { formatSpecifierSet, isPrerelease, parseSpecifierSet, parseVersion, type SpecifierSet, type Version } from '../../pep440/index.ts';
import { evaluateMarker, type Requirement } from '../../pep508/index.ts';
import { describeTarget, isAnyTagCompatible, platformsOf, pythonVersionsWith, tagCompatibility, type TagCompatibility, type TagMismatch } from '../../environment/index.ts';
import type { DataWarning } from '../../index/model.ts';
import type { Candidate, DependencyProvider, ProjectCandidates } from '../../solver/provider.ts';
import { requiresPythonIncompatibility, unavailableIncompatibility, type Incompatibility } from './incompatibility.ts';
import { prereleasesAllowed, yankedAllowed, type Allowances } from './policy.ts';
import type { SolveRequest } from './solve.ts';
import { versionsAllowed, type CompiledSpecifiers } from './specifier-sets.ts';
import { complement, fullSet, has, isEmpty, isFull, lastingCopy, lowest, setFromIndices, setFromPredicate, type VersionSet } from './version-set.ts';
import { uploadedAfter } from '../../index/upload-time.ts';

export type PackageKind = 'root' | 'python' | 'project' | 'extra';

/** A package as the solver sees it: a project, one of its extras, the root or Python. */
export interface SolverPackage {
  readonly id: number;
  readonly kind: PackageKind;
  /** `requests`, `requests[socks]`, `<root>`, `python`. */
  readonly key: string;
  /** The project's normalised name (the base project for an extra). */
  readonly project: string;
  readonly extra: string | null;
  /** Display name: as published, with `[extra]`. */
  readonly name: string;
  readonly versions: readonly Version[];
  readonly versionTexts: readonly string[];
  /** For an extra: the id of its base project. */
  readonly base: number;
  /** The index does not have the project at all. */
  readonly notFound: boolean;
  /** PEP 792: the index quarantined the project (a live index then lists none of its files). */
  readonly quarantined?: { readonly reason: string | null };
  /** What the index says of each version (empty for the root and Python). */
  readonly candidates: readonly Candidate[];
}

/** Closest last, as tagCompatibility orders them. */
const MISMATCH_ORDER: readonly TagMismatch[] = ['invalid', 'python', 'abi', 'platform'];

export const ROOT = 0;
export const PYTHON = 1;
export const ROOT_KEY = '<root>';

/** What one version requires of one target package (several lines on one target combined). */
export interface Dependency {
  readonly target: number;
  readonly set: VersionSet;
  /** Requirement texts combined into this dependency, as written. */
  readonly texts: readonly string[];
  readonly requirements: readonly Requirement[];
}

export interface PackageState extends SolverPackage {
  readonly size: number;
  readonly discovered: number;
  direct: number;
  conflicts: number;
  /** Parsed dependency lists per version index, once known. */
  readonly dependencies: (readonly Dependency[] | undefined)[];
  /** Per version index: requirement texts by target key, for comparing neighbours. */
  readonly dependencyTexts: (ReadonlyMap<string, string> | undefined)[];
  /** Per version index: its Requires-Dist lines that name a project, as published and joined, by project (see linesNaming). */
  readonly linesByProject: (Map<string, string> | undefined)[];
  /** Per dependency target: the versions whose dependency on it is already registered. */
  readonly registered: Map<number, VersionSet>;
  /** Specifier (canonical text) to version set, over this package's versions. */
  readonly specifierSets: Map<string, VersionSet>;
}

const NONE: readonly number[] = [];

export class PackageTable {
  readonly packages: PackageState[] = [];
  /** Ids of the extras, in order of discovery. */
  readonly extras: number[] = [];
  /** Ids of each project's extras, by the project's id. */
  private readonly extrasByBase = new Map<number, number[]>();
  /** Ids of the packages you require (and their extras), by `direct` (set by the run, solve.ts). */
  directOrder: number[] = [];
  readonly warnings: DataWarning[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly warned = new Set<string>();
  /** Index of the target's Python among the `python` package's versions. */
  readonly pythonTarget: number;
  private readonly noBinaryAll: boolean;
  private readonly noBuildAll: boolean;
  /** Compressed wheel tag set -> whether it fits the target. */
  private readonly fittingTags = new Map<string, boolean>();
  /**
   * A specifier set's text, by the parsed set: a run parses each requirement line once, and a
   * line published by hundreds of releases (boto3's on jmespath) then asks again and again.
   */
  private readonly specifierKeys = new WeakMap<SpecifierSet, string>();
  /** Specifier text -> compiled, for `versionsAllowed`. */
  private readonly compiledSpecifiers: CompiledSpecifiers = new Map();
  /** Compressed wheel tag set -> how it fits the target (for the reason when nothing does). */
  private readonly tagVerdicts = new Map<string, TagCompatibility>();
  /** Requires-Python text -> the Python versions it allows, or why it can't be read. */
  private readonly requiresPythonSets = new Map<string, VersionSet | Error>();

  constructor(
    private readonly provider: DependencyProvider,
    private readonly request: SolveRequest,
    private allowances: Allowances,
    private addIncompatibility: (incompatibility: Incompatibility) => void,
  ) {
    this.noBinaryAll = request.noBinary.includes(':all:');
    this.noBuildAll = request.noBuild.includes(':all:');
    this.addPackage({ kind: 'root', key: ROOT_KEY, project: ROOT_KEY, extra: null, name: 'your requirements', versions: [], versionTexts: ['0'], base: -1, notFound: false, candidates: [] });
    const pythonTexts = pythonVersionsWith(request.target.python);
    this.addPackage({
      kind: 'python',
      key: 'python',
      project: 'python',
      extra: null,
      name: 'Python',
      versions: pythonTexts.map((t) => parseVersion(t)),
      versionTexts: pythonTexts,
      base: -1,
      notFound: false,
      candidates: [],
    });
    this.pythonTarget = pythonTexts.indexOf(normalizePythonText(request.target.python, pythonTexts));
  }

  /**
   * The table again for the next pip-policy round (resolve.ts): what was loaded and parsed stays
   * (packages, dependency lists, specifier sets), the per-run counters start over, and the
   * pre-releases and yanked releases left out are registered anew under `allowances`.
   */
  continueWith(allowances: Allowances, addIncompatibility: (incompatibility: Incompatibility) => void): void {
    this.allowances = allowances;
    this.addIncompatibility = addIncompatibility;
    for (const pkg of this.packages) {
      pkg.direct = -1;
      pkg.conflicts = 0;
      if (pkg.kind === 'project' && pkg.size > 0) this.registerDisallowed(pkg);
    }
  }

  get(id: number): PackageState {
    return this.packages[id]!;
  }

  idOf(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /** The extras of project `id` met so far. */
  extrasOf(id: number): readonly number[] {
    return this.extrasByBase.get(id) ?? NONE;
  }

  sizeOf(id: number): number {
    return this.packages[id]!.size;
  }

  addPackage(fields: Omit<SolverPackage, 'id'>): PackageState {
    const id = this.packages.length;
    const size = fields.kind === 'root' ? 1 : fields.versionTexts.length;
    // Field by field, not a spread: spreading `fields` (shaped differently at each call site)
    // allocated ~7 kB a package in unoptimised code, as every CLI start runs it (400 kB on pyrax-198).
    const state: PackageState = {
      id,
      kind: fields.kind,
      key: fields.key,
      project: fields.project,
      extra: fields.extra,
      name: fields.name,
      versions: fields.versions,
      versionTexts: fields.versionTexts,
      base: fields.base,
      notFound: fields.notFound,
      quarantined: fields.quarantined,
      size,
      candidates: fields.candidates,
      discovered: id,
      direct: -1,
      conflicts: 0,
      dependencies: [],
      dependencyTexts: [],
      linesByProject: [],
      registered: new Map(),
      specifierSets: fields.kind === 'extra' ? this.packages[fields.base]!.specifierSets : specifierSetsFor(fields.candidates),
    };
    this.packages.push(state);
    if (fields.kind === 'extra') {
      this.extras.push(id);
      const ofBase = this.extrasByBase.get(fields.base);
      if (ofBase) ofBase.push(id);
      else this.extrasByBase.set(fields.base, [id]);
    }
    this.byKey.set(fields.key, id);
    return state;
  }

  warn(warning: DataWarning): void {
    const key = `${warning.kind}|${warning.message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
  }

  /** Loads the projects named by `keys` that are not known yet, concurrently. */
  async loadProjects(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.byKey.has(key));
    if (missing.length === 0) return;
    const answers = missing.map((key) => this.provider.getProject(key));
    const results = answers.some((a) => a instanceof Promise) ? await Promise.all(answers) : (answers as (ProjectCandidates | null)[]);
    missing.forEach((key, i) => {
      if (!this.byKey.has(key)) this.registerProject(key, results[i] ?? null);
    });
  }

  private registerProject(key: string, project: ProjectCandidates | null): void {
    if (!project) {
      this.addPackage({ kind: 'project', key, project: key, extra: null, name: key, versions: [], versionTexts: [], base: -1, notFound: true, candidates: [] });
      return;
    }
    for (const warning of project.warnings) this.warn(warning);
    // Indexed loops here and in the register* methods: every release of every project the run
    // meets passes through them, in code that runs cold on each CLI start, where a callback per
    // release costs more than the check it makes.
    const candidates = project.candidates;
    // Pushed, not written into `new Array(n)`: that array stays "holey" in V8, slower to read.
    const versions: Version[] = [];
    const versionTexts: string[] = [];
    for (let i = 0; i < candidates.length; i++) {
      versions.push(candidates[i]!.version);
      versionTexts.push(candidates[i]!.version.text);
    }
    const state = this.addPackage({
      kind: 'project',
      key,
      project: key,
      extra: null,
      name: project.name,
      versions,
      versionTexts,
      base: -1,
      notFound: false,
      candidates: project.candidates,
      ...(project.status === 'quarantined' ? { quarantined: { reason: project.statusReason } } : {}),
    });
    this.registerUnavailable(state);
    this.registerTrust(state, project);
    this.registerConstraints(state);
    this.registerRequiresPython(state);
  }

  /** PEP 792 quarantine and releases blocked for their advisories (see core/trust). */
  private registerTrust(pkg: PackageState, project: ProjectCandidates): void {
    if (project.status === 'archived' || project.status === 'deprecated') {
      const what = project.status === 'archived' ? 'is archived by its maintainers: it will get no more updates' : 'is deprecated by its maintainers';
      this.warn({ kind: 'project-status', project: project.name, message: `${project.name} ${what}${project.statusReason ? ` ("${project.statusReason}")` : ''}` });
    }
    if (pkg.size === 0) return;
    if (project.status === 'quarantined') {
      this.addIncompatibility(unavailableIncompatibility(pkg.id, fullSet(pkg.size), { kind: 'quarantined', reason: project.statusReason }));
      return;
    }
    const indices: number[] = [];
    const advisories: Record<string, string[]> = {};
    const fixed: Record<string, readonly string[]> = {};
    const candidates = pkg.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (!c.blockedBy?.length) continue;
      indices.push(i);
      advisories[c.version.text] = c.blockedBy.map((b) => b.id);
      for (const b of c.blockedBy) fixed[b.id] = b.fixed;
    }
    if (indices.length) this.addIncompatibility(unavailableIncompatibility(pkg.id, setFromIndices(pkg.size, indices), { kind: 'advisory', advisories, fixed }));
  }

  /** Each constraint on the project forbids the versions it leaves out (and never requires the project). */
  private registerConstraints(pkg: PackageState): void {
    for (const constraint of this.request.constraints) {
      const requirement = constraint.requirement;
      if (requirement.key !== pkg.key) continue;
      if (requirement.marker && !evaluateMarker(requirement.marker, this.request.markers, [])) continue;
      const allowed = this.specifierSet(pkg, requirement.specifier);
      const excluded = complement(allowed, pkg.size);
      if (isEmpty(excluded)) continue;
      this.addIncompatibility(
        unavailableIncompatibility(pkg.id, excluded, { kind: 'constraint', requirement: requirement.text, source: constraint.source }),
      );
    }
  }

  packageForExtra(baseId: number, extra: string): number {
    const base = this.packages[baseId]!;
    const key = `${base.key}[${extra}]`;
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    return this.addPackage({
      kind: 'extra',
      key,
      project: base.key,
      extra,
      name: `${base.name}[${extra}]`,
      versions: base.versions,
      versionTexts: base.versionTexts,
      base: baseId,
      notFound: base.notFound,
      candidates: base.candidates,
    }).id;
  }

  /** Versions that can't be used at all: yanked, pre-releases, no distribution, too new. */
  private registerUnavailable(pkg: PackageState): void {
    this.registerDisallowed(pkg);
    this.registerUndistributable(pkg);
  }

  /** Pre-releases and yanked releases that the policy's allowances leave out: all that changes from one pip-policy round to the next. */
  private registerDisallowed(pkg: PackageState): void {
    const { request, allowances } = this;
    const candidates = pkg.candidates;
    const size = pkg.size;

    if (!prereleasesAllowed(pkg.key, pkg.versions, allowances, request.policy, request.prereleases)) {
      const pre = setFromPredicate(size, (i) => isPrerelease(candidates[i]!.version));
      if (!isEmpty(pre)) this.addIncompatibility(unavailableIncompatibility(pkg.id, pre, { kind: 'prerelease' }));
    }

    const reasons: Record<string, string> = {};
    const yanked: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (c.yanked === false || yankedAllowed(pkg.key, c.version, allowances, candidates)) continue;
      yanked.push(i);
      reasons[c.version.text] = c.yanked;
    }
    if (yanked.length > 0) {
      this.addIncompatibility(unavailableIncompatibility(pkg.id, setFromIndices(size, yanked), { kind: 'yanked', reasons }));
    }

  }

  /** No distribution for the target, and uploaded after the cut-off date. */
  private registerUndistributable(pkg: PackageState): void {
    const { request } = this;
    const candidates = pkg.candidates;
    const size = pkg.size;
    const byDetail = new Map<string, number[]>();
    const noBinary = this.noBinaryAll || request.noBinary.includes(pkg.key);
    const noBuild = this.noBuildAll || request.noBuild.includes(pkg.key);
    for (let i = 0; i < candidates.length; i++) {
      const detail = this.distributionProblem(candidates[i]!, noBinary, noBuild);
      if (detail === null) continue;
      const list = byDetail.get(detail);
      if (list) list.push(i);
      else byDetail.set(detail, [i]);
    }
    for (const [detail, indices] of byDetail) {
      // The wheels' distinct tag sets, in the order first met, only where they say why.
      const tags = detail.startsWith('no wheel for') ? distinctWheelTags(candidates, indices) : [];
      const mismatch = tags.length > 0 ? this.tagMismatch(tags) : null;
      this.addIncompatibility(
        unavailableIncompatibility(pkg.id, setFromIndices(size, indices), {
          kind: 'noDistribution',
          detail,
          mismatch,
          platforms: mismatch === 'platform' ? platformsOf(tags) : [],
          wheels: mismatch && mismatch !== 'platform' ? tags.slice(0, 6) : [],
        }),
      );
    }

    const cutoff = request.excludeNewer;
    if (cutoff) {
      const tooNew = setFromPredicate(size, (i) => uploadedAfter(candidates[i]!.uploadTime, cutoff));
      if (!isEmpty(tooNew)) this.addIncompatibility(unavailableIncompatibility(pkg.id, tooNew, { kind: 'tooNew', cutoff }));
    }
  }

  /** Why no distribution of `candidate` can be installed on the target, or null when one can. */
  private distributionProblem(candidate: Candidate, noBinary: boolean, noBuild: boolean): string | null {
    const wheelTags = candidate.wheelTags;
    let wheelOk = wheelTags === null || this.request.relaxPlatform;
    for (let t = 0; !wheelOk && t < wheelTags!.length; t++) wheelOk = this.tagsFit(wheelTags![t]!);
    const hasWheel = wheelTags === null || wheelTags.length > 0;
    if (wheelOk && hasWheel && !noBinary) return null;
    if (candidate.sdist && !noBuild) return null;
    // Phrased to follow "has": "a 1.0 has no wheel for ... and no source distribution".
    const wheels = !hasWheel
      ? 'no wheels'
      : !wheelOk
        ? `no wheel for ${describeTarget(this.request.target)}`
        : 'only wheels, which --no-binary rules out,';
    const source = candidate.sdist ? 'a source distribution that --no-build rules out' : 'no source distribution';
    return `${wheels} and ${source}`;
  }

  /** Whether one compressed tag set (`py3-none-any`) fits the target; the same few sets recur across thousands of wheels. */
  private tagsFit(tags: string): boolean {
    let fits = this.fittingTags.get(tags);
    if (fits === undefined) {
      fits = isAnyTagCompatible([tags], this.request.target);
      this.fittingTags.set(tags, fits);
    }
    return fits;
  }

  /**
   * `tagCompatibility(tags)`'s reason when no tag fits (null when one does), from each distinct
   * tag set's own verdict (`tags` are distinct), remembered: the closest mismatch of a list is the
   * closest of its members.
   */
  private tagMismatch(tags: readonly string[]): TagMismatch | null {
    let closest: TagMismatch | null = null;
    for (const tags1 of tags) {
      let fit = this.tagVerdicts.get(tags1);
      if (fit === undefined) {
        fit = tagCompatibility([tags1], this.request.target);
        this.tagVerdicts.set(tags1, fit);
      }
      if (fit.kind === 'compatible') return null;
      if (closest === null || MISMATCH_ORDER.indexOf(fit.reason) > MISMATCH_ORDER.indexOf(closest)) closest = fit.reason;
    }
    return closest;
  }

  /** The Python versions a Requires-Python text allows (the python package's universe), or the parse error; one parse per text. */
  private pythonsAllowed(text: string): VersionSet | Error {
    let allowed = this.requiresPythonSets.get(text);
    if (allowed === undefined) {
      const python = this.packages[PYTHON]!;
      try {
        // The known Pythons are sorted: ranges by binary search (specifier-sets.ts), pre-releases included.
        allowed = versionsAllowed(python.versions, parseSpecifierSet(text), this.compiledSpecifiers);
      } catch (error) {
        allowed = error as Error;
      }
      this.requiresPythonSets.set(text, allowed);
    }
    return allowed;
  }

  private registerRequiresPython(pkg: PackageState): void {
    const groups = new Map<string, number[]>();
    const candidates = pkg.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const text = candidates[i]!.requiresPython;
      if (!text) continue;
      const list = groups.get(text);
      if (list) list.push(i);
      else groups.set(text, [i]);
    }
    const python = this.packages[PYTHON]!;
    for (const [text, indices] of groups) {
      let allowed = this.pythonsAllowed(text);
      if (allowed instanceof Error) {
        this.warn({
          kind: 'invalid-requires-python',
          project: pkg.name,
          message: `${pkg.name}: ignored the invalid Requires-Python ${JSON.stringify(text)} of ${indices.map((i) => pkg.versionTexts[i]).join(', ')} (${allowed.message})`,
        });
        continue;
      }
      if (this.request.policy === 'uv') {
        // uv ignores upper bounds: every Python from the lowest allowed one up.
        const lowestAllowed = lowest(allowed);
        allowed = lowestAllowed < 0 ? allowed : setFromPredicate(python.size, (i) => i >= lowestAllowed);
      }
      if (this.request.relaxPython ? isFull(allowed, python.size) : has(allowed, this.pythonTarget)) continue;
      this.addIncompatibility(
        requiresPythonIncompatibility(pkg.id, setFromIndices(pkg.size, indices), PYTHON, allowed, python.size, text),
      );
    }
  }

  specifierSet(pkg: PackageState, specifier: SpecifierSet): VersionSet {
    let key = this.specifierKeys.get(specifier);
    if (key === undefined) this.specifierKeys.set(specifier, (key = formatSpecifierSet(specifier)));
    let set = pkg.specifierSets.get(key);
    if (!set) {
      // Kept across runs (specifierSetsFor): apart from the run's sets (version-set.ts, Blocks).
      set = lastingCopy(versionsAllowed(pkg.versions, specifier, this.compiledSpecifiers));
      pkg.specifierSets.set(key, set);
    }
    return set;
  }
}

/**
 * Specifier -> version set, per project, kept across resolves: the provider hands out the same
 * candidate list each time, and the suggestion search resolves the same index many times.
 */
const sharedSpecifierSets = new WeakMap<readonly Candidate[], Map<string, VersionSet>>();

function specifierSetsFor(candidates: readonly Candidate[]): Map<string, VersionSet> {
  if (candidates.length === 0) return new Map();
  let sets = sharedSpecifierSets.get(candidates);
  if (!sets) {
    sets = new Map();
    sharedSpecifierSets.set(candidates, sets);
  }
  return sets;
}

/** The target's entry in the Python version list ("3.12" is "3.12.0"). */
function normalizePythonText(python: string, known: readonly string[]): string {
  const parts = python.split('.');
  while (parts.length < 3) parts.push('0');
  const full = parts.slice(0, 3).join('.');
  return known.includes(full) ? full : python;
}

/**
 * The distinct compressed tag sets of the wheels of `indices`, in the order first met. A project
 * whose old releases have no wheel for the target lists the same few sets over hundreds of
 * releases: flattening them all first was half of registerUndistributable's own time on a cold run.
 */
function distinctWheelTags(candidates: readonly Candidate[], indices: readonly number[]): string[] {
  const seen = new Set<string>();
  for (let k = 0; k < indices.length; k++) {
    const tags = candidates[indices[k]!]!.wheelTags;
    if (tags === null) continue;
    for (let t = 0; t < tags.length; t++) seen.add(tags[t]!);
  }
  return [...seen];
}
