/**
 * One project of an index snapshot, checked and parsed: every field is checked, a broken one
 * gets a `SnapshotError` that says where, invalid versions are skipped with a warning listing
 * them. Shared by the eager loader (snapshot.ts) and the lazy one (lazy-projects.ts), so both
 * say exactly the same things.
 */
import { tryParseVersion, compareVersions, parseVersion, type Version } from '../pep440/index.ts';
import type { DataWarning, Project, ProjectStatus, Release, Yanked } from './model.ts';

/**
 * The file is not a usable snapshot; `path` says where (e.g. `projects.requests.versions`),
 * `file` which file when the error comes later than loading (a lazily read project).
 */
export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly file: string | null = null,
  ) {
    super([file, path, reason].filter(Boolean).join(': '));
    this.name = 'SnapshotError';
  }
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): Json {
  if (!isObject(value)) throw new SnapshotError(path, `expected an object, found ${describe(value)}`);
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Where a field of a release is (`projects.a.versions.1.0.requires_dist`). Made only for an
 * error: a snapshot's releases are read by the thousand, and most have no error to place.
 */
function at(path: string, version: string, field: string): string {
  return `${path}.versions.${version}.${field}`;
}

/** The list itself once checked (not a copy: the parsed JSON is ours, and the model is read-only). */
function stringList(value: unknown, path: string, version: string, field: string): readonly string[] {
  if (value == null) return NONE;
  if (!Array.isArray(value)) throw new SnapshotError(at(path, version, field), `expected a list of strings, found ${describe(value)}`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new SnapshotError(`${at(path, version, field)}[${i}]`, `expected a string, found ${describe(value[i])}`);
  }
  return value as string[];
}

export function optionalString(value: unknown, path: string): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') throw new SnapshotError(path, `expected a string, found ${describe(value)}`);
  return value;
}

/** `optionalString` for a release's field, its place spelled out only when it is wrong. */
function releaseString(value: unknown, path: string, version: string, field: string): string | null {
  if (value == null || typeof value === 'string') return value ?? null;
  return optionalString(value, at(path, version, field));
}

function readYanked(value: unknown, path: string, version: string): Yanked {
  if (value == null || value === false) return false;
  if (value === true) return '';
  if (typeof value === 'string') return value;
  throw new SnapshotError(at(path, version, 'yanked'), `expected true, false or a reason, found ${describe(value)}`);
}

const STATUSES: readonly ProjectStatus[] = ['active', 'archived', 'quarantined', 'deprecated'];

/** Each project's versions, parsed once when it is read and shared with the provider. */
const parsedVersions = new WeakMap<Project, readonly Version[]>();

/** The parsed versions of `project.releases`, in the same order (parsed on first use for projects built elsewhere). */
export function releaseVersions(project: Project): readonly Version[] {
  let versions = parsedVersions.get(project);
  if (!versions) {
    versions = project.releases.map((r) => parseVersion(r.version));
    parsedVersions.set(project, versions);
  }
  return versions;
}

/** Checks and reads one project (`projects.<name>` in the file); `key` is its normalised name. */
export function readProject(name: string, key: string, projectValue: unknown, path: string): { project: Project; warnings: DataWarning[] } {
  const warnings: DataWarning[] = [];
  const project = expectObject(projectValue, path);
  const status = optionalString(project.status, `${path}.status`) ?? 'active';
  if (!STATUSES.includes(status as ProjectStatus)) {
    throw new SnapshotError(`${path}.status`, `expected one of ${STATUSES.join(', ')}, found ${JSON.stringify(status)}`);
  }
  const versionsJson = expectObject(project.versions ?? {}, `${path}.versions`);
  const releases: { release: Release; parsed: Version }[] = [];
  const invalid: string[] = [];
  const versionKeys = Object.keys(versionsJson);
  // Indexed: this runs unoptimised on every CLI start, where an iterator allocates per version.
  for (let k = 0; k < versionKeys.length; k++) {
    const version = versionKeys[k]!;
    const parsed = tryParseVersion(version);
    if (!parsed) {
      invalid.push(version);
      continue;
    }
    const value = versionsJson[version] ?? {};
    const release = isObject(value) ? value : expectObject(value, `${path}.versions.${version}`);
    const wheelTagsValue = release.wheel_tags;
    const wheelTags = wheelTagsValue == null ? null : stringList(wheelTagsValue, path, version, 'wheel_tags');
    const sdistValue = release.sdist;
    if (sdistValue != null && typeof sdistValue !== 'boolean') {
      throw new SnapshotError(at(path, version, 'sdist'), `expected true or false, found ${describe(sdistValue)}`);
    }
    releases.push({
      parsed,
      release: {
        version,
        requiresDist: stringList(release.requires_dist, path, version, 'requires_dist'),
        providesExtra: stringList(release.provides_extra, path, version, 'provides_extra'),
        requiresPython: releaseString(release.requires_python, path, version, 'requires_python') || null,
        yanked: readYanked(release.yanked, path, version),
        uploadTime: releaseString(release.upload_time, path, version, 'upload_time'),
        wheelTags,
        // A release listed only by its wheels has no source distribution.
        sdist: typeof sdistValue === 'boolean' ? sdistValue : wheelTags == null,
      },
    });
  }
  if (invalid.length > 0) {
    warnings.push({
      kind: 'invalid-version',
      project: name,
      versions: invalid,
      message: `${name}: skipped ${invalid.length} version${invalid.length === 1 ? '' : 's'} that ${invalid.length === 1 ? 'is' : 'are'} not valid PEP 440: ${invalid.join(', ')}`,
    });
  }
  releases.sort((a, b) => compareVersions(a.parsed, b.parsed));
  const unique: Release[] = [];
  const versions: Version[] = [];
  for (let i = 0; i < releases.length; i++) {
    if (i > 0 && compareVersions(releases[i - 1]!.parsed, releases[i]!.parsed) === 0) {
      warnings.push({
        kind: 'duplicate-version',
        project: name,
        version: releases[i]!.release.version,
        message: `${name}: version ${releases[i]!.release.version} equals ${releases[i - 1]!.release.version}; kept the first`,
      });
      continue;
    }
    unique.push(releases[i]!.release);
    versions.push(releases[i]!.parsed);
  }
  const read: Project = {
    name,
    key,
    status: status as ProjectStatus,
    statusReason: optionalString(project.status_reason, `${path}.status_reason`),
    releases: unique,
  };
  parsedVersions.set(read, versions);
  return { project: read, warnings };
}

/** The warning for a second spelling of a project already read under another. */
export function sameProjectWarning(name: string, kept: string): DataWarning {
  return { kind: 'invalid-field', project: name, message: `${name}: the same project as ${kept} once normalised; kept ${kept}` };
}
