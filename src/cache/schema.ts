/**
 * The app's IndexedDB database (`pipette`): what it holds and how each old version is
 * brought up to date. The live index keeps its HTTP cache in a database of its own
 * (`pipette-http`), which this module never opens.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { ScenarioOptions, ScenarioTarget } from './scenario-file.ts';
import type { WordingVariant } from '../core/wording/format.ts';
import type { StoredSuite, StoredSuiteRun } from './suites.ts';
import type { StoredStudyEvent, StudySessionRecord } from './study-records.ts';

export const DB_NAME = 'pipette';


export type IndexOrigin = 'bundled' | 'imported' | 'authored';
export type ScenarioOrigin = 'bundled' | 'user';
export type RequirementsFormat = 'requirements' | 'pyproject';

/** An index snapshot (`index-snapshot/1` JSON, as loaded) and what the library lists of it. */
export interface StoredIndex {
  readonly id: string;
  readonly title: string;
  readonly origin: IndexOrigin;
  /** Kept in the file format, not the parsed model, so a change to the model never strands old data. */
  readonly snapshot: Readonly<Record<string, unknown>>;
  readonly projects: number;
  readonly bytes: number;
  readonly savedAt: string;
}

export interface ScenarioRecord {
  readonly id: string;
  readonly title: string;
  /** What kind of trouble it shows ("direct clash"...); '' for the user's own. */
  readonly kind: string;
  readonly description: string;
  readonly requirements: string;
  readonly format: RequirementsFormat;
  readonly target: ScenarioTarget;
  readonly options: ScenarioOptions;
  readonly indexId: string;
  readonly origin: ScenarioOrigin;
  readonly updatedAt: string;
  /** Bumped by each save (absent: never saved over); a tab saving over a newer one is asked first. */
  readonly revision?: number;
}

/** A wording variant of the wording lab, kept in its file format (`pipette-wording/1`). */
export interface StoredVariant {
  readonly id: string;
  readonly variant: WordingVariant;
  readonly updatedAt: string;
}

export interface PipetteSchema extends DBSchema {
  indexes: { key: string; value: StoredIndex };
  scenarios: { key: string; value: ScenarioRecord; indexes: { 'by-origin': ScenarioOrigin } };
  /** Preferences of the person (theme, last state), by name. */
  prefs: { key: string; value: unknown };
  /** Bookkeeping: which bundle of scenarios is loaded. */
  meta: { key: string; value: unknown };
  /** Imported security advisories (OSV), one set per source. */
  advisories: { key: string; value: StoredAdvisories };
  /** The advisory policy and ignore list, per scenario id (`draft` for unsaved work). */
  trust: { key: string; value: TrustSettings };
  /** Since version 3: the wording lab's variants, by id. */
  variants: { key: string; value: StoredVariant };
  /** Since version 4: scenario suites of the interoperability lab, each with its files' text. */
  suites: { key: string; value: StoredSuite };
  'suite-runs': { key: string; value: StoredSuiteRun; indexes: { 'by-suite': string } };
  /** Since version 5: study sessions on this device: assignment, position, the draft of the step in progress. */
  studySessions: { key: string; value: StudySessionRecord };
  /** Study events, kept until the server acknowledges them (and after, for the researcher panel). */
  studyEvents: { key: string; value: StoredStudyEvent; indexes: { 'by-session': [string, number] } };
}

/** OSV records as imported (kept in the file format, as snapshots are). */
export interface StoredAdvisories {
  readonly id: string;
  /** File names they came from. */
  readonly sources: readonly string[];
  readonly records: readonly Readonly<Record<string, unknown>>[];
  readonly updatedAt: string;
}

export interface TrustSettings {
  readonly key: string;
  readonly policy: 'warn' | 'avoid' | 'block';
  readonly ignore: readonly { readonly id: string; readonly reason: string }[];
  readonly updatedAt: string;
}

type UpgradeTransaction = IDBPTransaction<PipetteSchema, StoreNames<PipetteSchema>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<PipetteSchema>, tx: UpgradeTransaction) => void;

/**
 * MIGRATIONS[v] takes a database at version v to v + 1. Each step only adds or reshapes,
 * so a user's scenarios survive any upgrade path; a new version appends a step here.
 */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('indexes', { keyPath: 'id' });
    const scenarios = db.createObjectStore('scenarios', { keyPath: 'id' });
    scenarios.createIndex('by-origin', 'origin');
    db.createObjectStore('prefs');
    db.createObjectStore('meta');
  },
  // 1 -> 2: trust (advisories and their policy); nothing else is touched.
  (db) => {
    db.createObjectStore('advisories', { keyPath: 'id' });
    db.createObjectStore('trust', { keyPath: 'key' });
  },
  // 2 → 3: the wording lab's variants; every store of version 1 is kept as it is.
  (db) => {
    db.createObjectStore('variants', { keyPath: 'id' });
  },
  // 3 → 4: the interoperability lab's suites and runs.
  (db) => {
    db.createObjectStore('suites', { keyPath: 'id' });
    db.createObjectStore('suite-runs', { keyPath: 'id' }).createIndex('by-suite', 'suiteId');
  },
  // 4 → 5: studies (their own stores; nothing existing is touched).
  (db) => {
    db.createObjectStore('studySessions', { keyPath: 'key' });
    db.createObjectStore('studyEvents', { keyPath: 'id' }).createIndex('by-session', ['session', 'seq']);
  },
];

/** One version per migration step. */
export const DB_VERSION = MIGRATIONS.length;

export function upgradeDatabase(db: IDBPDatabase<PipetteSchema>, oldVersion: number, tx: UpgradeTransaction): void {
  for (let version = oldVersion; version < MIGRATIONS.length; version++) MIGRATIONS[version]!(db, tx);
}
