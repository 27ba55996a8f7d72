/**
 * The bundled scenarios (public/scenarios/) into the cache. Runs in the worker: fetching and
 * checking several megabytes of JSON would otherwise stall the page. index.json is fetched on
 * every start (it is small) and the files only when it changed, so later runs start from the cache.
 * On a first visit the files are fetched all at once and read in the library's order, the page's
 * default scenario first, each announced as soon as it can be used: the page opens and resolves
 * the default while the rest are still being read. The worker asks for index.json and that first
 * file as it starts (`fetchBundleAhead`), while the page is still loading: a first visit waits on them.
 * On a first visit it also reads that file ahead and hands it to `onDefault` (the worker warms its
 * resolver on it); the refresh then takes what was read instead of reading the same text again.
 */
import { openPipetteDb, putScenarioWithIndex, setMeta, getMeta, toStorageError, type StorageError } from './db.ts';
import { parseScenarioLibrary, readScenario, type PipetteScenario, type ScenarioLibraryEntry } from './scenario-file.ts';
import type { ScenarioRecord, StoredIndex } from './schema.ts';
import type { LoadedIndex } from '../core/index.ts';
import { libraryOrder } from './library-order.ts';

export interface BundleProgress {
  readonly done: number;
  readonly total: number;
  readonly title: string;
  /** The scenario just read, usable from now on (its index is in the worker's memory). */
  readonly scenario?: ScenarioRecord;
}

/** Texts asked for ahead, by URL; each is used once (a later refresh fetches again). */
const ahead = new Map<string, Promise<string>>();

type ReadFile = ReturnType<typeof readScenario>;

/** Files read ahead, by URL, with the very text they were read from. */
const readAhead = new Map<string, { readonly text: string; readonly read: ReadFile }>();

/** The file read from `text`: what was read ahead when it is that same text, else read now. */
function readBundledFile(url: URL, text: string): ReadFile {
  const early = readAhead.get(url.href);
  readAhead.delete(url.href);
  return early?.text === text ? early.read : readScenario(JSON.parse(text));
}

/** Hears of the default scenario read ahead on a first visit (its index is the one the refresh keeps). */
export type DefaultScenarioHook = (scenario: PipetteScenario, loaded: LoadedIndex) => void;
/** Where the bundle was last asked for (fetchBundleAhead, refreshBundled). */
let bundleBase: string | null = null;
/** Whether the page has asked for the bundle yet (refreshBundled). */
let refreshAsked = false;

/** The answer fetched ahead for `url`, if any, else a fetch now. */
function takeAhead(url: URL, fetchNow: (url: URL) => Promise<string>): Promise<string> {
  const early = ahead.get(url.href);
  ahead.delete(url.href);
  return early ?? fetchNow(url);
}

/**
 * Starts fetching the bundle's index.json and, once it is in, the first scenario in the library's
 * order (the page's default): refreshBundled takes them when asked for the same URLs. On a
 * return visit the file is only revalidated (interleaved first and return visits measured no cost),
 * and its text is dropped by the refresh.
 */
export function fetchBundleAhead(baseUrl: string, onDefault?: DefaultScenarioHook): void {
  bundleBase = baseUrl;
  const listUrl = new URL('scenarios/index.json', baseUrl);
  if (ahead.has(listUrl.href)) return;
  const list = fetchListText(listUrl);
  ahead.set(listUrl.href, list);
  // Whether this browser holds the bundle already, asked meanwhile (a storage error: as if not).
  const stored = getMeta<string>(BUNDLE_KEY).catch(() => undefined);
  list
    .then(async (listText) => {
      const [first] = [...parseScenarioLibrary(listText)].sort(libraryOrder);
      if (!first) return;
      const url = new URL(`scenarios/${first.file}`, baseUrl);
      const file = fetchScenarioText(url);
      file.catch(() => undefined);
      ahead.set(url.href, file);
      // A return visit opens what the person had, from the cache: nothing to read ahead.
      if ((await stored) === signature(listText)) return;
      const text = await file;
      // Taken meanwhile by a refresh, which reads it itself.
      if (ahead.get(url.href) !== file) return;
      const read = readScenario(JSON.parse(text));
      readAhead.set(url.href, { text, read });
      // A page that asked for the bundle meanwhile is ready, and its resolve is on its way: it
      // should not wait behind the warm-up. (A task's pause, so that a waiting request is heard.)
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!refreshAsked) onDefault?.(read.scenario, read.loaded);
    })
    // An unreadable list or file is refreshBundled's to report, when it reads it.
    .catch(() => undefined);
}

/**
 * A bundled scenario's index read from its file, for a worker that has neither it in memory nor
 * in the cache: one started afresh (after a cancel) while the bundle was still being stored.
 * Null when `indexId` is not a bundled one, or its file can't be had.
 */
export async function fetchBundledIndex(indexId: string, memory: Map<string, LoadedIndex>): Promise<LoadedIndex | null> {
  const prefix = 'bundled:';
  if (!indexId.startsWith(prefix) || bundleBase === null) return null;
  const base = bundleBase;
  try {
    const listUrl = new URL('scenarios/index.json', base);
    const entry = [...parseScenarioLibrary(await (ahead.get(listUrl.href) ?? fetchListText(listUrl)))].find((e) => `${prefix}${e.id}` === indexId);
    if (!entry) return null;
    const fileUrl = new URL(`scenarios/${entry.file}`, base);
    const { loaded } = readBundledFile(fileUrl, await (ahead.get(fileUrl.href) ?? fetchScenarioText(fileUrl)));
    memory.set(indexId, loaded);
    return loaded;
  } catch {
    return null;
  }
}

/** A file of the bundle; a server that answers every path with the app page means it is not there. */
async function fetchBundleText(url: URL, missing: string): Promise<string> {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.trimStart().startsWith('<')) throw new Error(missing);
  if (text.length > MAX_BUNDLED_FILE_BYTES) throw new Error(`over the limit of ${MAX_BUNDLED_FILE_BYTES} characters`);
  return text;
}

const fetchListText = (url: URL) => fetchBundleText(url, 'scenarios/index.json is missing');
const fetchScenarioText = (url: URL) => fetchBundleText(url, 'the file is missing (the server sent a web page)');

export interface BundleReport {
  /** False when the cache already held this bundle (or index.json could not be fetched). */
  readonly changed: boolean;
  readonly offline: boolean;
  /** Every bundled scenario now known, saved or not. */
  readonly scenarios: readonly ScenarioRecord[];
  /** Files that could not be used, with why. */
  readonly errors: readonly { readonly file: string; readonly message: string }[];
  /** Set when the cache refused a write: the scenarios then live in memory for this session. */
  readonly storageError: string | null;
}

const BUNDLE_KEY = 'bundled-signature';

/** FNV-1a over the text: enough to notice that index.json changed. */
export function signature(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

export const MAX_BUNDLED_FILE_BYTES = 32 * 1024 * 1024;

/**
 * `memory` receives each loaded index, so a resolve can use it even when the cache refused
 * to store it.
 */
export async function refreshBundled(
  baseUrl: string,
  memory: Map<string, LoadedIndex>,
  onProgress?: (progress: BundleProgress) => void,
): Promise<BundleReport> {
  bundleBase = baseUrl;
  refreshAsked = true;
  // The list is asked for while the cache opens.
  const listed = takeAhead(new URL('scenarios/index.json', baseUrl), fetchListText);
  listed.catch(() => undefined);
  const db = await openPipetteDb();
  const cached = (await db.getAllFromIndex('scenarios', 'by-origin', 'bundled')) as ScenarioRecord[];
  let listText: string;
  try {
    listText = await listed;
  } catch {
    ahead.clear();
    readAhead.clear();
    return { changed: false, offline: true, scenarios: cached, errors: [], storageError: null };
  }
  const sig = signature(listText);
  const entries: ScenarioLibraryEntry[] = [...parseScenarioLibrary(listText)].sort(libraryOrder);
  if ((await getMeta<string>(BUNDLE_KEY)) === sig && entries.every((e) => cached.some((c) => c.id === `bundled:${e.id}`))) {
    ahead.clear();
    readAhead.clear();
    return { changed: false, offline: false, scenarios: cached, errors: [], storageError: null };
  }

  const scenarios: ScenarioRecord[] = [];
  const errors: { file: string; message: string }[] = [];
  let storageError: StorageError | null = null;
  onProgress?.({ done: 0, total: entries.length, title: '' });
  // Every file requested now (failures are kept for their turn), read one after the other.
  const urls = entries.map((entry) => new URL(`scenarios/${entry.file}`, baseUrl));
  const texts = urls.map((url) => {
    const text = takeAhead(url, fetchScenarioText);
    text.catch(() => undefined);
    return text;
  });
  ahead.clear();
  for (const [i, entry] of entries.entries()) {
    try {
      const text = await texts[i]!;
      const { scenario, loaded } = readBundledFile(urls[i]!, text);
      const indexId = `bundled:${entry.id}`;
      const now = new Date().toISOString();
      const record: ScenarioRecord = {
        id: `bundled:${entry.id}`,
        title: entry.title || scenario.title,
        kind: entry.kind,
        description: entry.description || scenario.description,
        requirements: scenario.requirements,
        format: 'requirements',
        target: scenario.target,
        options: scenario.options,
        indexId,
        origin: 'bundled',
        updatedAt: now,
      };
      const index: StoredIndex = {
        id: indexId,
        title: `${record.title} (bundled)`,
        origin: 'bundled',
        snapshot: scenario.index as unknown as Record<string, unknown>,
        projects: loaded.index.projects.size,
        bytes: text.length,
        savedAt: now,
      };
      memory.set(indexId, loaded);
      scenarios.push(record);
      // Usable now, from memory: announced before it is stored, which takes a while.
      onProgress?.({ done: i, total: entries.length, title: entry.title, scenario: record });
      if (!storageError) {
        try {
          await putScenarioWithIndex(record, index);
        } catch (error) {
          storageError = toStorageError(error, 'the bundled scenarios');
        }
      }
    } catch (error) {
      errors.push({ file: entry.file, message: (error as Error).message });
    }
    onProgress?.({ done: i + 1, total: entries.length, title: entry.title });
  }
  if (!storageError) {
    try {
      const keep = new Set(scenarios.map((s) => s.id));
      const tx = db.transaction(['scenarios', 'indexes'], 'readwrite');
      for (const old of cached) {
        if (keep.has(old.id)) continue;
        void tx.objectStore('scenarios').delete(old.id);
        void tx.objectStore('indexes').delete(old.indexId);
      }
      await tx.done;
      // Only a complete load is remembered, so a failed file is tried again next start.
      if (errors.length === 0) await setMeta(BUNDLE_KEY, sig);
    } catch (error) {
      storageError = toStorageError(error, 'the bundled scenarios');
    }
  }
  return { changed: true, offline: false, scenarios, errors, storageError: storageError?.message ?? null };
}
