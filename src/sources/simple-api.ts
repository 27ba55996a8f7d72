/**
 * The JSON form of the Simple Repository API (PEP 691, with PEP 700's `versions`,
 * `upload-time` and `size`, PEP 714's `core-metadata`, PEP 792's `project-status`):
 * https://packaging.python.org/en/latest/specifications/simple-repository-api/
 *
 * Nothing in a response is trusted. A field of the wrong type makes the whole page unusable,
 * with an error that names the field (`files[12].yanked`); values that are merely odd
 * (an unknown status, an unreadable upload time) are kept out with a warning.
 *
 * The HTML form (simple-html.ts) is read into the same document and checked here too.
 */
import { clipText, SUPPORTED_HASHES, type DataWarning, type ProjectStatus, type Yanked } from '../core/index.ts';
import { malformed } from './errors.ts';

/**
 * Reasons an index gives (a yank's, a project status's) are shown in messages and kept in
 * results: cut to this length, so an index can't make every message megabytes long.
 */
export const MAX_REASON_CHARS = 2000;

function clipReason(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${clipText(text, MAX_REASON_CHARS - 1)}…` : text;
}

/** The media type Pipette asks for: version 1 of the JSON API. */
export const SIMPLE_JSON_MEDIA_TYPE = 'application/vnd.pypi.simple.v1+json';
/** The newest API minor version this parser knows (1.4 adds PEP 792 project status). */
export const KNOWN_API_MINOR = 4;

export type Hashes = Readonly<Record<string, string>>;

export interface ProjectFile {
  readonly filename: string;
  /** Absolute, resolved against the page's URL. */
  readonly url: string;
  /**
   * As the page gave them, names and digests lower-cased: the `hashes` object, with the hash of
   * the URL's `#<name>=<digest>` fragment over it, as pip's `Link` merges them. Not checked: an
   * export takes only the well-formed ones (`wellFormedHashes`).
   */
  readonly hashes: Hashes;
  readonly requiresPython: string | null;
  readonly yanked: Yanked;
  /** ISO 8601 as published, or null when absent or unreadable. */
  readonly uploadTime: string | null;
  readonly size: number | null;
  /** PEP 658/714: whether a `.metadata` file is served beside the file, with its hashes when given. */
  readonly coreMetadata: false | { readonly hashes: Hashes };
}

export interface ProjectPage {
  /** The name as the index spells it. */
  readonly name: string;
  readonly apiVersion: string;
  /** PEP 700's list of every version, as uploaded; null on older indexes. */
  readonly versions: readonly string[] | null;
  readonly files: readonly ProjectFile[];
  readonly status: ProjectStatus;
  readonly statusReason: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}

/** JSON.parse with an error that says where the page stopped making sense. */
export function parseJsonBody(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // A login page, an error page or a captive portal, served as JSON: say what it is, not "cut off".
    if (/^\s*</.test(text.slice(0, 1024))) {
      const title = /<title[^>]*>([^<]{0,120})/i.exec(text.slice(0, 64 * 1024))?.[1]?.trim();
      throw malformed(url, '', `the body is an HTML page${title ? ` ("${title}")` : ''}, not the JSON its Content-Type announced; a proxy, a login page or an error page may stand in front of the index`);
    }
    const hint = text.trimEnd().endsWith('}') || text.trimEnd().endsWith(']') ? '' : ' (the body ends abruptly: it may have been cut off)';
    throw malformed(url, '', `not valid JSON${hint}: ${(error as Error).message}`);
  }
}

/** `meta.api-version`: major 1 is required; a newer minor is read as far as it is understood. */
function readApiVersion(root: Json, url: string, warnings: DataWarning[]): string {
  if (!isObject(root.meta)) throw malformed(url, 'meta', `expected an object, found ${describe(root.meta)}`);
  const version = root.meta['api-version'];
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    throw malformed(url, 'meta.api-version', `expected a version such as "1.1", found ${describe(version)}`);
  }
  const [major, minor] = version.split('.').map(Number) as [number, number];
  if (major !== 1) throw malformed(url, 'meta.api-version', `API version ${version} is not supported (Pipette reads version 1.x)`);
  if (minor > KNOWN_API_MINOR) {
    warnings.push({ kind: 'unsupported', message: `${url}: the index speaks API version ${version}, newer than 1.${KNOWN_API_MINOR}; fields Pipette does not know are ignored` });
  }
  return version;
}

/**
 * PEP 503: the hashes of a link's fragment, `#sha256=<hex>`, names lower-cased; other parts
 * (`egg=`) are not hashes. Only the names pip 23.2 reads in a fragment (`_SUPPORTED_HASHES`);
 * the first of each name wins. The digest is kept as written, to be checked by whoever uses it.
 */
export function fragmentHashes(fragment: string): Record<string, string> {
  const hashes = new Map<string, string>();
  for (const part of fragment.replace(/^#/, '').split('&')) {
    const equals = part.indexOf('=');
    const name = part.slice(0, equals).toLowerCase();
    if (equals > 0 && SUPPORTED_HASHES.has(name) && !hashes.has(name)) hashes.set(name, part.slice(equals + 1).toLowerCase());
  }
  return Object.fromEntries(hashes);
}

function readHashes(value: unknown, url: string, where: string): Hashes {
  if (!isObject(value)) throw malformed(url, where, `expected an object of hash name to hex digest, found ${describe(value)}`);
  const hashes = new Map<string, string>();
  for (const [name, digest] of Object.entries(value)) {
    if (typeof digest !== 'string') throw malformed(url, `${where}.${name}`, `expected a hex digest, found ${describe(digest)}`);
    hashes.set(name.toLowerCase(), digest.toLowerCase());
  }
  // fromEntries defines keys (a `__proto__` key stays a key); assigning them would set the prototype.
  return Object.fromEntries(hashes);
}

/**
 * A file's own `hashes`: used for nothing but the exports, so a value of the wrong type does not
 * make the page unusable (as a core-metadata hash, checked against a download, does); the file
 * is kept with no hashes, and a warning says so.
 */
function readFileHashes(value: unknown, url: string, where: string, warnings: DataWarning[], project: string, filename: string): Hashes {
  let problem: string | null = null;
  if (!isObject(value)) problem = `${describe(value)} at ${where}`;
  else {
    const bad = Object.entries(value).find(([, digest]) => typeof digest !== 'string');
    if (bad) problem = `${describe(bad[1])} at ${where}.${bad[0].slice(0, 40)}`;
  }
  if (problem === null) return readHashes(value, url, where);
  warnings.push({ kind: 'invalid-field', project, message: `${project}: ${filename} has unreadable hashes (${problem}); the file is kept without them` });
  return {};
}

/** PEP 700: `yyyy-mm-ddThh:mm:ss[.ffffff]Z`. Other ISO spellings with an offset are read too. */
const UPLOAD_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const STATUSES: readonly ProjectStatus[] = ['active', 'archived', 'quarantined', 'deprecated'];

function readFile(value: unknown, index: number, url: string, warnings: DataWarning[], project: string): ProjectFile {
  const where = `files[${index}]`;
  if (!isObject(value)) throw malformed(url, where, `expected an object, found ${describe(value)}`);
  const { filename, url: fileUrl, hashes } = value;
  if (typeof filename !== 'string' || filename === '' || filename.includes('/')) {
    throw malformed(url, `${where}.filename`, `expected a file name, found ${describe(filename)}`);
  }
  if (typeof fileUrl !== 'string') throw malformed(url, `${where}.url`, `expected a URL, found ${describe(fileUrl)}`);
  let absolute: string;
  try {
    absolute = new URL(fileUrl, url).href;
  } catch {
    throw malformed(url, `${where}.url`, `${describe(fileUrl)} is not a URL`);
  }

  const requiresPython = value['requires-python'];
  if (requiresPython != null && typeof requiresPython !== 'string') {
    throw malformed(url, `${where}.requires-python`, `expected a version specifier or null, found ${describe(requiresPython)}`);
  }

  const yankedValue = value.yanked;
  let yanked: Yanked = false;
  if (yankedValue === true) yanked = '';
  else if (typeof yankedValue === 'string') yanked = clipReason(yankedValue);
  else if (yankedValue != null && yankedValue !== false) {
    throw malformed(url, `${where}.yanked`, `expected true, false or a reason, found ${describe(yankedValue)}`);
  }

  let uploadTime: string | null = null;
  const uploadValue = value['upload-time'];
  if (uploadValue != null) {
    if (typeof uploadValue !== 'string') throw malformed(url, `${where}.upload-time`, `expected an ISO 8601 time, found ${describe(uploadValue)}`);
    if (UPLOAD_TIME.test(uploadValue) && !Number.isNaN(Date.parse(uploadValue))) uploadTime = uploadValue;
    else warnings.push({ kind: 'invalid-field', project, message: `${project}: ${filename} has an unreadable upload time ${JSON.stringify(uploadValue)}; treated as unknown` });
  }

  const size = value.size;
  if (size != null && !(typeof size === 'number' && Number.isInteger(size) && size >= 0)) {
    throw malformed(url, `${where}.size`, `expected a whole number of bytes, found ${describe(size)}`);
  }

  // PEP 714 renamed `data-dist-info-metadata` to `core-metadata`; the new key wins when both are present.
  const metadataKey = 'core-metadata' in value ? 'core-metadata' : 'data-dist-info-metadata';
  const metadataValue = value[metadataKey];
  let coreMetadata: ProjectFile['coreMetadata'] = false;
  if (metadataValue === true) coreMetadata = { hashes: {} };
  else if (isObject(metadataValue)) coreMetadata = { hashes: readHashes(metadataValue, url, `${where}.${metadataKey}`) };
  else if (metadataValue != null && metadataValue !== false) {
    throw malformed(url, `${where}.${metadataKey}`, `expected true, false or an object of hashes, found ${describe(metadataValue)}`);
  }

  return {
    filename,
    url: absolute,
    // pip's Link: `{**hashes, **hashes_from_link}`, the fragment's hash over the object's.
    hashes: { ...readFileHashes(hashes ?? {}, url, `${where}.hashes`, warnings, project, filename), ...fragmentHashes(new URL(absolute).hash) },
    requiresPython: requiresPython || null,
    yanked,
    uploadTime,
    size: size ?? null,
    coreMetadata,
  };
}

/** A project page (`GET /simple/<project>/`), checked field by field. */
export function parseProjectPage(data: unknown, url: string): { page: ProjectPage; warnings: DataWarning[] } {
  if (!isObject(data)) throw malformed(url, '', `expected a JSON object, found ${describe(data)}`);
  const warnings: DataWarning[] = [];
  const apiVersion = readApiVersion(data, url, warnings);
  if (typeof data.name !== 'string' || data.name === '') throw malformed(url, 'name', `expected the project's name, found ${describe(data.name)}`);
  const name = data.name;
  if (!Array.isArray(data.files)) throw malformed(url, 'files', `expected a list of files, found ${describe(data.files)}`);
  const read = data.files.map((file, i) => readFile(file, i, url, warnings, name));
  // `url` is absolute and normalised (lower-case scheme): its start says the scheme.
  const files = read.filter((file) => file.url.startsWith('https:') || file.url.startsWith('http:'));
  if (files.length < read.length) {
    const dropped = read.filter((file) => !files.includes(file));
    // Where a file may be: anything else (`javascript:`, `data:`, `file:`) is never followed.
    const schemes = [...new Set(dropped.map((file) => new URL(file.url).protocol))].join(', ');
    warnings.push({
      kind: 'invalid-field',
      project: name,
      message: `${name}: ignored ${dropped.length} file link${dropped.length === 1 ? '' : 's'} whose URL is not http or https (${schemes}): ${dropped.slice(0, 3).map((f) => JSON.stringify(f.filename.slice(0, 80))).join(', ')}${dropped.length > 3 ? ', …' : ''}`,
    });
  }

  let versions: string[] | null = null;
  if (data.versions != null) {
    if (!Array.isArray(data.versions)) throw malformed(url, 'versions', `expected a list of versions, found ${describe(data.versions)}`);
    versions = data.versions.map((v, i) => {
      if (typeof v !== 'string') throw malformed(url, `versions[${i}]`, `expected a version string, found ${describe(v)}`);
      return v;
    });
  }

  let status: ProjectStatus = 'active';
  let statusReason: string | null = null;
  const statusValue = data['project-status'];
  if (statusValue != null) {
    if (!isObject(statusValue)) throw malformed(url, 'project-status', `expected an object, found ${describe(statusValue)}`);
    const { status: marker, reason } = statusValue;
    if (marker != null && typeof marker !== 'string') throw malformed(url, 'project-status.status', `expected a status name, found ${describe(marker)}`);
    if (reason != null && typeof reason !== 'string') throw malformed(url, 'project-status.reason', `expected text, found ${describe(reason)}`);
    if (typeof marker === 'string') {
      if (STATUSES.includes(marker as ProjectStatus)) status = marker as ProjectStatus;
      // PEP 792: an unknown status means nothing to an installer; the project counts as active.
      else warnings.push({ kind: 'unsupported', project: name, message: `${name}: unknown project status ${JSON.stringify(marker)}; treated as active` });
    }
    statusReason = reason ? clipReason(reason) : null;
  }

  return { page: { name, apiVersion, versions, files, status, statusReason }, warnings };
}

/** The index's list of projects (`GET /simple/`): their names, as the index spells them. */
export function parseProjectList(data: unknown, url: string): string[] {
  if (!isObject(data)) throw malformed(url, '', `expected a JSON object, found ${describe(data)}`);
  readApiVersion(data, url, []);
  if (!Array.isArray(data.projects)) throw malformed(url, 'projects', `expected a list of projects, found ${describe(data.projects)}`);
  return data.projects.map((entry, i) => {
    if (!isObject(entry) || typeof entry.name !== 'string') throw malformed(url, `projects[${i}].name`, `expected a project name, found ${describe(isObject(entry) ? entry.name : entry)}`);
    return entry.name;
  });
}
