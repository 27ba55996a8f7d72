/**
 * pip 23.2.1, `pip/_internal/index/package_finder.py`: which files of a project count
 * (`LinkEvaluator.evaluate_link`: formats, wheel tags, Requires-Python), which of them a
 * specifier lets through (`CandidateEvaluator.get_applicable_candidates`, packaging 21.3's
 * pre-release rule), their order (`_sort_key`: not yanked, version, wheel tag priority),
 * and the Requires-Python mismatches it remembers for "Ignored the following versions".
 *
 * The index is Pipette's: a version's files are its wheels (one per compressed tag in
 * `wheel_tags`, one `py3-none-any` wheel when unknown) and its sdist, named and linked as
 * a PEP 503 index serving the snapshot would name them (../shared/peers/pip_resolve.py).
 */
import { compareVersions, containsVersion, parseSpecifierSet, type SpecifierSet, type Version } from '../../pep440/index.ts';
import { bestTagPriority, compatibleTags, type TargetEnvironment } from '../../environment/index.ts';
import type { Yanked } from '../../index/model.ts';
import type { Candidate, DependencyProvider, ProjectCandidates } from '../../solver/provider.ts';
import { filterVersions } from './packaging.ts';
import { uploadedAfter } from '../../index/upload-time.ts';
import { redactLogins } from '../../redact-logins.ts';

export interface Link {
  readonly project: ProjectCandidates;
  /** Index of the version in `project.candidates`. */
  readonly index: number;
  readonly candidate: Candidate;
  readonly filename: string;
  readonly isWheel: boolean;
  /** The compressed tag of a wheel, as in its file name. */
  readonly tag: string | null;
  readonly yanked: Yanked;
  readonly requiresPython: string | null;
}

/** `InstallationCandidate`: a link and the version it provides. */
export interface InstallationCandidate {
  readonly link: Link;
  readonly version: Version;
  /** `_sort_key` without the hash part: [yank value, version, tag priority]. */
  readonly pri: number;
}

export interface FinderOptions {
  readonly target: TargetEnvironment;
  /** The Python version pip compares Requires-Python with (its interpreter's, X.Y.Z). */
  readonly pythonVersion: Version;
  readonly allowAllPrereleases: boolean;
  /** Projects (normalised) or ':all:' that may not use wheels / sdists. */
  readonly noBinary: readonly string[];
  readonly onlyBinary: readonly string[];
  readonly excludeNewer: string | null;
  readonly indexUrl: string;
}

/** The file name a wheel of this release has on the index (`{dist}-{version}-{tag}.whl`). */
export function distName(name: string): string {
  return name.replace(/[-.]+/g, '_');
}

export class PackageFinder {
  private readonly allCandidates = new Map<string, InstallationCandidate[]>();
  /** `find_best_candidate` is an lru_cache upstream: one answer per project and specifier. */
  private readonly applicable = new Map<string, InstallationCandidate[]>();
  /** `_logged_links` entries of Requires-Python mismatches (their reasons). */
  private readonly requiresPythonSkipped = new Set<string>();
  private readonly supportNum: number;

  constructor(
    private readonly provider: DependencyProvider,
    readonly options: FinderOptions,
  ) {
    this.supportNum = compatibleTags(options.target).length;
  }

  async project(key: string): Promise<ProjectCandidates | null> {
    return (await this.provider.getProject(key)) ?? null;
  }

  /** `FormatControl.get_allowed_formats`. */
  private formats(key: string): { binary: boolean; source: boolean } {
    const { noBinary, onlyBinary } = this.options;
    if (onlyBinary.includes(key)) return { binary: true, source: false };
    if (noBinary.includes(key)) return { binary: false, source: true };
    if (onlyBinary.includes(':all:')) return { binary: true, source: false };
    if (noBinary.includes(':all:')) return { binary: false, source: true };
    return { binary: true, source: true };
  }

  /** `find_all_candidates`: every file of the project that this target may use. */
  async findAllCandidates(key: string): Promise<InstallationCandidate[]> {
    const cached = this.allCandidates.get(key);
    if (cached) return cached;
    const project = await this.project(key);
    const found: InstallationCandidate[] = [];
    if (project) {
      const formats = this.formats(key);
      const dist = distName(project.name);
      project.candidates.forEach((candidate, index) => {
        if (this.options.excludeNewer && uploadedAfter(candidate.uploadTime, this.options.excludeNewer)) return;
        const versionText = candidate.version.text;
        const base = { project, index, candidate, yanked: candidate.yanked, requiresPython: candidate.requiresPython };
        const links: Link[] = [];
        for (const tag of candidate.wheelTags ?? ['py3-none-any']) {
          links.push({ ...base, filename: `${dist}-${versionText}-${tag}.whl`, isWheel: true, tag });
        }
        if (candidate.sdist && candidate.wheelTags !== null) links.push({ ...base, filename: `${dist}-${versionText}.tar.gz`, isWheel: false, tag: null });
        for (const link of links) {
          const pri = this.evaluate(link, formats);
          if (pri !== null) found.push({ link, version: candidate.version, pri });
        }
      });
    }
    this.allCandidates.set(key, found);
    return found;
  }

  /** `LinkEvaluator.evaluate_link`: the link's tag priority, or null when it is skipped. */
  private evaluate(link: Link, formats: { binary: boolean; source: boolean }): number | null {
    let pri = -this.supportNum;
    if (link.isWheel) {
      if (!formats.binary) return null;
      const priority = bestTagPriority([link.tag!], this.options.target);
      if (priority === null) return null;
      pri = -priority;
    } else if (!formats.source) return null;
    if (link.requiresPython && !this.requiresPythonHolds(link.requiresPython)) {
      this.requiresPythonSkipped.add(`${link.candidate.version.text} Requires-Python ${link.requiresPython}`);
      return null;
    }
    return pri;
  }

  private requiresPythonHolds(text: string): boolean {
    let set: SpecifierSet;
    try {
      set = parseSpecifierSet(text);
    } catch {
      // pip: "Ignoring invalid Requires-Python", and the link is kept.
      return true;
    }
    return containsVersion(set, this.options.pythonVersion, { prereleases: true });
  }

  /**
   * `find_best_candidate(...).iter_applicable()`: the candidates the specifier lets through,
   * sorted by `_sort_key`, ascending (pip reverses this list to try the best first).
   */
  async applicableCandidates(key: string, specifier: SpecifierSet): Promise<readonly InstallationCandidate[]> {
    const cacheKey = `${key} ${specifier.specifiers.map((s) => `${s.operator}${s.version}${s.wildcard ? '.*' : ''}`).sort().join(',')}`;
    const cached = this.applicable.get(cacheKey);
    if (cached) return cached;
    const all = await this.findAllCandidates(key);
    const allowed = filterVersions(specifier, all, (c) => c.version, this.options.allowAllPrereleases ? true : null);
    const sorted = [...allowed].sort(sortKeyOrder);
    this.applicable.set(cacheKey, sorted);
    return sorted;
  }

  /** `requires_python_skipped_reasons()`: every Requires-Python mismatch met in this run, sorted. */
  requiresPythonSkippedReasons(): string[] {
    return [...this.requiresPythonSkipped].sort();
  }

  /**
   * The file's URL as pip prints a link: the one the index gave for it (from a live index, the
   * index that listed it), without its login's secret (`redact_auth_from_url`) or hash fragment;
   * for a snapshot, where a PEP 503 index serving it would put it, each path part quoted as
   * `urllib.parse.quote` does (`+` as `%2B`).
   */
  linkUrl(link: Link): string {
    const given = this.provider.indexFile?.(link.project.key, link.index, link.isWheel ? link.tag : null)?.url;
    if (given !== undefined) return redactLogins(given.split('#')[0]!);
    return `${this.options.indexUrl}${quote(link.project.key)}/${quote(link.filename)}`;
  }
}

/**
 * What pip's "Downloading …" names for a URL (`_prepare_download`, pip/_internal/network/download.py):
 * the file name alone for PyPI's file host, files.pythonhosted.org, else the whole URL.
 */
export function downloadedUrl(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority !== PYPI_FILE_HOST) return url;
  const path = url.split(/[?#]/)[0]!;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `PyPI.file_storage_domain`, which pip compares with a link's whole netloc. */
const PYPI_FILE_HOST = 'files.pythonhosted.org';

/** Python's `urllib.parse.quote(part)`: letters, digits and `_.-~` stay, everything else is %-escaped. */
function quote(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sortKeyOrder(a: InstallationCandidate, b: InstallationCandidate): number {
  const yankA = a.link.yanked === false ? 0 : -1;
  const yankB = b.link.yanked === false ? 0 : -1;
  if (yankA !== yankB) return yankA - yankB;
  const byVersion = compareVersions(a.version, b.version);
  if (byVersion !== 0) return byVersion;
  return a.pri - b.pri;
}
