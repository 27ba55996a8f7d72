/**
 * Reading indexes, packse scenarios and cases from disk for the CLI, the conformance run and
 * the benchmarks. The only Node-specific layer over the pure core.
 */
import { isAscii } from 'node:buffer';
import { closeSync, existsSync, fstatSync, statSync } from 'node:fs';
import { dirname, extname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkScenario,
  isCaseFile,
  isPackseData,
  scenarioRequest,
  SNAPSHOT_FORMAT,
  SCENARIO_FORMAT,
  loadCase,
  loadPackseData,
  loadPackseScenario,
  loadSnapshot,
  makeTarget,
  MAX_SNAPSHOT_BYTES,
  normalizeName,
  parsePlatformSpec,
  parseSnapshotText,
  parseRequirement,
  snapshotFromScan,
  SnapshotError,
  targetFromMarkers,
  type CaseFile,
  type DataWarning,
  type PackageIndex,
  type PackseScenario,
  type Policy,
  type ResolveRequest,
  type TargetEnvironment,
} from '../core/index.ts';
import { InputError } from './input-error.ts';
import { openForReading, overLimit, readBounded, readOpenFile } from './read-bounded.ts';
import { cachedScanner, rememberedScan, spanReader } from './scan-cache.ts';

/** The repository's root folder. */
export const REPO_ROOT = resolvePath(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/data` beside the repository (PIPETTE_SHARED_DATA overrides), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.PIPETTE_SHARED_DATA ?? resolvePath(REPO_ROOT, '../shared/data');
  return existsSync(dir) ? dir : null;
}

export function sharedPeersDir(): string | null {
  const data = sharedDataDir();
  const dir = process.env.PIPETTE_SHARED_PEERS ?? (data ? resolvePath(data, '../peers') : null);
  return dir && existsSync(dir) ? dir : null;
}

export { InputError };

/** `${NAME}` in requirements, constraints and overrides files is expanded from the environment, as pip does. */
export const environmentVariable = (name: string): string | undefined => process.env[name];

/** A file the user named, as text, at most `limit` bytes (read-bounded.ts). */
export function readText(path: string, limit = MAX_SNAPSHOT_BYTES): string {
  return decoded(readBounded(path, limit)).text;
}

/** Snapshots are nearly always ASCII, and a one-byte string is made without decoding (a third of the read on 9 MB). */
function decoded(bytes: Buffer): { text: string; ascii: boolean } {
  const ascii = isAscii(bytes);
  if (ascii) return { text: bytes.toString('latin1'), ascii };
  // A UTF-16 byte-order mark, as PowerShell's `pip freeze > requirements.txt` writes: pip reads
  // these too (auto_decode). The mark itself is dropped, as UTF-8's is by the parsers.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), ascii };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), ascii };
  return { text: bytes.toString('utf8'), ascii };
}

/**
 * JSON text without a leading byte-order mark, which Windows editors write and JSON.parse calls
 * an "unexpected token" it does not show (Node's own require of a .json file drops it too).
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readJson(path: string): unknown {
  const text = withoutBom(readText(path));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

const indexCache = new Map<string, { index: PackageIndex; warnings: readonly DataWarning[] }>();

/**
 * Reads a snapshot file. `lazy` (for resolving) checks and parses each project when a resolve
 * first asks for it, so a large file costs little more than its JSON.parse; its errors then
 * come when the resolve meets the broken project, still naming the file and the field, and
 * its warnings reach the result with the projects they concern. Read whole (the default:
 * lint-index, audits) every project is checked now and `warnings` lists them all.
 */
export function readIndexFile(path: string, options: { lazy?: boolean } = {}): { index: PackageIndex; warnings: readonly DataWarning[] } {
  const full = resolvePath(path);
  const cacheKey = `${options.lazy ? 'lazy' : 'whole'}:${full}`;
  const cached = indexCache.get(cacheKey);
  if (cached) return cached;
  try {
    // Lazily, the text is scanned rather than parsed whole (see snapshot-scan.ts).
    // A file scanned in an earlier run is not scanned again while it is unchanged (scan-cache.ts).
    const loaded = options.lazy ? readLazily(full, path) : loadSnapshot(readJson(full));
    indexCache.set(cacheKey, loaded);
    return loaded;
  } catch (error) {
    if (error instanceof SnapshotError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Closes a snapshot file read project by project once its index is gone (a long run may read many). */
const openSnapshots = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already: nothing to do.
  }
});

/**
 * A file scanned in an earlier run is read project by project when it is ASCII (rememberedScan):
 * its file stays open for the projects a resolve asks for later. Otherwise it is read whole and
 * scanned, or its remembered scan taken (cachedScanner).
 */
function readLazily(full: string, path: string) {
  const fd = openForReading(full);
  let keptOpen = false;
  try {
    const stats = fstatSync(fd); // of the file read: a later change shows in the stamp
    if (stats.size > MAX_SNAPSHOT_BYTES) throw overLimit(full, MAX_SNAPSHOT_BYTES, stats.size);
    // Only a regular file has offsets to remember (a FIFO or a device is read whole, once).
    const remembered = stats.isFile() ? rememberedScan(full, stats) : null;
    if (remembered) {
      const reader = spanReader(fd, full, stats);
      const loaded = snapshotFromScan(remembered, reader, { lazy: true, file: path });
      openSnapshots.register(reader, fd);
      keptOpen = true;
      return loaded;
    }
    const { text, ascii } = decoded(readOpenFile(fd, full, stats, MAX_SNAPSHOT_BYTES));
    const scan = stats.isFile() ? cachedScanner(full, stats, undefined, ascii) : undefined;
    return parseSnapshotText(withoutBom(text), MAX_SNAPSHOT_BYTES, { lazy: true, file: path, ...(scan ? { scan } : {}) });
  } finally {
    if (!keptOpen) closeSync(fd);
  }
}

/** Forgets the snapshots read so far (the benchmark's runs without caches). */
export function clearIndexFiles(): void {
  indexCache.clear();
}

/** A resolution problem read from a file: a packse scenario or a case. */
export interface Problem {
  readonly kind: 'packse' | 'case' | 'scenario';
  readonly name: string;
  readonly path: string;
  readonly index: PackageIndex;
  readonly requirements: readonly string[];
  readonly target: TargetEnvironment;
  readonly markers: Readonly<Record<string, string>>;
  readonly prereleases: boolean;
  readonly noBinary: readonly string[];
  readonly noBuild: readonly string[];
  readonly universal: boolean;
  readonly expected: {
    readonly satisfiable: boolean | null;
    readonly packages: Readonly<Record<string, string>> | null;
    readonly conflicted: readonly string[];
  };
  readonly scenario?: PackseScenario;
  readonly caseFile?: CaseFile;
  /** The snapshot file a case names (absent for an index inside the file). */
  readonly indexFile?: string;
  readonly warnings: readonly DataWarning[];
}

export function readProblem(path: string): Problem {
  const toml = extname(path) === '.toml';
  // A .json file that holds `null` is JSON, not TOML: only the extension says TOML.
  const json = toml ? undefined : readJson(path);
  if (toml || isPackseData(json)) {
    let loaded;
    try {
      loaded = toml ? loadPackseScenario(readText(path), path) : loadPackseData(json, path);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const { scenario, warnings } = loaded;
    const platform = scenario.options.pythonPlatform ? parsePlatformSpec(scenario.options.pythonPlatform) : {};
    const target = makeTarget({ ...platform, python: scenario.targetPython });
    return {
      kind: 'packse',
      name: scenario.name,
      path,
      index: scenario.index,
      requirements: scenario.requirements,
      target,
      markers: {},
      prereleases: scenario.options.prereleases,
      noBinary: scenario.options.noBinary,
      noBuild: scenario.options.noBuild,
      universal: scenario.options.universal,
      expected: { satisfiable: scenario.expected.satisfiable, packages: scenario.expected.packages, conflicted: [] },
      scenario,
      warnings,
    };
  }
  const data = json;
  if (typeof data === 'object' && data !== null && (data as { format?: unknown }).format === SCENARIO_FORMAT) return readPipetteScenario(path, data);
  if (!isCaseFile(data)) throw new InputError(`${path}: not a packse scenario (.toml) or a case (JSON with "requested" and "index" or "projects")`);
  let loaded;
  try {
    loaded = loadCase(data);
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  const { caseFile } = loaded;
  let index = caseFile.inlineIndex;
  let warnings = loaded.warnings as readonly DataWarning[];
  let indexFile: string | undefined;
  if (!index) {
    // Case paths are relative to the data folder: the case's folder's parent, or its own.
    const candidates = [resolvePath(dirname(path), '..', caseFile.indexPath!), resolvePath(dirname(path), caseFile.indexPath!), resolvePath(dirname(path), '../..', caseFile.indexPath!)];
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new InputError(`${path}: the index ${caseFile.indexPath} was not found next to the case`);
    // A FIFO named as the index would be waited on for ever.
    if (!statSync(found).isFile()) throw new InputError(`${path}: the index ${caseFile.indexPath} is not a regular file (${found})`);
    const read = readIndexFile(found, { lazy: true });
    indexFile = found;
    index = read.index;
    warnings = read.warnings;
  }
  const markers = caseFile.environment ?? index.environment ?? {};
  return {
    kind: 'case',
    name: caseFile.name,
    path,
    index,
    requirements: caseFile.requested,
    target: Object.keys(markers).length > 0 ? targetFromMarkers(markers) : makeTarget({}),
    markers,
    prereleases: caseFile.prereleases,
    noBinary: [],
    noBuild: [],
    universal: false,
    expected: caseFile.expected,
    caseFile,
    ...(indexFile ? { indexFile } : {}),
    warnings,
  };
}

/** A Pipette scenario file (`pipette-scenario/1`, as the app exports them). */
function readPipetteScenario(path: string, data: unknown): Problem {
  // The envelope is checked strictly; the index like any snapshot, so that invalid upstream
  // metadata in it is skipped with a warning rather than refused.
  const envelope = { ...(data as Record<string, unknown>), index: { format: SNAPSHOT_FORMAT, projects: {} } };
  let scenario;
  let loaded;
  try {
    scenario = checkScenario(envelope);
    loaded = loadSnapshot((data as Record<string, unknown>).index);
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  const { index, warnings } = loaded;
  const request = scenarioRequest(scenario);
  return {
    kind: 'scenario',
    name: scenario.id,
    path,
    index,
    requirements: request.requirements.map((r) => r.text),
    target: request.target,
    markers: {},
    prereleases: request.prereleases,
    noBinary: [],
    noBuild: [],
    universal: false,
    expected: { satisfiable: null, packages: null, conflicted: [] },
    warnings,
  };
}

/** The resolve request a problem stands for, under `policy`. */
export function requestFor(problem: Problem, policy: Policy = 'pip'): ResolveRequest {
  return {
    requirements: problem.requirements.map((r) => parseRequirement(r)),
    target: problem.target,
    markers: problem.markers,
    policy,
    prereleases: problem.prereleases,
    noBinary: problem.noBinary,
    noBuild: problem.noBuild,
  };
}

export function normalizedPackages(packages: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, version] of Object.entries(packages)) out[normalizeName(name)] = version;
  return out;
}
