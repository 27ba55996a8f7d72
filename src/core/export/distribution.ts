/**
 * What the exports say about the files behind a resolved package. Pipette's index knows a
 * release's wheel tags but not its files, so file names are inferred from the tags; a file's
 * URL and hashes are the ones its index gave when the caller knows them (a live index), else
 * the URL is made up and there are no hashes (a snapshot keeps no files, so no hashes either).
 */
import { bestTagPriority, type TargetEnvironment } from '../environment/index.ts';
import { compareVersions, tryParseVersion } from '../pep440/index.ts';
import type { PackageIndex, Release } from '../index/model.ts';
import { withoutLogin } from '../redact-logins.ts';
import { wellFormedHashes, type FileHashes } from '../file-hashes.ts';
import type { IndexFile } from '../solver/provider.ts';

/** What the exports need beside the resolve result. */
export interface ExportContext {
  /** The index the resolve ran against (for Requires-Dist, wheel tags, upload times). */
  readonly index: PackageIndex;
  readonly target: TargetEnvironment;
  /** The PEP 503 index the data came from, when it is a real one (`https://pypi.org/simple`). */
  readonly indexUrl?: string | null;
  /**
   * Where files are served from; a file's URL is `<fileBaseUrl>/<project>/<file name>`.
   * Default: a files.pythonhosted.org address marked as synthetic.
   */
  readonly fileBaseUrl?: string;
  /**
   * The file of the project's release at `version` as the index gave it (URL and hashes): its
   * wheel with the compressed tag `wheelTag`, or its sdist when null; undefined when it is not
   * known, and the file is then named at `fileBaseUrl`. A live index answers from
   * `DependencyProvider.indexFile`: the copy pip's engines name in their Downloading lines.
   * Absent: the index data has no files at all (a snapshot).
   */
  readonly givenFile?: (projectKey: string, version: string, wheelTag: string | null) => IndexFile | undefined;
}

export const SYNTHETIC_FILE_BASE_URL = 'https://files.pythonhosted.org/packages/pipette-synthetic';

export type Distribution =
  | { readonly kind: 'wheel'; readonly filename: string; readonly tag: string }
  | { readonly kind: 'sdist'; readonly filename: string };

/** The release of `project` at `version` (compared as PEP 440 versions), or null. */
export function findRelease(index: PackageIndex, projectKey: string, version: string): Release | null {
  const project = index.projects.get(projectKey);
  if (!project) return null;
  const exact = project.releases.find((r) => r.version === version);
  if (exact) return exact;
  const wanted = tryParseVersion(version);
  if (!wanted) return null;
  return project.releases.find((r) => {
    const parsed = tryParseVersion(r.version);
    return parsed !== null && compareVersions(parsed, wanted) === 0;
  }) ?? null;
}

/** A name as wheel and sdist file names spell it: runs of `-_.` become `_`, lower case. */
export function distributionName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

/**
 * The file an installer would take for the target: the wheel whose tags fit best, else the
 * source distribution; null when neither fits. A release whose wheel tags are unknown is
 * taken to have only a source distribution, since nothing is known of its wheels.
 */
export function chooseDistribution(projectName: string, release: Release, target: TargetEnvironment): Distribution | null {
  const base = `${distributionName(projectName)}-${release.version}`;
  let best: { tag: string; priority: number } | null = null;
  for (const tag of release.wheelTags ?? []) {
    const priority = bestTagPriority([tag], target);
    if (priority !== null && (best === null || priority < best.priority)) best = { tag, priority };
  }
  if (best) return { kind: 'wheel', filename: `${base}-${best.tag}.whl`, tag: best.tag };
  if (release.sdist) return { kind: 'sdist', filename: `${base}.tar.gz` };
  return null;
}

/** Where a file is: where its index put it, else `<fileBaseUrl>/<project>/<file name>`. */
export interface FileLocation {
  readonly url: string;
  /** The file's name: the last part of the URL its index gave, else the inferred one. */
  readonly filename: string;
  /** True when the URL is the one the index gave. */
  readonly given: boolean;
  /** The well-formed hashes the index gave for the file, in its order; empty when none are known. */
  readonly hashes: FileHashes;
}

/**
 * Where the file of `distribution` is. A URL the index gave is written as pip writes it in its
 * report's `download_info.url` (`direct_url_from_link`): without its fragment (the hash) and
 * without a login (`DirectUrl.redacted_url`), so no password reaches an export.
 */
export function locateFile(context: ExportContext, projectKey: string, version: string, distribution: Distribution): FileLocation {
  const wheelTag = distribution.kind === 'wheel' ? distribution.tag : null;
  const given = context.givenFile?.(projectKey, version, wheelTag);
  if (given !== undefined) {
    const url = withoutLogin(given.url.split('#')[0]!);
    // Checked again here: whatever the caller passes, only well-formed hashes reach an export.
    const hashes = wellFormedHashes(given.hashes);
    return { url, filename: lastPathPart(url) ?? distribution.filename, given: true, hashes };
  }
  return { url: fileUrl(context, projectKey, distribution.filename), filename: distribution.filename, given: false, hashes: {} };
}

export function fileUrl(context: ExportContext, projectKey: string, filename: string): string {
  const base = (context.fileBaseUrl ?? SYNTHETIC_FILE_BASE_URL).replace(/\/+$/, '');
  return `${base}/${encodeURIComponent(projectKey)}/${encodeURIComponent(filename)}`;
}

/** The decoded last part of a URL's path (`x%2By.whl` → `x+y.whl`), or null when empty or not decodable. */
function lastPathPart(url: string): string | null {
  const path = url.split('?')[0]!;
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return last === '' ? null : decodeURIComponent(last);
  } catch {
    return null;
  }
}

/** The project key a `RequiredBy.from` names: `requests[socks]` → `requests`. */
export function projectOf(key: string): string {
  const bracket = key.indexOf('[');
  return bracket < 0 ? key : key.slice(0, bracket);
}
