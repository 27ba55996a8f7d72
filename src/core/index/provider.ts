/**
 * The dependency provider over an in-memory index (a snapshot, a packse scenario, the
 * bundled scenarios). Everything is at hand, so every answer is synchronous; parsing is
 * lazy and cached per release, shared by every resolve over the same index.
 */
import { normalizeExtra, normalizeName, parseRequirement, type Requirement } from '../pep508/index.ts';
import type { DataWarning, PackageIndex, Release } from './model.ts';
import { closeNames } from './similar.ts';
import { lazyWarningsOf, projectNames } from './lazy-projects.ts';
import { releaseVersions } from './snapshot-project.ts';
import type { Version } from '../pep440/index.ts';
import type { Candidate, CandidateMetadata, DependencyProvider, ProjectCandidates } from '../solver/provider.ts';

const metadataCache = new WeakMap<Release, CandidateMetadata>();

/**
 * Parses a release's Requires-Dist and Provides-Extra, skipping invalid entries with a warning.
 * `parsed` may hold lines parsed before (releases of a project repeat most of their lines).
 */
export function releaseMetadata(projectName: string, release: Release, parsed?: Map<string, Requirement>): CandidateMetadata {
  const cached = metadataCache.get(release);
  if (cached) return cached;
  const requirements: Requirement[] = [];
  const warnings: DataWarning[] = [];
  const lines = release.requiresDist;
  // Indexed: this runs unoptimised on every CLI start, where an iterator allocates per line.
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    try {
      let requirement = parsed?.get(text);
      if (!requirement) {
        requirement = parseRequirement(text);
        parsed?.set(text, requirement);
      }
      requirements.push(requirement);
    } catch (error) {
      warnings.push({
        kind: 'invalid-requirement',
        project: projectName,
        version: release.version,
        message: `${projectName} ${release.version}: skipped the invalid requirement ${JSON.stringify(text)}: ${(error as Error).message}`,
      });
    }
  }
  const metadata: CandidateMetadata = {
    requirements,
    providesExtra: [...new Set(release.providesExtra.map(normalizeExtra))],
    warnings,
  };
  metadataCache.set(release, metadata);
  return metadata;
}

const candidatesCache = new WeakMap<PackageIndex, Map<string, ProjectCandidates | null>>();
/** Requirement lines parsed, per index: a line is parsed once however many releases list it. */
const requirementsCache = new WeakMap<PackageIndex, Map<string, Requirement>>();

export class IndexProvider implements DependencyProvider {
  private readonly projects: Map<string, ProjectCandidates | null>;
  private readonly loadWarnings = new Map<string, DataWarning[]>();
  private readonly parsedRequirements: Map<string, Requirement>;

  /** `warnings` from loading the index are handed on with the projects they concern, when a resolve meets them. */
  constructor(
    readonly index: PackageIndex,
    warnings: readonly DataWarning[] = [],
  ) {
    for (const warning of warnings) {
      if (!warning.project) continue;
      const key = normalizeName(warning.project);
      this.loadWarnings.set(key, [...(this.loadWarnings.get(key) ?? []), warning]);
    }
    let cache = candidatesCache.get(index);
    if (!cache) {
      cache = new Map();
      candidatesCache.set(index, cache);
    }
    this.projects = cache;
    let parsed = requirementsCache.get(index);
    if (!parsed) {
      parsed = new Map();
      requirementsCache.set(index, parsed);
    }
    this.parsedRequirements = parsed;
  }

  getProject(key: string): ProjectCandidates | null {
    if (this.projects.has(key) && !this.loadWarnings.has(key)) return this.projects.get(key)!;
    const project = this.index.projects.get(key);
    const lazyWarnings = lazyWarningsOf(this.index.projects, key);
    const loadWarnings = this.loadWarnings.get(key) ?? [];
    const versions = project ? releaseVersions(project) : [];
    const candidates: ProjectCandidates | null = project
      ? {
          key,
          name: project.name,
          status: project.status,
          statusReason: project.statusReason,
          warnings: lazyWarnings.length ? [...loadWarnings, ...lazyWarnings] : loadWarnings,
          candidates: candidatesOf(project.releases, versions),
        }
      : null;
    this.projects.set(key, candidates);
    return candidates;
  }

  getMetadata(key: string, index: number): CandidateMetadata {
    const project = this.index.projects.get(key);
    const release = project?.releases[index];
    if (!project || !release) throw new Error(`internal error: ${key} has no version #${index}`);
    return releaseMetadata(project.name, release, this.parsedRequirements);
  }

  peekMetadata(key: string, index: number): CandidateMetadata {
    return this.getMetadata(key, index);
  }

  peekRequiresDist(key: string, index: number): readonly string[] | undefined {
    return this.index.projects.get(key)?.releases[index]?.requiresDist;
  }

  parseRequirementLine(text: string): Requirement | null {
    let requirement = this.parsedRequirements.get(text);
    if (!requirement) {
      try {
        requirement = parseRequirement(text);
      } catch {
        return null;
      }
      this.parsedRequirements.set(text, requirement);
    }
    return requirement;
  }

  similarNames(key: string): string[] {
    return closeNames(key, projectNames(this.index.projects));
  }
}

/**
 * A project's releases as candidates. Loaders keep releases sorted, valid and unique, and the
 * versions were parsed while loading. An indexed loop: this runs cold on every CLI start, once
 * per release of every project a resolve meets.
 */
function candidatesOf(releases: readonly Release[], versions: readonly Version[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (let i = 0; i < releases.length; i++) {
    const r = releases[i]!;
    candidates.push({ version: versions[i]!, yanked: r.yanked, requiresPython: r.requiresPython, sdist: r.sdist, wheelTags: r.wheelTags, uploadTime: r.uploadTime });
  }
  return candidates;
}
