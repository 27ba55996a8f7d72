/**
 * Files a person drops or picks: what each one is, checked, and saved. Runs in the worker.
 * Errors say what the file was taken for and where it went wrong.
 */
import {
  isCaseFile,
  loadCase,
  loadPackseScenario,
  loadSnapshot,
  parsePlatformSpec,
  ScenarioError,
  SnapshotError,
  SNAPSHOT_FORMAT,
  toSnapshot,
  type LoadedIndex,
  type PackageIndex,
} from '../core/index.ts';
import { caseTarget, indexForPath } from './case-index.ts';
import { getIndex, listIndexes, putIndex, putScenario, putScenarioWithIndex, toStorageError } from './db.ts';
import { readScenario, readScenarioList, ScenarioFileError, SCENARIO_FORMAT, SCENARIO_LIST_FORMAT, type PipetteScenario, type ScenarioTarget } from './scenario-file.ts';
import type { RequirementsFormat, ScenarioRecord, StoredIndex } from './schema.ts';
import type { WordingVariant } from '../core/wording/format.ts';

/** Limits per kind of file, in characters. */
export const IMPORT_LIMITS = {
  json: 32 * 1024 * 1024,
  toml: 4 * 1024 * 1024,
  requirements: 1024 * 1024,
} as const;

export class ImportError extends Error {
  constructor(
    readonly file: string,
    /** What the file was read as: "a packse scenario", "an index snapshot"... */
    readonly readAs: string,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${file}${readAs ? ` (read as ${readAs})` : ''}: ${where ? `${where}: ` : ''}${reason}`);
    this.name = 'ImportError';
  }
}

export interface SavedScenario {
  readonly record: ScenarioRecord;
  readonly index: StoredIndex;
  /** Whether the cache took it; when false the page keeps `index` in memory. */
  readonly saved: boolean;
}

export type ImportResult =
  | { readonly kind: 'scenarios'; readonly scenarios: readonly SavedScenario[]; readonly warnings: readonly string[]; readonly storageError: string | null; readonly wording?: readonly WordingVariant[] }
  | { readonly kind: 'index'; readonly index: StoredIndex; readonly saved: boolean; readonly warnings: readonly string[]; readonly storageError: string | null }
  | { readonly kind: 'requirements'; readonly text: string; readonly format: RequirementsFormat };

function newId(prefix: string): string {
  return `${prefix}:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function limitFor(name: string, length: number, limit: number, readAs: string): void {
  if (length > limit) throw new ImportError(name, readAs, '', `the file is ${length} characters, over the limit of ${limit}`);
}

function stem(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || name;
}

export function storedIndex(id: string, title: string, origin: StoredIndex['origin'], index: PackageIndex, bytes: number): StoredIndex {
  return { id, title, origin, snapshot: toSnapshot(index), projects: index.projects.size, bytes, savedAt: new Date().toISOString() };
}

function userScenario(fields: Omit<ScenarioRecord, 'id' | 'origin' | 'updatedAt' | 'kind'> & { kind?: string }): ScenarioRecord {
  return { kind: '', ...fields, id: newId('user'), origin: 'user', updatedAt: new Date().toISOString() };
}

/** What a file is, from its name and a look at its start. */
export function classifyFile(name: string, text: string): 'packse' | 'pyproject' | 'json' | 'requirements' {
  const lower = name.toLowerCase();
  const start = text.trimStart();
  if (lower.endsWith('.json') || start.startsWith('{')) return 'json';
  if (lower.endsWith('.toml')) return /^\s*\[project\]/m.test(text) && !/^\s*\[packages[.\]]/m.test(text) ? 'pyproject' : 'packse';
  return 'requirements';
}

async function saveScenario(record: ScenarioRecord, index: StoredIndex): Promise<{ saved: boolean; error: string | null }> {
  try {
    await putScenarioWithIndex(record, index);
    return { saved: true, error: null };
  } catch (error) {
    return { saved: false, error: toStorageError(error, `the imported scenario “${record.title}”`).message };
  }
}

function fromScenarioFile(file: PipetteScenario, loaded: LoadedIndex, bytes: number): { record: ScenarioRecord; index: StoredIndex } {
  const indexId = newId('imported');
  return {
    index: { id: indexId, title: `${file.title} (index)`, origin: 'imported', snapshot: file.index as unknown as Record<string, unknown>, projects: loaded.index.projects.size, bytes, savedAt: new Date().toISOString() },
    record: userScenario({
      title: file.title,
      description: file.description,
      requirements: file.requirements,
      format: 'requirements',
      target: file.target,
      options: file.options,
      indexId,
    }),
  };
}

/** A case over a snapshot named by path: the one imported under that file name, if any. */
async function importCaseOverImportedIndex(
  name: string,
  indexPath: string,
  fields: Omit<ScenarioRecord, 'id' | 'origin' | 'updatedAt' | 'indexId'>,
  warnings: readonly string[],
): Promise<ImportResult> {
  const found = indexForPath(indexPath, await listIndexes().catch(() => []));
  if (!found) {
    throw new ImportError(
      name,
      'a resolution case',
      'index',
      `the case names its index by path (${indexPath}), and no index of that name is imported: import ${indexPath.replace(/^.*[\\/]/, '')} first, then this case again`,
    );
  }
  const record = userScenario({ ...fields, indexId: found.id });
  try {
    await putScenario(record);
    const index = await getIndex(found.id);
    if (!index) throw new ImportError(name, 'a resolution case', 'index', `the index ${found.title} is no longer in this browser's storage`);
    return { kind: 'scenarios', scenarios: [{ record, index, saved: true }], warnings: [`It uses the index already imported as “${found.title}”.`, ...warnings], storageError: null };
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const index = await getIndex(found.id);
    if (!index) throw error;
    return { kind: 'scenarios', scenarios: [{ record, index, saved: false }], warnings, storageError: toStorageError(error, `the imported case “${record.title}”`).message };
  }
}

/** Reads, checks and saves one file; `memory` receives every loaded index. */
export async function importFile(name: string, text: string, memory: Map<string, LoadedIndex>): Promise<ImportResult> {
  const kind = classifyFile(name, text);
  if (kind === 'requirements') {
    limitFor(name, text.length, IMPORT_LIMITS.requirements, 'a requirements file');
    return { kind: 'requirements', text, format: 'requirements' };
  }
  if (kind === 'pyproject') {
    limitFor(name, text.length, IMPORT_LIMITS.requirements, 'a pyproject.toml');
    return { kind: 'requirements', text, format: 'pyproject' };
  }
  if (kind === 'packse') return importPackse(name, text, memory);
  return importJson(name, text, memory);
}

async function importPackse(name: string, text: string, memory: Map<string, LoadedIndex>): Promise<ImportResult> {
  const readAs = 'a packse scenario';
  limitFor(name, text.length, IMPORT_LIMITS.toml, readAs);
  let loaded: ReturnType<typeof loadPackseScenario>;
  try {
    loaded = loadPackseScenario(text, stem(name));
  } catch (error) {
    if (error instanceof ScenarioError) {
      const where = error.line !== undefined ? `line ${error.line}, column ${error.column ?? 1}` : error.where;
      throw new ImportError(name, readAs, where, error.reason);
    }
    throw error;
  }
  const { scenario, warnings } = loaded;
  const target: { python: string; os?: ScenarioTarget['os']; arch?: string } = { python: scenario.targetPython };
  const notes: string[] = warnings.map((w) => w.message);
  if (scenario.options.pythonPlatform) {
    try {
      const platform = parsePlatformSpec(scenario.options.pythonPlatform);
      if (platform.os) target.os = platform.os;
      if (platform.arch) target.arch = platform.arch;
    } catch (error) {
      notes.push(`python-platform ${scenario.options.pythonPlatform} was not understood (${(error as Error).message}); the default platform is used`);
    }
  }
  if (scenario.options.universal) notes.push('this scenario asks for a universal (all-platform) resolution; Pipette resolves for one target');
  // Options pip spells as requirements-file lines travel in the text, where the person sees them.
  const optionLines = [
    ...(scenario.options.noBinary.length ? [`--no-binary ${scenario.options.noBinary.join(',')}`] : []),
    ...(scenario.options.noBuild.length ? [`--only-binary ${scenario.options.noBuild.join(',')}`] : []),
  ];
  const expected = scenario.expected.satisfiable === null ? '' : scenario.expected.satisfiable ? ' Expected: solvable.' : ' Expected: no solution.';
  const indexId = newId('imported');
  const index = storedIndex(indexId, `${scenario.name} (packse)`, 'imported', scenario.index, text.length);
  const record = userScenario({
    title: scenario.name,
    kind: 'packse',
    description: `${scenario.description.trim()}${expected}`.trim(),
    requirements: [...optionLines, ...scenario.requirements].join('\n') + '\n',
    format: 'requirements',
    target,
    options: { policy: 'uv', prereleases: scenario.options.prereleases },
    indexId,
  });
  memory.set(indexId, { index: scenario.index, warnings });
  const { saved, error } = await saveScenario(record, index);
  return { kind: 'scenarios', scenarios: [{ record, index, saved }], warnings: notes, storageError: error };
}

async function importJson(name: string, text: string, memory: Map<string, LoadedIndex>): Promise<ImportResult> {
  limitFor(name, text.length, IMPORT_LIMITS.json, 'JSON');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportError(name, 'JSON', '', `not valid JSON (${(error as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format === SNAPSHOT_FORMAT) {
    let loaded: LoadedIndex;
    try {
      loaded = loadSnapshot(data);
    } catch (error) {
      if (error instanceof SnapshotError) throw new ImportError(name, 'an index snapshot', error.path, error.reason);
      throw error;
    }
    const id = newId('imported');
    const index: StoredIndex = {
      id,
      title: stem(name),
      origin: 'imported',
      snapshot: data as Record<string, unknown>,
      projects: loaded.index.projects.size,
      bytes: text.length,
      savedAt: new Date().toISOString(),
    };
    memory.set(id, loaded);
    let storageError: string | null = null;
    try {
      await putIndex(index);
    } catch (error) {
      storageError = toStorageError(error, `the index “${index.title}”`).message;
    }
    return { kind: 'index', index, saved: storageError === null, warnings: loaded.warnings.map((w) => w.message), storageError };
  }
  if (format === SCENARIO_FORMAT || format === SCENARIO_LIST_FORMAT) {
    const readAs = format === SCENARIO_FORMAT ? 'a Pipette scenario' : 'a list of Pipette scenarios';
    let files: { scenario: PipetteScenario; loaded: LoadedIndex }[];
    try {
      files = format === SCENARIO_FORMAT ? [readScenario(data)] : readScenarioList(data);
    } catch (error) {
      if (error instanceof ScenarioFileError) throw new ImportError(name, readAs, error.path, error.reason);
      throw error;
    }
    const scenarios: SavedScenario[] = [];
    let storageError: string | null = null;
    for (const file of files) {
      const { record, index } = fromScenarioFile(file.scenario, file.loaded, text.length);
      memory.set(index.id, file.loaded);
      const result: { saved: boolean; error: string | null } = storageError ? { saved: false, error: storageError } : await saveScenario(record, index);
      storageError ??= result.error;
      scenarios.push({ record, index, saved: result.saved });
    }
    const wording = files.flatMap((f) => (f.scenario.wording ? [f.scenario.wording] : []));
    return { kind: 'scenarios', scenarios, warnings: files.flatMap((f) => f.loaded.warnings.map((w) => w.message)), storageError, ...(wording.length ? { wording } : {}) };
  }
  if (isCaseFile(data)) {
    const readAs = 'a resolution case';
    let caseFile: ReturnType<typeof loadCase>['caseFile'];
    let warnings: ReturnType<typeof loadCase>['warnings'];
    try {
      ({ caseFile, warnings } = loadCase(data));
    } catch (error) {
      if (error instanceof SnapshotError) throw new ImportError(name, readAs, error.path, error.reason);
      throw error;
    }
    const { target, warning } = caseTarget(caseFile.environment);
    const fields = {
      title: caseFile.name || stem(name),
      kind: 'case',
      description: caseFile.note ?? caseFile.source,
      requirements: caseFile.requested.join('\n') + '\n',
      format: 'requirements' as const,
      target,
      options: { prereleases: caseFile.prereleases },
    };
    const notes = [...(warning ? [warning] : []), ...warnings.map((w) => w.message)];
    if (!caseFile.inlineIndex) return importCaseOverImportedIndex(name, caseFile.indexPath ?? '', fields, notes);
    const indexId = newId('imported');
    const index = storedIndex(indexId, `${caseFile.name} (case)`, 'imported', caseFile.inlineIndex, text.length);
    const record = userScenario({ ...fields, indexId });
    memory.set(indexId, { index: caseFile.inlineIndex, warnings });
    const { saved, error } = await saveScenario(record, index);
    return { kind: 'scenarios', scenarios: [{ record, index, saved }], warnings: notes, storageError: error };
  }
  throw new ImportError(
    name,
    'JSON',
    'format',
    `expected "${SNAPSHOT_FORMAT}", "${SCENARIO_FORMAT}" or "${SCENARIO_LIST_FORMAT}" (or a resolution case), found ${format === undefined ? 'no format field' : JSON.stringify(format)}`,
  );
}
