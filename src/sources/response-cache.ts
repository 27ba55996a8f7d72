/**
 * A cache of index responses, keyed by URL. Implementations: in memory (Node, tests), on
 * disk (the CLI's `--cache-dir`), IndexedDB (the browser, idb-cache.ts). Entries are plain
 * data, written whole or not at all, and only after the body has been checked, so a failed
 * or malformed download never replaces a good copy.
 */

export interface CachedResponse {
  readonly url: string;
  /** 200: `body` is the content. 404: the index said there is no such thing (`body` is ''). */
  readonly status: 200 | 404;
  readonly body: string;
  /** Size of the body as downloaded, in bytes. */
  readonly bytes: number;
  /**
   * The Content-Type the body came with: it says which form of the Simple API a page is in
   * (JSON or HTML), and so how a cached or revalidated copy is read. Absent from entries stored
   * before it was kept, which are all JSON.
   */
  readonly contentType?: string | null;
  /** Where the body came from after redirects, when not `url`: its relative links are read against it. */
  readonly finalUrl?: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** When this copy was downloaded or last confirmed by the index (ms since the epoch). */
  readonly fetchedAt: number;
  /** How long after `fetchedAt` the copy may be used without asking the index; null: forever (immutable files). */
  readonly maxAgeMs: number | null;
}

export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
}

export interface ResponseCache {
  /** Where the entries live, for people ("memory", "IndexedDB pipette-http", a folder). */
  readonly description: string;
  get(url: string): Promise<CachedResponse | undefined>;
  /** Stores one entry atomically; throws CacheWriteError when it can't (quota, disk). */
  put(entry: CachedResponse): Promise<void>;
  delete(url: string): Promise<void>;
  clear(): Promise<void>;
  stats(): Promise<CacheStats>;
}

/** An entry could not be stored. The download itself succeeded; only keeping it failed. */
export class CacheWriteError extends Error {
  override readonly name = 'CacheWriteError';
  constructor(
    /** `quota`: storage is full; `failed`: anything else (disk error, database closed). */
    readonly kind: 'quota' | 'failed',
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether the entry may be used without asking the index; `capMs` shortens every lifetime but the immutable. */
export function isFresh(entry: CachedResponse, now: number, capMs = Infinity): boolean {
  return entry.maxAgeMs === null || now - entry.fetchedAt < Math.min(entry.maxAgeMs, capMs);
}

export class MemoryResponseCache implements ResponseCache {
  readonly description = 'memory';
  private readonly entries = new Map<string, CachedResponse>();

  async get(url: string): Promise<CachedResponse | undefined> {
    return this.entries.get(url);
  }

  async put(entry: CachedResponse): Promise<void> {
    this.entries.set(entry.url, { ...entry });
  }

  async delete(url: string): Promise<void> {
    this.entries.delete(url);
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }

  async stats(): Promise<CacheStats> {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.bytes;
    return { entries: this.entries.size, bytes };
  }
}
