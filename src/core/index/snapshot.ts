/**
 * Index snapshots (`"format": "index-snapshot/1"`, ../shared/data/README.md) to and from the
 * index model. Nothing in a snapshot is trusted: every field is checked, a broken file gets an
 * error that says where, and invalid versions are skipped with a warning listing them.
 */
import { readOsvDocument, toOsvRecord } from '../trust/osv.ts';
import { normalizeName } from '../pep508/index.ts';
import type { Advisory, DataWarning, PackageIndex, Project } from './model.ts';
import { LazyProjects, objectSource, type ProjectSource } from './lazy-projects.ts';
import { scanSnapshotText, type ScannedSnapshot, type Span } from './snapshot-scan.ts';
import { describe, expectObject, readProject, sameProjectWarning, SnapshotError } from './snapshot-project.ts';

export { SnapshotError } from './snapshot-project.ts';

export const SNAPSHOT_FORMAT = 'index-snapshot/1';
/** Decoding limit for snapshot text: the largest real snapshot is ~10 MB. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export interface LoadedIndex {
  readonly index: PackageIndex;
  /** Read whole: every warning. Read lazily: only those found while listing the names; the
   * rest come with each project when it is first read (see lazy-projects.ts). */
  readonly warnings: readonly DataWarning[];
}

export interface LoadOptions {
  /**
   * Read each project when it is first asked for instead of checking every one now: for a
   * resolve, which touches a few projects of a large file. A broken project then throws its
   * error when it is asked for. Importing and linting read the whole file (the default).
   */
  readonly lazy?: boolean;
  /** The file's name, for the errors of projects read lazily (after loading has returned). */
  readonly file?: string;
  /**
   * Lazily: finds where each project lies (scanSnapshotText by default). The CLI passes one
   * that remembers the answer for a file it has scanned before (src/cli/scan-cache.ts).
   */
  readonly scan?: (text: string) => ScannedSnapshot | null;
}

/**
 * A snapshot from its text. Lazily (`options.lazy`) the text is not built into objects at all:
 * one pass checks it is JSON and notes where each project lies (snapshot-scan.ts), and a project
 * is parsed when first asked for; a text that is not JSON gets JSON.parse's own words either way.
 */
export function parseSnapshotText(text: string, maxBytes = MAX_SNAPSHOT_BYTES, options: LoadOptions = {}): LoadedIndex {
  if (text.length > maxBytes) {
    throw new SnapshotError('', `the snapshot is ${text.length} characters, over the limit of ${maxBytes}`);
  }
  try {
    if (options.lazy) {
      const scanned = (options.scan ?? scanSnapshotText)(text);
      if (scanned) return snapshotFromScan(scanned, (span) => text.slice(span.start, span.end), options);
    }
    return loadSnapshot(JSON.parse(text), options);
  } catch (error) {
    if (error instanceof SyntaxError) throw new SnapshotError('', `not valid JSON (${error.message})`);
    throw error;
  }
}

/**
 * A lazy snapshot from where its projects lie (a scan of its text, or one remembered from an
 * earlier run) and a way to read the text of a span: a project's text is read and parsed when a
 * resolve first asks for it, so the whole text need not be at hand (the CLI reads the spans from
 * the file). A span that does not hold JSON is the error of that project.
 */
export function snapshotFromScan(scanned: ScannedSnapshot, spanText: (span: Span) => string, options: LoadOptions = {}): LoadedIndex {
  const spans = scanned.projects;
  const source: ProjectSource = {
    names: () => spans.keys(),
    value: (name) => {
      const text = spanText(spans.get(name)!);
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new SnapshotError(`projects.${name}`, `not valid JSON (${(error as Error).message})`);
      }
    },
  };
  return fromRoot(scanned.root, source, options);
}

/** Loads `projects` (the object keyed by project name) into the model, checking every project. */
export function loadProjects(projectsValue: unknown, basePath = 'projects'): { projects: Map<string, Project>; warnings: DataWarning[] } {
  const projectsJson = expectObject(projectsValue, basePath);
  const projects = new Map<string, Project>();
  const warnings: DataWarning[] = [];
  for (const [name, projectValue] of Object.entries(projectsJson)) {
    const key = normalizeName(name);
    const read = readProject(name, key, projectValue, `${basePath}.${name}`);
    warnings.push(...read.warnings);
    const existing = projects.get(key);
    if (existing) {
      warnings.push(sameProjectWarning(name, existing.name));
      continue;
    }
    projects.set(key, read.project);
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

export function loadSnapshot(data: unknown, options: LoadOptions = {}): LoadedIndex {
  const root = expectObject(data, '');
  if (options.lazy && root.format === SNAPSHOT_FORMAT) return fromRoot(root, objectSource(expectObject(root.projects, 'projects')), options);
  return fromRoot(root, null, options);
}

/** The index from the root object; `lazySource` (when given) supplies the projects as they are asked for. */
function fromRoot(root: Record<string, unknown>, lazySource: ProjectSource | null, options: LoadOptions): LoadedIndex {
  if (root.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError('format', `expected "${SNAPSHOT_FORMAT}", found ${describe(root.format)}`);
  }
  let projects: ReadonlyMap<string, Project>;
  let warnings: readonly DataWarning[];
  if (lazySource) {
    const lazy = new LazyProjects(lazySource, 'projects', options.file ?? null);
    projects = lazy;
    warnings = lazy.loadWarnings;
  } else {
    ({ projects, warnings } = loadProjects(root.projects));
  }
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
