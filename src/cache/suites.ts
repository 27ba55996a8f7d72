/**
 * Suites and their runs in the `pipette` database: imported once (from a packse folder or
 * zip, cases, scenario files, or the library), listed with their source without loading
 * their scenarios, and every run kept with its cells.
 */
import {
  filesFromZip,
  importSuiteFiles,
  isZip,
  loadSnapshot,
  toSnapshot,
  type Suite,
  type SuiteFile,
  type SuiteRun,
  type SuiteSource,
  type SuiteSummary,
  type SuiteEntry,
} from '../core/index.ts';
import { getIndex, listIndexes, listScenarios, openPipetteDb, toStorageError } from './db.ts';
import { toScenarioFile } from './scenario-file.ts';

/** A suite as stored: its entries, and the snapshots that came with it (cases may name them). */
export interface StoredSuite extends Suite {
  /** Snapshots found among the suite's files, in the file format, by the path cases name. */
  readonly snapshots: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export type StoredSuiteRun = SuiteRun;

/** A case's index that lives in the suite itself, rather than among the imported indexes. */
export const SUITE_INDEX_PREFIX = 'suite:';

export const MAX_SUITE_FILE_BYTES = 32 * 1024 * 1024;

function newId(prefix: string): string {
  return `${prefix}:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function stem(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

export interface PickedFile {
  /** The path inside a picked folder (webkitRelativePath), or the file's name. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** A suite from picked files (zips are opened), with each case's named index found among the imported ones. */
export async function suiteFromFiles(title: string, picked: readonly PickedFile[]): Promise<StoredSuite> {
  const files: SuiteFile[] = [];
  const problems: string[] = [];
  let zipped = false;
  for (const file of picked) {
    if (file.bytes.length > MAX_SUITE_FILE_BYTES && !isZip(file.bytes)) {
      problems.push(`${file.path}: ${file.bytes.length} bytes, over the limit of ${MAX_SUITE_FILE_BYTES}`);
    } else if (isZip(file.bytes)) {
      zipped = true;
      try {
        const unzipped = filesFromZip(file.path, file.bytes);
        files.push(...unzipped.files.map((f) => (picked.length > 1 ? { ...f, path: `${stem(file.path)}/${f.path}` } : f)));
        problems.push(...unzipped.problems);
      } catch (error) {
        problems.push((error as Error).message);
      }
    } else if (/\.(toml|json)$/i.test(file.path)) {
      files.push({ path: file.path, text: decode(file.bytes) });
    }
  }
  const imported = await listIndexes();
  const byStem = new Map(imported.map((i) => [stem(i.title).toLowerCase(), i.id]));
  const result = importSuiteFiles(files, { resolveIndexPath: (path) => byStem.get(stem(path).toLowerCase()) ?? null });
  const snapshots: Record<string, Record<string, unknown>> = {};
  for (const [path, index] of result.indexes) snapshots[path] = toSnapshot(index);
  const entries = result.entries.map((e) => (e.indexRef && result.indexes.has(e.indexRef) ? { ...e, indexRef: SUITE_INDEX_PREFIX + e.indexRef } : e));
  const allPackse = entries.length > 0 && entries.every((e) => e.format === 'packse');
  const kind: SuiteSource['kind'] = allPackse ? (zipped ? 'packse-zip' : 'packse-folder') : entries.length > 0 && entries.every((e) => e.format === 'case') ? 'cases' : 'files';
  const name = picked.length === 1 ? picked[0]!.path : `${picked.length} files`;
  return makeSuite(title || stem(name), { kind, name }, entries, [...problems, ...result.problems], snapshots);
}

/** The library's bundled scenarios, or the person's own, as a suite (their indexes by reference). */
export async function suiteFromLibrary(origin: 'bundled' | 'user'): Promise<StoredSuite> {
  const records = (await listScenarios()).filter((s) => s.origin === origin);
  const entries: SuiteEntry[] = [];
  const problems: string[] = [];
  for (const record of records) {
    const file = toScenarioFile(record, { format: 'index-snapshot/1', projects: {} });
    const { index: _index, ...withoutIndex } = file;
    if (!(await getIndex(record.indexId))) {
      problems.push(`${record.title}: its index is not in this browser's storage; left out`);
      continue;
    }
    entries.push({ id: record.id, name: record.title, category: record.kind || 'mine', format: 'scenario', text: JSON.stringify(withoutIndex), indexRef: record.indexId, recorded: [] });
  }
  const title = origin === 'bundled' ? 'Bundled scenarios' : 'Your scenarios';
  return makeSuite(title, { kind: origin === 'bundled' ? 'bundled' : 'mine', name: origin === 'bundled' ? 'the scenario library' : 'your saved scenarios' }, entries, problems, {});
}

function makeSuite(title: string, source: SuiteSource, entries: readonly SuiteEntry[], problems: readonly string[], snapshots: StoredSuite['snapshots']): StoredSuite {
  return {
    id: newId('suite'),
    title,
    source,
    scenarios: entries.length,
    categories: [...new Set(entries.map((e) => e.category))].sort(),
    importedAt: new Date().toISOString(),
    problems,
    entries,
    snapshots,
  };
}

export async function saveSuite(suite: StoredSuite): Promise<void> {
  try {
    await (await openPipetteDb()).put('suites', suite);
  } catch (error) {
    throw toStorageError(error, `the suite “${suite.title}”`);
  }
}

export async function getSuite(id: string): Promise<StoredSuite | undefined> {
  return (await openPipetteDb()).get('suites', id);
}

/** Every suite's summary, without its scenarios. */
export async function listSuites(): Promise<SuiteSummary[]> {
  const db = await openPipetteDb();
  const out: SuiteSummary[] = [];
  let cursor = await db.transaction('suites').store.openCursor();
  while (cursor) {
    const { entries: _entries, snapshots: _snapshots, ...summary } = cursor.value;
    out.push(summary);
    cursor = await cursor.continue();
  }
  return out.sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1));
}

/** A suite and its runs. */
export async function deleteSuite(id: string): Promise<void> {
  try {
    const db = await openPipetteDb();
    const tx = db.transaction(['suites', 'suite-runs'], 'readwrite');
    const runs = await tx.objectStore('suite-runs').index('by-suite').getAllKeys(id);
    await Promise.all([tx.objectStore('suites').delete(id), ...runs.map((key) => tx.objectStore('suite-runs').delete(key)), tx.done]);
  } catch (error) {
    throw toStorageError(error, 'the change to your suites');
  }
}

export async function saveSuiteRun(run: StoredSuiteRun): Promise<void> {
  try {
    await (await openPipetteDb()).put('suite-runs', run);
  } catch (error) {
    throw toStorageError(error, `the run of “${run.suiteTitle}”`);
  }
}

export async function listSuiteRuns(suiteId: string): Promise<StoredSuiteRun[]> {
  const runs = await (await openPipetteDb()).getAllFromIndex('suite-runs', 'by-suite', suiteId);
  return runs.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
}

/** The snapshot a suite entry's index reference stands for, loaded. */
export async function loadSuiteIndex(suite: StoredSuite, ref: string) {
  const snapshot = ref.startsWith(SUITE_INDEX_PREFIX) ? suite.snapshots[ref.slice(SUITE_INDEX_PREFIX.length)] : (await getIndex(ref))?.snapshot;
  return snapshot ? loadSnapshot(snapshot).index : null;
}
