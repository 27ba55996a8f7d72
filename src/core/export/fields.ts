/**
 * Strict checks of untrusted JSON (scenario files, permalinks), shared by the readers in this
 * folder. Each check throws a FieldError naming the path of the bad value, such as
 * `index.projects.flask.versions.2.0.0.requires_dist[1]`; each reader turns it into its own
 * error type.
 */
import { InvalidSpecifierError, parseSpecifierSet, tryParseVersion, compareVersions, type Version } from '../pep440/index.ts';
import { InvalidRequirementError, isValidName, normalizeName, parseRequirement } from '../pep508/index.ts';
import { ARCHITECTURES, InvalidWheelTagError, normalizeArch, normalizePythonVersion, parseWheelTags, PythonVersionError, type OperatingSystem } from '../environment/index.ts';
import { SNAPSHOT_FORMAT } from '../index/snapshot.ts';

export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'FieldError';
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b` or `b` when `a` is the root. */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A short description of a value for messages: `the string "abc"`, `a number`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : `the ${typeof value}`} ${String(value)}`;
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new FieldError(path, `expected an object, found ${describeValue(value)}`);
  return value;
}

export function expectString(value: unknown, path: string, maxLength = Infinity): string {
  if (typeof value !== 'string') throw new FieldError(path, `expected a string, found ${describeValue(value)}`);
  if (value.length > maxLength) throw new FieldError(path, `is ${value.length} characters long; at most ${maxLength} are allowed`);
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new FieldError(path, `expected true or false, found ${describeValue(value)}`);
  return value;
}

export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new FieldError(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describeValue(value)}`);
  }
  return value as T;
}

/** A Python version a target can name ("3.12", "3.12.1"). */
export function expectPythonVersion(value: unknown, path: string): string {
  const python = expectString(value, path, 32);
  try {
    normalizePythonVersion(python);
  } catch (error) {
    if (error instanceof PythonVersionError) throw new FieldError(path, error.message);
    throw error;
  }
  return python;
}

/** An architecture that `os` has, in any spelling `normalizeArch` knows. */
export function expectArchitecture(value: unknown, os: OperatingSystem, path: string): string {
  const arch = expectString(value, path, 32);
  const canonical = normalizeArch(arch);
  if (canonical === null || !ARCHITECTURES[os].includes(canonical)) {
    throw new FieldError(path, `expected an architecture of ${os} (${ARCHITECTURES[os].join(', ')}), found ${describeValue(arch)}`);
  }
  return arch;
}

export function expectStringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new FieldError(path, `expected a list of strings, found ${describeValue(value)}`);
  return value.map((item, i) => expectString(item, `${path}[${i}]`));
}

/** Rejects fields the format does not have: a misspelt key would otherwise be ignored silently. */
export function onlyKeys(object: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new FieldError(join(path, key), `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Index snapshots, strictly: unlike the snapshot loader, which skips what real PyPI data
// gets wrong with a warning, a file written by hand gets an error at the first mistake.
// ---------------------------------------------------------------------------------------

const SNAPSHOT_KEYS = ['format', 'source', 'environment', 'projects', 'advisories'];
const PROJECT_KEYS = ['status', 'status_reason', 'versions'];
const RELEASE_KEYS = ['requires_dist', 'provides_extra', 'requires_python', 'yanked', 'upload_time', 'wheel_tags', 'sdist'];
const STATUSES = ['active', 'archived', 'quarantined', 'deprecated'] as const;
/** RFC 3339 / ISO 8601 date-time, as PyPI gives `upload_time`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** Checks an `index-snapshot/1` object field by field; `path` is where it sits in the file. */
export function checkIndexSnapshot(value: unknown, path: string): void {
  const snapshot = expectObject(value, path);
  onlyKeys(snapshot, SNAPSHOT_KEYS, path);
  if (snapshot.format !== SNAPSHOT_FORMAT) {
    throw new FieldError(join(path, 'format'), `expected "${SNAPSHOT_FORMAT}", found ${describeValue(snapshot.format)}`);
  }
  if (snapshot.source !== undefined) expectString(snapshot.source, join(path, 'source'));
  if (snapshot.environment !== undefined) {
    const environmentPath = join(path, 'environment');
    const environment = expectObject(snapshot.environment, environmentPath);
    for (const [key, v] of Object.entries(environment)) expectString(v, join(environmentPath, key));
  }
  if (snapshot.advisories !== undefined) {
    const advisoriesPath = join(path, 'advisories');
    if (!Array.isArray(snapshot.advisories)) throw new FieldError(advisoriesPath, `expected a list, found ${describeValue(snapshot.advisories)}`);
    snapshot.advisories.forEach((record, i) => {
      const recordPath = `${advisoriesPath}[${i}]`;
      expectString(expectObject(record, recordPath).id, join(recordPath, 'id'));
    });
  }
  const projectsPath = join(path, 'projects');
  const projects = expectObject(snapshot.projects, projectsPath);
  const seen = new Map<string, string>();
  for (const [name, project] of Object.entries(projects)) {
    const projectPath = join(projectsPath, name);
    if (!isValidName(name)) {
      throw new FieldError(projectPath, 'not a valid project name (letters, digits, ".", "-" and "_", starting and ending with a letter or digit)');
    }
    const key = normalizeName(name);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new FieldError(projectPath, `the same project as ${JSON.stringify(earlier)} once normalised (PEP 503)`);
    seen.set(key, name);
    checkProject(project, projectPath);
  }
}

function checkProject(value: unknown, path: string): void {
  const project = expectObject(value, path);
  onlyKeys(project, PROJECT_KEYS, path);
  if (project.status !== undefined) expectOneOf(project.status, STATUSES, join(path, 'status'));
  if (project.status_reason !== undefined) expectString(project.status_reason, join(path, 'status_reason'));
  const versionsPath = join(path, 'versions');
  const versions = expectObject(project.versions, versionsPath);
  const parsed: { text: string; version: Version }[] = [];
  for (const [text, release] of Object.entries(versions)) {
    const releasePath = join(versionsPath, text);
    const version = tryParseVersion(text);
    if (!version) throw new FieldError(releasePath, 'not a valid PEP 440 version');
    const same = parsed.find((p) => compareVersions(p.version, version) === 0);
    if (same) throw new FieldError(releasePath, `the same version as ${JSON.stringify(same.text)}`);
    parsed.push({ text, version });
    checkRelease(release, releasePath);
  }
}

function checkRelease(value: unknown, path: string): void {
  const release = expectObject(value, path);
  onlyKeys(release, RELEASE_KEYS, path);
  if (release.requires_dist !== undefined) {
    const requirementsPath = join(path, 'requires_dist');
    expectStringList(release.requires_dist, requirementsPath).forEach((text, i) => {
      try {
        parseRequirement(text);
      } catch (error) {
        if (error instanceof InvalidRequirementError) throw new FieldError(`${requirementsPath}[${i}]`, `${JSON.stringify(text)} is not a valid requirement: ${error.message}`);
        throw error;
      }
    });
  }
  if (release.provides_extra !== undefined) {
    const extrasPath = join(path, 'provides_extra');
    expectStringList(release.provides_extra, extrasPath).forEach((extra, i) => {
      if (!isValidName(extra)) throw new FieldError(`${extrasPath}[${i}]`, `${JSON.stringify(extra)} is not a valid extra name`);
    });
  }
  if (release.requires_python !== undefined && release.requires_python !== null) {
    const requiresPythonPath = join(path, 'requires_python');
    const text = expectString(release.requires_python, requiresPythonPath);
    try {
      parseSpecifierSet(text);
    } catch (error) {
      if (error instanceof InvalidSpecifierError) throw new FieldError(requiresPythonPath, error.message);
      throw error;
    }
  }
  if (release.yanked !== undefined && typeof release.yanked !== 'boolean' && typeof release.yanked !== 'string') {
    throw new FieldError(join(path, 'yanked'), `expected true, false or the reason as a string, found ${describeValue(release.yanked)}`);
  }
  if (release.upload_time !== undefined && release.upload_time !== null) {
    const uploadPath = join(path, 'upload_time');
    if (!DATE_TIME.test(expectString(release.upload_time, uploadPath))) {
      throw new FieldError(uploadPath, 'expected an ISO 8601 date and time, like "2023-05-22T15:12:44Z"');
    }
  }
  if (release.wheel_tags !== undefined && release.wheel_tags !== null) {
    const tagsPath = join(path, 'wheel_tags');
    expectStringList(release.wheel_tags, tagsPath).forEach((tag, i) => {
      try {
        parseWheelTags(tag);
      } catch (error) {
        if (error instanceof InvalidWheelTagError) throw new FieldError(`${tagsPath}[${i}]`, error.message);
        throw error;
      }
    });
  }
  if (release.sdist !== undefined) expectBoolean(release.sdist, join(path, 'sdist'));
}

// ---------------------------------------------------------------------------------------
// The shape a checked snapshot has (field names as in ../shared/data/README.md).
// ---------------------------------------------------------------------------------------

export interface SnapshotReleaseJson {
  readonly requires_dist?: readonly string[];
  readonly provides_extra?: readonly string[];
  readonly requires_python?: string | null;
  /** PEP 592: true, or the reason. */
  readonly yanked?: boolean | string;
  readonly upload_time?: string | null;
  /** One compressed tag set per wheel; absent: installable anywhere. */
  readonly wheel_tags?: readonly string[] | null;
  readonly sdist?: boolean;
}

export interface SnapshotProjectJson {
  readonly status?: (typeof STATUSES)[number];
  readonly status_reason?: string;
  readonly versions: Readonly<Record<string, SnapshotReleaseJson>>;
}

/** An `index-snapshot/1` object that {@link checkIndexSnapshot} accepted. */
export interface IndexSnapshotJson {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly source?: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly projects: Readonly<Record<string, SnapshotProjectJson>>;
  readonly advisories?: readonly unknown[];
}
