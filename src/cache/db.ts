/**
 * The one way into the `pipette` database, from the page and from the worker alike.
 * Every write either succeeds or throws a StorageError that says what was not saved and
 * why, so callers can keep the data in memory and tell the person.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, upgradeDatabase, type PipetteSchema, type ScenarioRecord, type StoredIndex } from './schema.ts';

export type PipetteDb = IDBPDatabase<PipetteSchema>;

export class StorageError extends Error {
  constructor(
    /** What was being saved, for the message: "your scenario “x”". */
    readonly what: string,
    /** The browser's storage for this site is full. */
    readonly quota: boolean,
    readonly detail: string,
  ) {
    super(quota ? `Could not save ${what}: the browser's storage for this site is full.` : `Could not save ${what}: ${detail}`);
    this.name = 'StorageError';
  }
}

export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export function toStorageError(error: unknown, what: string): StorageError {
  if (error instanceof StorageError) return error;
  const detail = error instanceof Error ? error.message || error.name : String(error);
  return new StorageError(what, isQuotaError(error), detail);
}

let opening: Promise<PipetteDb> | null = null;

export function openPipetteDb(): Promise<PipetteDb> {
  opening ??= openDB<PipetteSchema>(DB_NAME, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgradeDatabase(db, oldVersion, tx),
    // Another tab (or the worker) wants a newer version: let it, and reopen on next use.
    blocking: () => {
      void opening?.then((db) => db.close());
      opening = null;
    },
    terminated: () => {
      opening = null;
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

async function write(what: string, action: (db: PipetteDb) => Promise<unknown>): Promise<void> {
  try {
    await action(await openPipetteDb());
  } catch (error) {
    throw toStorageError(error, what);
  }
}

export async function getIndex(id: string): Promise<StoredIndex | undefined> {
  return (await openPipetteDb()).get('indexes', id);
}

export async function listIndexes(): Promise<Omit<StoredIndex, 'snapshot'>[]> {
  const db = await openPipetteDb();
  const out: Omit<StoredIndex, 'snapshot'>[] = [];
  // A cursor keeps each snapshot out of the result: the library lists indexes without their data.
  let cursor = await db.transaction('indexes').store.openCursor();
  while (cursor) {
    const { snapshot: _snapshot, ...summary } = cursor.value;
    out.push(summary);
    cursor = await cursor.continue();
  }
  return out;
}

export function putIndex(record: StoredIndex): Promise<void> {
  return write(`the index “${record.title}”`, (db) => db.put('indexes', record));
}

export function deleteIndex(id: string): Promise<void> {
  return write('the change to your indexes', (db) => db.delete('indexes', id));
}

export async function listScenarios(): Promise<ScenarioRecord[]> {
  return (await openPipetteDb()).getAll('scenarios');
}

export async function getScenario(id: string): Promise<ScenarioRecord | undefined> {
  return (await openPipetteDb()).get('scenarios', id);
}

export function putScenario(record: ScenarioRecord): Promise<void> {
  return write(`the scenario “${record.title}”`, (db) => db.put('scenarios', record));
}

/** A scenario and its index in one transaction: both are saved or neither. */
export function putScenarioWithIndex(scenario: ScenarioRecord, index: StoredIndex): Promise<void> {
  return write(`the scenario “${scenario.title}”`, async (db) => {
    const tx = db.transaction(['scenarios', 'indexes'], 'readwrite');
    await Promise.all([tx.objectStore('indexes').put(index), tx.objectStore('scenarios').put(scenario), tx.done]);
  });
}

export function deleteScenario(id: string): Promise<void> {
  return write('the change to your scenarios', (db) => db.delete('scenarios', id));
}

export async function getPref<T>(key: string): Promise<T | undefined> {
  return (await openPipetteDb()).get('prefs', key) as Promise<T | undefined>;
}

export function setPref(key: string, value: unknown): Promise<void> {
  return write('your preferences', (db) => db.put('prefs', value, key));
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await openPipetteDb()).get('meta', key) as Promise<T | undefined>;
}

export function setMeta(key: string, value: unknown): Promise<void> {
  return write('the library’s bookkeeping', (db) => db.put('meta', value, key));
}

export function deletePref(key: string): Promise<void> {
  return write('your preferences', (db) => db.delete('prefs', key));
}
