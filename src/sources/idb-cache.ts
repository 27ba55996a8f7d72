/**
 * The browser's durable ResponseCache: one IndexedDB database of its own, `pipette-http`,
 * so it never collides with the app's database. One record per URL, each written in its own
 * transaction, so an entry is stored whole or not at all and a failed write leaves the
 * previous copy in place. A full disk (QuotaExceededError) is reported, never swallowed.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { CacheWriteError, type CachedResponse, type CacheStats, type ResponseCache } from './response-cache.ts';

export const HTTP_CACHE_DATABASE = 'pipette-http';
/** Bump with a step in `upgrade` whenever the stored shape changes. */
export const HTTP_CACHE_VERSION = 1;

interface HttpCacheSchema extends DBSchema {
  responses: { key: string; value: CachedResponse };
}

export class IdbResponseCache implements ResponseCache {
  readonly description: string;

  private constructor(private readonly db: IDBPDatabase<HttpCacheSchema>) {
    this.description = `IndexedDB database ${db.name}`;
  }

  /** Opens (creating or upgrading) the database; rejects where IndexedDB is unavailable. */
  static async open(name = HTTP_CACHE_DATABASE): Promise<IdbResponseCache> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here, so index responses can only be kept in memory');
    const db = await openDB<HttpCacheSchema>(name, HTTP_CACHE_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) database.createObjectStore('responses', { keyPath: 'url' });
      },
      blocking() {
        // Another tab wants a newer schema: step aside rather than block it.
        db.close();
      },
    });
    return new IdbResponseCache(db);
  }

  async get(url: string): Promise<CachedResponse | undefined> {
    return this.db.get('responses', url);
  }

  async put(entry: CachedResponse): Promise<void> {
    try {
      const tx = this.db.transaction('responses', 'readwrite');
      await Promise.all([tx.store.put(entry), tx.done]);
    } catch (error) {
      const name = error instanceof Error || error instanceof DOMException ? error.name : '';
      if (name === 'QuotaExceededError') {
        throw new CacheWriteError('quota', entry.url, `The browser's storage for this site is full, so ${entry.url} (${formatBytes(entry.bytes)}) was not kept in the cache; the earlier copy, if any, is unchanged. Clear the index cache or free space in the browser; until then it will be downloaded again each time.`);
      }
      throw new CacheWriteError('failed', entry.url, `${entry.url} could not be kept in the cache (${name || 'error'}: ${(error as Error).message}); it will be downloaded again next time.`);
    }
  }

  async delete(url: string): Promise<void> {
    await this.db.delete('responses', url);
  }

  async clear(): Promise<void> {
    await this.db.clear('responses');
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    let bytes = 0;
    let cursor = await this.db.transaction('responses').store.openCursor();
    while (cursor) {
      entries++;
      bytes += cursor.value.bytes;
      cursor = await cursor.continue();
    }
    return { entries, bytes };
  }

  close(): void {
    this.db.close();
  }
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
