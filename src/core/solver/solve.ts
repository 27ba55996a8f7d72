/**
 * Version solving: https://github.com/dart-lang/pub/blob/master/doc/solver.md
 * (unit propagation, conflict resolution, decision making), with pip's semantics:
 * highest version first, direct requirements first, extras as virtual packages,
 * Requires-Python as a dependency on a virtual `python` package, and versions that can't be
 * used (yanked, pre-release, no distribution for the target) as incompatibilities of their
 * own, so that every reason for a failure appears in the derivation tree.
 *
 * One call of `solveOnce` is one PubGrub run with fixed policy allowances; resolve.ts
 * repeats it under the `pip` policy (see policy.ts).
 */
import { containsVersion, formatSpecifierSet, isPrerelease, parseSpecifierSet, parseVersion, type Version, type SpecifierSet } from '../pep440/index.ts';
import { evaluateMarker, type MarkerEnvironment, type Requirement } from '../pep508/index.ts';
import { describeTarget, isAnyTagCompatible, platformsOf, pythonVersionsWith, tagCompatibility, type TargetEnvironment } from '../environment/index.ts';
import type { DataWarning } from '../index/model.ts';
import type { Constraint } from '../requirements/constraints.ts';
import {
  dependencyIncompatibility,
  derivedIncompatibility,
  requiresPythonIncompatibility,
  rootIncompatibility,
  targetPythonIncompatibility,
  unavailableIncompatibility,
  type Incompatibility,
  type Unavailable,
} from './incompatibility.ts';
import { PartialSolution, type Assignment } from './partial-solution.ts';
import { prereleasesAllowed, yankedAllowed, type Allowances, type Policy } from './policy.ts';
import { MetadataUnavailableError, type Candidate, type CandidateMetadata, type DependencyProvider, type ProjectCandidates } from './provider.ts';
import { SolveTimeLimit } from './time-limit.ts';
import { contradicts, intersectTerms, negate, satisfies, type Term } from './term.ts';
import {
  countSet,
  difference,
  emptySet,
  complement,
  fullSet,
  has,
  highest,
  isEmpty,
  setFromIndices,
  setFromPredicate,
  singletonSet,
  union,
  type VersionSet,
} from './version-set.ts';

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

export interface SolveRequest {
  readonly requirements: readonly Requirement[];
  readonly target: TargetEnvironment;
  readonly markers: MarkerEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
  /** Projects (normalised) that must not use wheels; ':all:' for every project. */
  readonly noBinary: readonly string[];
  /** Projects (normalised) that must not be built from source; ':all:' for every project. */
  readonly noBuild: readonly string[];
  /** ISO date: only files uploaded before it count. */
  readonly excludeNewer: string | null;
  /** Python may be any known version (the target's is not pinned). */
  readonly relaxPython: boolean;
  /** Every wheel counts as installable. */
  readonly relaxPlatform: boolean;
  /** pip's constraints: they limit the versions of a project and never add it. */
  readonly constraints: readonly Constraint[];
  /** A version to try first, by project key (an installed version pip would keep). */
  readonly preferred: Readonly<Record<string, string>>;
}


export interface Progress {
  readonly decisions: number;
  readonly conflicts: number;
  readonly backtracks: number;
  readonly packagesSeen: number;
  readonly elapsedMs: number;
  /** Resolve rounds run so far (the pip policy may need more than one). */
  readonly round: number;
}

export interface SolveHooks {
  readonly onProgress?: (progress: Progress) => void;
  /** Checked between steps; when it turns true the resolve stops with ResolveCancelledError. */
  readonly signal?: { readonly aborted: boolean };
  /** Milliseconds between progress reports (default 100). */
  readonly progressIntervalMs?: number;
  /** Clock for elapsed time (default Date.now). */
  readonly now?: () => number;
  /** On the `now` clock: past it the run stops between two decisions with SolveTimeLimit. */
  readonly deadline?: number;
}

export class ResolveCancelledError extends Error {
  constructor() {
    super('The resolve was cancelled.');
    this.name = 'ResolveCancelledError';
  }
}

/** One requirement edge in a solution: `from` (null for the user) requires `to`. */
export interface DependencyEdge {
  readonly from: number | null;
  readonly fromVersion: string | null;
  readonly to: number;
  readonly requirement: string;
}

export interface SolveOutcome {
  readonly packages: readonly SolverPackage[];
  /** Selected version index per package id (root, python and extras included), or null on failure. */
  readonly selection: ReadonlyMap<number, number> | null;
  /** On failure: the incompatibility that proves there is no solution. */
  readonly failure: Incompatibility | null;
  readonly edges: readonly DependencyEdge[];
  /** Every requirement the run met (root and dependencies of versions it looked at), by project. */
  readonly encountered: readonly Requirement[];
  /** Requirements of the selected versions (and the root's). */
  readonly selectedRequirements: readonly Requirement[];
  readonly warnings: readonly DataWarning[];
  readonly stats: Omit<Progress, 'round' | 'elapsedMs'>;
  /** Root requirements dropped because their marker is false for the target. */
  readonly skippedRoot: readonly Requirement[];
}

export const ROOT = 0;
export const PYTHON = 1;

interface Dependency {
  readonly target: number;
  readonly set: VersionSet;
  /** Requirement texts combined into this dependency, as written. */
  readonly texts: readonly string[];
  readonly requirements: readonly Requirement[];
}

interface PackageState extends SolverPackage {
  readonly size: number;
  readonly discovered: number;
  direct: number;
  conflicts: number;
  /** Parsed dependency lists per version index, once known. */
  readonly dependencies: (readonly Dependency[] | undefined)[];
  /** Per version index: requirement texts by target key, for comparing neighbours. */
  readonly dependencyTexts: (ReadonlyMap<string, string> | undefined)[];
  /** Per dependency target: the versions whose dependency on it is already registered. */
  readonly registered: Map<number, VersionSet>;
  /** Specifier (canonical text) to version set, over this package's versions. */
  readonly specifierSets: Map<string, VersionSet>;
}

type Relation = { kind: 'satisfied' } | { kind: 'contradicted' } | { kind: 'inconclusive' } | { kind: 'almost'; term: Term };
const SATISFIED: Relation = { kind: 'satisfied' };
const CONTRADICTED: Relation = { kind: 'contradicted' };
const INCONCLUSIVE: Relation = { kind: 'inconclusive' };

const ROOT_KEY = '<root>';

class Solver {
  readonly packages: PackageState[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly incompatibilities: Incompatibility[][] = [];
  private readonly partial: PartialSolution;
  private readonly warnings: DataWarning[] = [];
  private readonly warned = new Set<string>();
  private readonly encountered: Requirement[] = [];
  /**
   * Packages with an incompatibility of one term (versions that can never be used): propagated
   * again after each backjump, so that what they rule out stays ruled out at every level and a
   * project nothing can satisfy fails each depender at once instead of by one conflict each.
   */
  private readonly facts = new Set<number>();
  /** The last incompatibility learned from a conflict: what a run stopped by its time limit had proved. */
  private lastLearned: Incompatibility | null = null;
  /** `depender>target` pairs already given a `dependsAtAll` incompatibility. */
  private readonly wholeDependencies = new Set<string>();
  private readonly pythonTarget: number;
  private decisions = 0;
  private conflicts = 0;
  private backtracks = 0;
  private readonly started: number;
  private lastReport: number;
  private readonly now: () => number;
  private readonly noBinaryAll: boolean;
  private readonly noBuildAll: boolean;
  readonly skippedRoot: Requirement[] = [];

  constructor(
    private readonly provider: DependencyProvider,
    private readonly request: SolveRequest,
    private readonly allowances: Allowances,
    private readonly hooks: SolveHooks,
    private readonly round: number,
  ) {
    this.now = hooks.now ?? Date.now;
    this.started = this.now();
    this.lastReport = this.started;
    this.partial = new PartialSolution((pkg) => this.packages[pkg]!.size);
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

  private addPackage(fields: Omit<SolverPackage, 'id'>): PackageState {
    const id = this.packages.length;
    const size = fields.kind === 'root' ? 1 : fields.versionTexts.length;
    const state: PackageState = {
      ...fields,
      id,
      size,
      candidates: fields.candidates,
      discovered: id,
      direct: -1,
      conflicts: 0,
      dependencies: [],
      dependencyTexts: [],
      registered: new Map(),
      specifierSets: fields.kind === 'extra' ? this.packages[fields.base]!.specifierSets : specifierSetsFor(fields.candidates),
    };
    this.packages.push(state);
    this.byKey.set(fields.key, id);
    this.incompatibilities.push([]);
    return state;
  }

  private warn(warning: DataWarning): void {
    const key = `${warning.kind}|${warning.message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
  }

  private addIncompatibility(incompatibility: Incompatibility): void {
    for (const term of incompatibility.terms) this.incompatibilities[term.pkg]!.push(incompatibility);
    const only = incompatibility.terms.length === 1 ? incompatibility.terms[0]! : null;
    if (only && only.pkg !== ROOT) this.facts.add(only.pkg);
  }

  // ---------------------------------------------------------------- packages

  /** Loads the projects named by `keys` that are not known yet, concurrently. */
  private async loadProjects(keys: Iterable<string>): Promise<void> {
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
    const state = this.addPackage({
      kind: 'project',
      key,
      project: key,
      extra: null,
      name: project.name,
      versions: project.candidates.map((c) => c.version),
      versionTexts: project.candidates.map((c) => c.version.text),
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
    pkg.candidates.forEach((c, i) => {
      if (!c.blockedBy?.length) return;
      indices.push(i);
      advisories[c.version.text] = c.blockedBy.map((b) => b.id);
      for (const b of c.blockedBy) fixed[b.id] = b.fixed;
    });
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

  private packageForExtra(baseId: number, extra: string): number {
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
    const { request, allowances } = this;
    const candidates = pkg.candidates;
    const size = pkg.size;

    if (!prereleasesAllowed(pkg.key, pkg.versions, allowances, request.policy, request.prereleases)) {
      const pre = setFromPredicate(size, (i) => isPrerelease(candidates[i]!.version));
      if (!isEmpty(pre)) this.addIncompatibility(unavailableIncompatibility(pkg.id, pre, { kind: 'prerelease' }));
    }

    const reasons: Record<string, string> = {};
    const yanked: number[] = [];
    candidates.forEach((c, i) => {
      if (c.yanked === false || yankedAllowed(pkg.key, c.version, allowances, candidates)) return;
      yanked.push(i);
      reasons[c.version.text] = c.yanked;
    });
    if (yanked.length > 0) {
      this.addIncompatibility(unavailableIncompatibility(pkg.id, setFromIndices(size, yanked), { kind: 'yanked', reasons }));
    }

    const byDetail = new Map<string, number[]>();
    candidates.forEach((c, i) => {
      const detail = this.distributionProblem(pkg.key, c);
      if (detail === null) return;
      const list = byDetail.get(detail) ?? [];
      list.push(i);
      byDetail.set(detail, list);
    });
    for (const [detail, indices] of byDetail) {
      const tags = indices.flatMap((i) => candidates[i]!.wheelTags ?? []);
      const fit = tags.length > 0 && detail.startsWith('no wheel for') ? tagCompatibility(tags, request.target) : null;
      const mismatch = fit && fit.kind === 'incompatible' ? fit.reason : null;
      this.addIncompatibility(
        unavailableIncompatibility(pkg.id, setFromIndices(size, indices), {
          kind: 'noDistribution',
          detail,
          mismatch,
          platforms: mismatch === 'platform' ? platformsOf(tags) : [],
          wheels: mismatch && mismatch !== 'platform' ? [...new Set(tags)].slice(0, 6) : [],
        }),
      );
    }

    const cutoff = request.excludeNewer;
    if (cutoff) {
      const tooNew = setFromPredicate(size, (i) => {
        const uploaded = candidates[i]!.uploadTime;
        return uploaded !== null && uploaded > cutoff;
      });
      if (!isEmpty(tooNew)) this.addIncompatibility(unavailableIncompatibility(pkg.id, tooNew, { kind: 'tooNew', cutoff }));
    }
  }

  /** Why no distribution of `candidate` can be installed on the target, or null when one can. */
  private distributionProblem(project: string, candidate: Candidate): string | null {
    const noBinary = this.noBinaryAll || this.request.noBinary.includes(project);
    const noBuild = this.noBuildAll || this.request.noBuild.includes(project);
    const wheelTags = candidate.wheelTags;
    const wheelOk = wheelTags === null || this.request.relaxPlatform ? true : isAnyTagCompatible(wheelTags, this.request.target);
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

  private registerRequiresPython(pkg: PackageState): void {
    const groups = new Map<string, number[]>();
    pkg.candidates.forEach((c, i) => {
      if (!c.requiresPython) return;
      const list = groups.get(c.requiresPython) ?? [];
      list.push(i);
      groups.set(c.requiresPython, list);
    });
    const python = this.packages[PYTHON]!;
    for (const [text, indices] of groups) {
      let spec: SpecifierSet;
      try {
        spec = parseSpecifierSet(text);
      } catch (error) {
        this.warn({
          kind: 'invalid-requires-python',
          project: pkg.name,
          message: `${pkg.name}: ignored the invalid Requires-Python ${JSON.stringify(text)} of ${indices.map((i) => pkg.versionTexts[i]).join(', ')} (${(error as Error).message})`,
        });
        continue;
      }
      let allowed = setFromPredicate(python.size, (i) => containsVersion(spec, python.versions[i]!, { prereleases: true }));
      if (this.request.policy === 'uv') {
        // uv ignores upper bounds: every Python from the lowest allowed one up.
        const lowestAllowed = firstIndex(allowed);
        allowed = lowestAllowed < 0 ? allowed : setFromPredicate(python.size, (i) => i >= lowestAllowed);
      }
      if (this.request.relaxPython ? isFullFor(allowed, python.size) : has(allowed, this.pythonTarget)) continue;
      this.addIncompatibility(
        requiresPythonIncompatibility(pkg.id, setFromIndices(pkg.size, indices), PYTHON, allowed, python.size, text),
      );
    }
  }

  private specifierSet(pkg: PackageState, specifier: SpecifierSet): VersionSet {
    const key = formatSpecifierSet(specifier);
    let set = pkg.specifierSets.get(key);
    if (!set) {
      set = specifier.specifiers.length === 0 ? fullSet(pkg.size) : setFromPredicate(pkg.size, (i) => containsVersion(specifier, pkg.versions[i]!, { prereleases: true }));
      pkg.specifierSets.set(key, set);
    }
    return set;
  }

  // ------------------------------------------------------------ dependencies

  /** The requirement lines of `pkg` at version `index` that apply to the target. */
  private applicableRequirements(pkg: PackageState, metadata: CandidateMetadata): Requirement[] {
    const markers = this.request.markers;
    const result: Requirement[] = [];
    for (const req of metadata.requirements) {
      if (pkg.kind === 'extra') {
        if (!req.marker) continue;
        if (!evaluateMarker(req.marker, markers, [pkg.extra!]) || evaluateMarker(req.marker, markers, [])) continue;
      } else if (req.marker && !evaluateMarker(req.marker, markers, [])) {
        continue;
      }
      if (req.url) {
        this.warn({ kind: 'unsupported', project: pkg.name, message: `${pkg.name}: ignored the direct reference ${req.text} (a URL can't be resolved against an index)` });
        continue;
      }
      result.push(req);
    }
    return result;
  }

  private extraProvided(metadata: CandidateMetadata, extra: string): boolean {
    if (metadata.providesExtra.includes(extra)) return true;
    // Old metadata lists no Provides-Extra at all; then an extra exists if a marker names it.
    if (metadata.providesExtra.length > 0) return false;
    const markers = this.request.markers;
    return metadata.requirements.some((r) => r.marker !== null && evaluateMarker(r.marker, markers, [extra]) && !evaluateMarker(r.marker, markers, []));
  }

  /** Metadata of the project behind `pkg` at `index`, or undefined when it is not at hand yet. */
  private peekMetadata(pkg: PackageState, index: number): CandidateMetadata | undefined {
    return this.provider.peekMetadata?.(pkg.project, index);
  }

  /** Turns applicable requirements into dependencies, one per target package (loading targets first). */
  private async buildDependencies(pkg: PackageState, index: number, metadata: CandidateMetadata): Promise<readonly Dependency[]> {
    const requirements = this.applicableRequirements(pkg, metadata);
    await this.loadProjects(requirements.map((r) => r.key));
    return this.dependenciesFrom(pkg, index, requirements);
  }

  private dependenciesFrom(pkg: PackageState, index: number, requirements: readonly Requirement[]): Dependency[] {
    const byTarget = new Map<number, { set: VersionSet; texts: string[]; requirements: Requirement[] }>();
    // The user's lines stay apart, so a message can name each one as written.
    const separate: Dependency[] = [];
    const add = (target: number, set: VersionSet, req: Requirement) => {
      const entry = byTarget.get(target);
      if (pkg.kind === 'root') {
        separate.push({ target, set, texts: [req.text], requirements: [req] });
      } else if (entry) {
        entry.set = intersectSets(entry.set, set);
        entry.texts.push(req.text);
        entry.requirements.push(req);
      } else {
        byTarget.set(target, { set, texts: [req.text], requirements: [req] });
      }
    };
    if (pkg.kind === 'extra') {
      // An extra is its base project at the same version, plus the extra's own requirements.
      add(pkg.base, singletonSet(pkg.size, index), selfRequirement(pkg, index));
    }
    for (const req of requirements) {
      const targetId = this.byKey.get(req.key);
      if (targetId === undefined) continue;
      const target = this.packages[targetId]!;
      const set = this.specifierSet(target, req.specifier);
      this.encountered.push(req);
      if (req.key === pkg.project && pkg.kind === 'project' && has(set, index)) {
        // A release that requires itself (with extras or not) is satisfied by itself.
        for (const extra of req.extras) add(this.packageForExtra(targetId, extra), set, req);
        continue;
      }
      add(targetId, set, req);
      for (const extra of req.extras) add(this.packageForExtra(targetId, extra), set, req);
    }
    return [...separate, ...[...byTarget].map(([target, e]) => ({ target, set: e.set, texts: e.texts, requirements: e.requirements }))];
  }

  /**
   * What each version of `pkg` requires of each target, as text ("urllib3" -> "urllib3<1.27,>=1.25.4"),
   * if its metadata is at hand: enough to tell whether neighbours depend alike, without
   * computing any version set.
   */
  private dependencyTexts(pkg: PackageState, index: number): ReadonlyMap<string, string> | undefined {
    const cached = pkg.dependencyTexts[index];
    if (cached) return cached;
    const metadata = this.peekMetadata(pkg, index);
    if (!metadata) return undefined;
    if (pkg.kind === 'extra' && !this.extraProvided(metadata, pkg.extra!)) return undefined;
    const texts = new Map<string, string>();
    const add = (key: string, text: string) => texts.set(key, texts.has(key) ? `${texts.get(key)}\n${text}` : text);
    for (const req of this.applicableRequirements(pkg, metadata)) {
      add(req.key, req.text);
      for (const extra of req.extras) add(`${req.key}[${extra}]`, req.text);
    }
    pkg.dependencyTexts[index] = texts;
    return texts;
  }

  /**
   * Registers the dependency incompatibilities of `pkg` at `index`, each widened to the run of
   * neighbouring versions with the same dependency (so a message can say "every version of
   * foo from 1.0 to 1.4 depends on..."). Returns the newly added ones.
   */
  private registerDependencies(pkg: PackageState, index: number, deps: readonly Dependency[]): Incompatibility[] {
    const added: Incompatibility[] = [];
    for (const dep of deps) {
      const done = pkg.registered.get(dep.target);
      if (pkg.kind !== 'root' && done && has(done, index)) continue;
      // Virtual extras depend on their base at exactly their own version: no widening.
      const widen = pkg.kind === 'project' || (pkg.kind === 'extra' && dep.target !== pkg.base);
      let lo = index;
      let hi = index;
      if (widen) {
        const targetKey = this.packages[dep.target]!.key;
        const ownText = this.dependencyTexts(pkg, index)?.get(targetKey);
        const same = (neighbour: number) => ownText !== undefined && this.dependencyTexts(pkg, neighbour)?.get(targetKey) === ownText;
        while (lo > 0 && !(done && has(done, lo - 1)) && same(lo - 1)) lo--;
        while (hi < pkg.size - 1 && !(done && has(done, hi + 1)) && same(hi + 1)) hi++;
      }
      const range = setFromPredicate(pkg.size, (i) => i >= lo && i <= hi);
      pkg.registered.set(dep.target, done ? union(done, range) : range);
      const target = this.packages[dep.target]!;
      // Several lines on one package hold together: "B==1.0 and B==2.0".
      const text = dep.texts.length === 1 ? dep.texts[0]! : dep.texts.join(' and ');
      const requirement = pkg.kind === 'extra' && dep.target === pkg.base ? null : text;
      // A release that requires another release of its own project: `{a ∈ range, not a ∈ set}`
      // on one package is `{a ∈ range \ set}`; two terms on one package would break propagation.
      const incompatibility =
        dep.target === pkg.id
          ? dependencyIncompatibility(pkg.id, difference(range, dep.set), dep.target, emptySet(target.size), target.size, requirement)
          : dependencyIncompatibility(pkg.id, range, dep.target, dep.set, target.size, requirement);
      this.addIncompatibility(incompatibility);
      added.push(incompatibility);
      const whole = widen && dep.target !== pkg.id ? this.dependsAtAll(pkg, dep.target) : null;
      if (whole) {
        this.addIncompatibility(whole);
        added.push(whole);
      }
    }
    return added;
  }

  /**
   * When nothing of `target` can be used any more, one incompatibility for every version of `pkg`
   * that requires it at all (`{pkg ∈ R, not target}`: each of them needs some version of it), so
   * they fail at once instead of one conflict and one proof step each. Null when that says nothing new.
   */
  private dependsAtAll(pkg: PackageState, target: number): Incompatibility | null {
    const key = `${pkg.id}>${target}`;
    if (this.wholeDependencies.has(key)) return null;
    const size = this.packages[target]!.size;
    const term = this.partial.termOf(target);
    // A term allows no version (`P ∈ ∅`, or `not P ∈ everything`: P not selected).
    const ruledOut = term !== undefined && isEmpty(term.set);
    if (!ruledOut) return null;
    const targetKey = this.packages[target]!.key;
    const versions = setFromPredicate(pkg.size, (i) => this.dependencyTexts(pkg, i)?.has(targetKey) === true);
    if (countSet(versions) < 2) return null;
    this.wholeDependencies.add(key);
    return dependencyIncompatibility(pkg.id, versions, target, fullSet(size), size, this.packages[target]!.name);
  }

  // ------------------------------------------------------------------ solving

  async run(): Promise<SolveOutcome> {
    const python = this.packages[PYTHON]!;
    this.addIncompatibility(rootIncompatibility(ROOT));
    if (!this.request.relaxPython) {
      this.addIncompatibility(targetPythonIncompatibility(ROOT, PYTHON, python.size, this.pythonTarget, python.versionTexts[this.pythonTarget]!));
    }

    const rootRequirements: Requirement[] = [];
    for (const req of this.request.requirements) {
      if (req.marker && !evaluateMarker(req.marker, this.request.markers, [])) {
        this.skippedRoot.push(req);
        continue;
      }
      rootRequirements.push(req);
    }
    await this.loadProjects(rootRequirements.map((r) => r.key));
    rootRequirements.forEach((req, order) => {
      const pkg = this.packages[this.byKey.get(req.key)!]!;
      if (pkg.direct < 0) pkg.direct = order;
    });
    const root = this.packages[ROOT]!;
    const rootDeps = this.dependenciesFrom(root, 0, rootRequirements);
    for (const dep of rootDeps) {
      const target = this.packages[dep.target]!;
      if (target.direct < 0) target.direct = this.packages[target.base]?.direct ?? rootRequirements.length;
    }
    root.dependencies[0] = rootDeps;

    let next: number | null = ROOT;
    try {
      while (next !== null) {
        const failure = this.propagate(next);
        if (failure) return this.outcome(failure);
        next = await this.decide();
      }
    } catch (error) {
      if (error instanceof Failure) return this.outcome(error.incompatibility);
      throw error;
    }
    return this.outcome(null);
  }

  private checkIn(): void {
    if (this.hooks.signal?.aborted) throw new ResolveCancelledError();
    const { onProgress, deadline } = this.hooks;
    if (!onProgress && deadline === undefined) return;
    const now = this.now();
    if (deadline !== undefined && now >= deadline) {
      throw new SolveTimeLimit({ ...this.stats(), elapsedMs: now - this.started, round: this.round }, this.packages, this.lastLearned);
    }
    if (!onProgress) return;
    if (now - this.lastReport < (this.hooks.progressIntervalMs ?? 100)) return;
    this.lastReport = now;
    onProgress({ ...this.stats(), elapsedMs: now - this.started, round: this.round });
  }

  private stats() {
    return { decisions: this.decisions, conflicts: this.conflicts, backtracks: this.backtracks, packagesSeen: this.packages.length - 2 };
  }

  /** Unit propagation from `start`; returns the failure incompatibility when there is no solution. */
  private propagate(start: number): Incompatibility | null {
    const changed = [start];
    const queued = new Set(changed);
    while (changed.length > 0) {
      const pkg = changed.pop()!;
      queued.delete(pkg);
      const list = this.incompatibilities[pkg]!;
      for (let i = list.length - 1; i >= 0; i--) {
        const incompatibility = list[i]!;
        const relation = this.relation(incompatibility);
        if (relation.kind === 'satisfied') {
          const rootCause = this.resolveConflict(incompatibility);
          const again = this.relation(rootCause);
          if (again.kind !== 'almost') throw new Error('internal error: a learned incompatibility is not almost satisfied');
          this.partial.derive(negate(again.term, this.packages[again.term.pkg]!.size), rootCause);
          changed.length = 0;
          queued.clear();
          for (const fact of this.facts) {
            changed.push(fact);
            queued.add(fact);
          }
          if (!queued.has(again.term.pkg)) changed.push(again.term.pkg);
          queued.add(again.term.pkg);
          break;
        }
        if (relation.kind === 'almost') {
          this.partial.derive(negate(relation.term, this.packages[relation.term.pkg]!.size), incompatibility);
          if (!queued.has(relation.term.pkg)) {
            changed.push(relation.term.pkg);
            queued.add(relation.term.pkg);
          }
        }
      }
    }
    return null;
  }

  private relation(incompatibility: Incompatibility): Relation {
    let unsatisfied: Term | null = null;
    for (const term of incompatibility.terms) {
      const assigned = this.partial.termOf(term.pkg);
      if (assigned === undefined) {
        // Nothing known: only `not P ∈ ∅` (anything goes) is satisfied, only `P ∈ ∅` contradicted.
        if (!term.positive && isFullFor(term.set, this.packages[term.pkg]!.size)) continue;
        if (term.positive && isEmpty(term.set)) return CONTRADICTED;
      } else {
        if (satisfies(assigned, term)) continue;
        if (contradicts(assigned, term)) return CONTRADICTED;
      }
      if (unsatisfied !== null) return INCONCLUSIVE;
      unsatisfied = term;
    }
    return unsatisfied === null ? SATISFIED : { kind: 'almost', term: unsatisfied };
  }

  /** Conflict resolution: learns the root cause of a conflict and backjumps. Throws Failure when there is no solution. */
  private resolveConflict(conflict: Incompatibility): Incompatibility {
    this.conflicts++;
    let incompatibility = conflict;
    let learned = false;
    for (;;) {
      if (this.isFailure(incompatibility)) throw new Failure(incompatibility);

      // The satisfier: the earliest assignment after which the incompatibility is satisfied.
      const satisfiers = new Map<number, Assignment>();
      let sat: Assignment | undefined;
      let satTerm: Term | undefined;
      for (const t of incompatibility.terms) {
        const s = this.partial.satisfier(t);
        if (!s) throw new Error('internal error: a satisfied incompatibility has an unsatisfied term');
        satisfiers.set(t.pkg, s);
        if (!sat || s.index > sat.index) {
          sat = s;
          satTerm = t;
        }
      }
      if (!sat || !satTerm) throw new Error('internal error: an empty incompatibility is not a failure');

      // The previous satisfier: the same search with the satisfier's own term counted first.
      const previous = this.partial.satisfier(satTerm, sat.term);
      if (previous) satisfiers.set(satTerm.pkg, previous);
      let latest: Assignment | undefined;
      for (const s of satisfiers.values()) if (!latest || s.index > latest.index) latest = s;
      const previousLevel = Math.max(1, latest!.level);

      if (sat.cause === null || previousLevel < sat.level) {
        if (learned) {
          this.addIncompatibility(incompatibility);
          this.lastLearned = incompatibility;
        }
        this.backtracks++;
        this.partial.backtrack(previousLevel);
        for (const t of incompatibility.terms) this.packages[t.pkg]!.conflicts++;
        return incompatibility;
      }

      // Resolution: combine with the satisfier's cause, dropping the satisfier's package...
      const cause = sat.cause;
      const terms: Term[] = [];
      for (const t of incompatibility.terms) if (t.pkg !== sat.term.pkg) terms.push(t);
      for (const t of cause.terms) if (t.pkg !== sat.term.pkg) terms.push(t);
      // ...and keeping what of it the satisfier did not settle.
      if (!satisfies(sat.term, satTerm)) {
        const size = this.packages[satTerm.pkg]!.size;
        terms.push(negate(intersectTerms(sat.term, negate(satTerm, size)), size));
      }
      incompatibility = derivedIncompatibility(terms, incompatibility, cause);
      learned = true;
    }
  }

  private isFailure(incompatibility: Incompatibility): boolean {
    const terms = incompatibility.terms;
    return terms.length === 0 || (terms.length === 1 && terms[0]!.pkg === ROOT && terms[0]!.positive);
  }

  /** Decision making: picks the next package and version; null when every package is decided. */
  private async decide(): Promise<number | null> {
    this.checkIn();
    const pkgId = this.pickPackage();
    if (pkgId === null) return null;
    const pkg = this.packages[pkgId]!;
    const term = this.partial.termOf(pkgId)!;

    if (pkg.kind === 'root' || pkg.kind === 'python') {
      const index = pkg.kind === 'root' ? 0 : highest(term.set);
      if (pkg.kind === 'root') this.registerDependencies(pkg, 0, pkg.dependencies[0]!);
      this.partial.decide(pkgId, index);
      this.decisions++;
      return pkgId;
    }

    let index = highest(term.set);
    const preferred = this.request.preferred[pkg.project];
    if (preferred !== undefined) {
      const at = pkg.versionTexts.indexOf(preferred);
      if (at >= 0 && has(term.set, at)) index = at;
    }
    if (pkg.kind === 'extra') {
      const baseDecision = this.partial.decisionOf(pkg.base);
      if (baseDecision >= 0 && has(term.set, baseDecision)) index = baseDecision;
    }
    if (index < 0) throw new Error(`internal error: no version left for ${pkg.key}`);

    const deps = await this.dependenciesOf(pkg, index);
    // The version was found unusable (on the project itself): propagate that.
    if (deps === null) return pkg.kind === 'extra' ? pkg.base : pkgId;
    const added = this.registerDependencies(pkg, index, deps);

    // Decide only if no new dependency is already contradicted; otherwise propagation backs off.
    const decision = singletonSet(pkg.size, index);
    const conflicting = added.some((incompatibility) =>
      incompatibility.terms.every((t) => {
        if (t.pkg === pkgId) return satisfies({ pkg: pkgId, set: decision, positive: true }, t);
        const assigned = this.partial.termOf(t.pkg);
        return assigned !== undefined ? satisfies(assigned, t) : !t.positive && isFullFor(t.set, this.packages[t.pkg]!.size);
      }),
    );
    if (!conflicting) {
      this.partial.decide(pkgId, index);
      this.decisions++;
      this.prefetchNext(deps);
    }
    return pkgId;
  }

  /** Dependencies of a version, fetching metadata as needed; null when the version turned out unusable. */
  private async dependenciesOf(pkg: PackageState, index: number): Promise<readonly Dependency[] | null> {
    const known = pkg.dependencies[index];
    if (known) return known;
    let metadata: CandidateMetadata;
    try {
      const answer = this.provider.getMetadata(pkg.project, index);
      metadata = answer instanceof Promise ? await answer : answer;
    } catch (error) {
      if (!(error instanceof MetadataUnavailableError)) throw error;
      this.addIncompatibility(
        unavailableIncompatibility(pkg.kind === 'extra' ? pkg.base : pkg.id, singletonSet(pkg.size, index), { kind: 'metadata', message: error.message }),
      );
      return null;
    }
    for (const warning of metadata.warnings) this.warn(warning);
    if (pkg.kind === 'extra' && !this.extraProvided(metadata, pkg.extra!)) {
      this.warn({
        kind: 'missing-extra',
        project: pkg.name,
        version: pkg.versionTexts[index],
        message: `${this.packages[pkg.base]!.name} ${pkg.versionTexts[index]} does not provide the extra '${pkg.extra}'`,
      });
      const deps: Dependency[] = [{ target: pkg.base, set: singletonSet(pkg.size, index), texts: [selfRequirement(pkg, index).text], requirements: [] }];
      pkg.dependencies[index] = deps;
      return deps;
    }
    const deps = await this.buildDependencies(pkg, index, metadata);
    pkg.dependencies[index] = deps;
    return deps;
  }

  private prefetchNext(deps: readonly Dependency[]): void {
    const prefetch = this.provider.prefetch;
    if (!prefetch) return;
    for (const dep of deps) {
      const target = this.packages[dep.target]!;
      if (target.kind !== 'project' || target.notFound) continue;
      const best = highest(dep.set);
      if (best >= 0) prefetch.call(this.provider, target.project, [best]);
    }
  }

  /**
   * Which undecided package next: Python and extras pinned by their base first, then
   * packages with a single version left, then the user's requirements in the order written,
   * then packages that took part in the most conflicts, then in order of discovery.
   */
  private pickPackage(): number | null {
    let best: number | null = null;
    let bestKey: number[] = [];
    for (const id of this.partial.undecidedPackages()) {
      const pkg = this.packages[id]!;
      const term = this.partial.termOf(id)!;
      let tier: number;
      if (pkg.kind === 'root' || pkg.kind === 'python') tier = 0;
      else if (pkg.kind === 'extra' && this.partial.decisionOf(pkg.base) >= 0) tier = 1;
      else if (singleVersion(term.set)) tier = 2;
      else if (pkg.direct >= 0) tier = 3;
      else tier = 4;
      const key = tier === 3 ? [tier, pkg.direct, 0] : [tier, -pkg.conflicts, pkg.discovered];
      if (best === null || lexLess(key, bestKey)) {
        best = id;
        bestKey = key;
      }
    }
    return best;
  }

  private outcome(failure: Incompatibility | null): SolveOutcome {
    const stats = this.stats();
    if (failure) {
      return {
        packages: this.packages,
        selection: null,
        failure,
        edges: [],
        encountered: this.encountered,
        selectedRequirements: [],
        warnings: this.warnings,
        stats,
        skippedRoot: this.skippedRoot,
      };
    }
    const selection = this.partial.decisions();
    const edges: DependencyEdge[] = [];
    const selectedRequirements: Requirement[] = [];
    for (const [id, index] of selection) {
      const pkg = this.packages[id]!;
      const deps = pkg.dependencies[index];
      if (!deps) continue;
      for (const dep of deps) {
        selectedRequirements.push(...dep.requirements);
        if (!selection.has(dep.target)) continue;
        for (const text of dep.texts) {
          edges.push({ from: id === ROOT ? null : id, fromVersion: id === ROOT ? null : pkg.versionTexts[index]!, to: dep.target, requirement: text });
        }
      }
    }
    return { packages: this.packages, selection, failure: null, edges, encountered: this.encountered, selectedRequirements, warnings: this.warnings, stats, skippedRoot: this.skippedRoot };
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

class Failure extends Error {
  constructor(readonly incompatibility: Incompatibility) {
    super('version solving failed');
  }
}

function intersectSets(a: VersionSet, b: VersionSet): VersionSet {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

function isFullFor(set: VersionSet, size: number): boolean {
  const words = set.length;
  for (let w = 0; w < words; w++) {
    const bits = w === words - 1 && (size & 31) !== 0 ? 2 ** (size & 31) - 1 : 0xffffffff;
    if (set[w] !== bits) return false;
  }
  return true;
}

function singleVersion(set: VersionSet): boolean {
  let seen = false;
  for (let w = 0; w < set.length; w++) {
    const word = set[w]!;
    if (word === 0) continue;
    if (seen || (word & (word - 1)) !== 0) return false;
    seen = true;
  }
  return seen;
}

function firstIndex(set: VersionSet): number {
  for (let w = 0; w < set.length; w++) {
    const word = set[w]!;
    if (word !== 0) return (w << 5) + 31 - Math.clz32(word & -word);
  }
  return -1;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return false;
}

function selfRequirement(pkg: SolverPackage, index: number): Requirement {
  const text = `${pkg.project}==${pkg.versionTexts[index]}`;
  return {
    name: pkg.project,
    key: pkg.project,
    extras: [],
    specifier: { specifiers: [{ operator: '===', version: pkg.versionTexts[index]!, wildcard: false }] },
    marker: null,
    url: null,
    text,
  };
}


/** The target's entry in the Python version list ("3.12" is "3.12.0"). */
function normalizePythonText(python: string, known: readonly string[]): string {
  const parts = python.split('.');
  while (parts.length < 3) parts.push('0');
  const full = parts.slice(0, 3).join('.');
  return known.includes(full) ? full : python;
}

export async function solveOnce(
  provider: DependencyProvider,
  request: SolveRequest,
  allowances: Allowances,
  hooks: SolveHooks = {},
  round = 1,
): Promise<SolveOutcome> {
  return new Solver(provider, request, allowances, hooks, round).run();
}

export { ROOT_KEY };
export type { Unavailable };
