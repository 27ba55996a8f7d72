/**
 * Index snapshots (`"format": "index-snapshot/1"`, ../shared/data/README.md) to and from the
 * index model. Nothing in a snapshot is trusted: every field is checked, a broken file gets an
 * error that says where, and invalid versions are skipped with a warning listing them.
 */
import { readOsvDocument, toOsvRecord } from '../trust/osv.ts';
import { tryParseVersion, compareVersions, type Version } from '../pep440/index.ts';
import { normalizeName } from '../pep508/index.ts';
import type {
  Advisory,
  DataWarning,
  PackageIndex,
  Project,
  ProjectStatus,
  Release,
  Yanked,
} from './model.ts';

export const SNAPSHOT_FORMAT = 'index-snapshot/1';
/** Decoding limit for snapshot text: the largest real snapshot is ~10 MB. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** The file is not a usable snapshot; `path` says where (e.g. `projects.requests.versions`). */
export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'SnapshotError';
  }
}

export interface LoadedIndex {
  readonly index: PackageIndex;
  readonly warnings: readonly DataWarning[];
}

export function parseSnapshotText(text: string, maxBytes = MAX_SNAPSHOT_BYTES): LoadedIndex {
  if (text.length > maxBytes) {
    throw new SnapshotError('', `the snapshot is ${text.length} characters, over the limit of ${maxBytes}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError('', `not valid JSON (${(error as Error).message})`);
  }
  return loadSnapshot(data);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectObject(value: unknown, path: string): Json {
  if (!isObject(value)) throw new SnapshotError(path, `expected an object, found ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

function stringList(value: unknown, path: string): string[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new SnapshotError(path, `expected a list of strings, found ${describe(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw new SnapshotError(`${path}[${i}]`, `expected a string, found ${describe(item)}`);
    return item;
  });
}

function optionalString(value: unknown, path: string): string | null {
  if (value == null) return null;
  if (typeof value !== 'string') throw new SnapshotError(path, `expected a string, found ${describe(value)}`);
  return value;
}

function readYanked(value: unknown, path: string): Yanked {
  if (value == null || value === false) return false;
  if (value === true) return '';
  if (typeof value === 'string') return value;
  throw new SnapshotError(path, `expected true, false or a reason, found ${describe(value)}`);
}

const STATUSES: readonly ProjectStatus[] = ['active', 'archived', 'quarantined', 'deprecated'];

/** Loads `projects` (the object keyed by project name) into the model. */
export function loadProjects(projectsValue: unknown, basePath = 'projects'): { projects: Map<string, Project>; warnings: DataWarning[] } {
  const projectsJson = expectObject(projectsValue, basePath);
  const projects = new Map<string, Project>();
  const warnings: DataWarning[] = [];
  for (const [name, projectValue] of Object.entries(projectsJson)) {
    const path = `${basePath}.${name}`;
    const project = expectObject(projectValue, path);
    const key = normalizeName(name);
    const status = optionalString(project.status, `${path}.status`) ?? 'active';
    if (!STATUSES.includes(status as ProjectStatus)) {
      throw new SnapshotError(`${path}.status`, `expected one of ${STATUSES.join(', ')}, found ${JSON.stringify(status)}`);
    }
    const versionsJson = expectObject(project.versions ?? {}, `${path}.versions`);
    const releases: { release: Release; parsed: Version }[] = [];
    const invalid: string[] = [];
    for (const [version, releaseValue] of Object.entries(versionsJson)) {
      const releasePath = `${path}.versions.${version}`;
      const parsed = tryParseVersion(version);
      if (!parsed) {
        invalid.push(version);
        continue;
      }
      const release = expectObject(releaseValue ?? {}, releasePath);
      const wheelTagsValue = release.wheel_tags;
      const wheelTags = wheelTagsValue == null ? null : stringList(wheelTagsValue, `${releasePath}.wheel_tags`);
      const sdistValue = release.sdist;
      if (sdistValue != null && typeof sdistValue !== 'boolean') {
        throw new SnapshotError(`${releasePath}.sdist`, `expected true or false, found ${describe(sdistValue)}`);
      }
      releases.push({
        parsed,
        release: {
          version,
          requiresDist: stringList(release.requires_dist, `${releasePath}.requires_dist`),
          providesExtra: stringList(release.provides_extra, `${releasePath}.provides_extra`),
          requiresPython: optionalString(release.requires_python, `${releasePath}.requires_python`) || null,
          yanked: readYanked(release.yanked, `${releasePath}.yanked`),
          uploadTime: optionalString(release.upload_time, `${releasePath}.upload_time`),
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
    }
    const existing = projects.get(key);
    if (existing) {
      warnings.push({ kind: 'invalid-field', project: name, message: `${name}: the same project as ${existing.name} once normalised; kept ${existing.name}` });
      continue;
    }
    projects.set(key, {
      name,
      key,
      status: status as ProjectStatus,
      statusReason: optionalString(project.status_reason, `${path}.status_reason`),
      releases: unique,
    });
  }
  return { projects, warnings };
}

/** OSV records as the snapshot's `advisories` holds them; a record that can't be used is skipped. */
function loadAdvisories(value: unknown): Advisory[] {
  if (!Array.isArray(value)) return [];
  return readOsvDocument(value, 'advisories').advisories;
}

function readEnvironment(value: unknown, path: string): Record<string, string> | null {
  if (value == null) return null;
  const env = expectObject(value, path);
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string') result[k] = v;
  }
  return result;
}

export function loadSnapshot(data: unknown): LoadedIndex {
  const root = expectObject(data, '');
  if (root.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError('format', `expected "${SNAPSHOT_FORMAT}", found ${describe(root.format)}`);
  }
  const { projects, warnings } = loadProjects(root.projects);
  return {
    index: {
      source: typeof root.source === 'string' ? root.source : 'index snapshot',
      projects,
      environment: readEnvironment(root.environment, 'environment'),
      advisories: loadAdvisories(root.advisories),
    },
    warnings,
  };
}

/** The model back to snapshot JSON (for export and for the peers that read snapshots). */
export function toSnapshot(index: PackageIndex): Record<string, unknown> {
  const projects: Record<string, unknown> = {};
  for (const project of index.projects.values()) {
    const versions: Record<string, unknown> = {};
    for (const r of project.releases) {
      const entry: Record<string, unknown> = { requires_dist: [...r.requiresDist] };
      if (r.providesExtra.length) entry.provides_extra = [...r.providesExtra];
      if (r.requiresPython) entry.requires_python = r.requiresPython;
      if (r.yanked !== false) entry.yanked = r.yanked === '' ? true : r.yanked;
      if (r.uploadTime) entry.upload_time = r.uploadTime;
      if (r.wheelTags) entry.wheel_tags = [...r.wheelTags];
      if (r.sdist !== (r.wheelTags == null)) entry.sdist = r.sdist;
      versions[r.version] = entry;
    }
    const out: Record<string, unknown> = { versions };
    if (project.status !== 'active') out.status = project.status;
    if (project.statusReason) out.status_reason = project.statusReason;
    projects[project.name] = out;
  }
  const snapshot: Record<string, unknown> = { format: SNAPSHOT_FORMAT, source: index.source, projects };
  if (index.environment) snapshot.environment = { ...index.environment };
  if (index.advisories.length) snapshot.advisories = index.advisories.map(toOsvRecord);
  return snapshot;
}
