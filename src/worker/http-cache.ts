/**
 * The worker's one cache of live index answers: the IndexedDB database `pipette-http`, opened
 * once for the worker's life. Where IndexedDB can't be opened (some private modes), answers
 * are kept in memory and every report says so.
 */
import { IdbResponseCache } from '../sources/idb-cache.ts';
import { MemoryResponseCache, type CacheStats } from '../sources/index.ts';
import type { OpenedCache } from './live-index.ts';

export interface LiveCacheStats extends CacheStats {
  readonly description: string;
  readonly problem: string | null;
}

let opened: Promise<OpenedCache> | null = null;

export function httpCache(): Promise<OpenedCache> {
  opened ??= IdbResponseCache.open().then(
    (cache): OpenedCache => ({ cache, problem: null }),
    (error: unknown): OpenedCache => ({
      cache: new MemoryResponseCache(),
      problem: `The index cache could not be opened (${(error as Error).message}); the index's answers are kept only until the page closes, and offline mode has nothing to use.`,
    }),
  );
  return opened;
}

export async function httpCacheStats(): Promise<LiveCacheStats> {
  const { cache, problem } = await httpCache();
  return { ...(await cache.stats()), description: cache.description, problem };
}

export async function clearHttpCache(): Promise<LiveCacheStats> {
  const { cache } = await httpCache();
  await cache.clear();
  return httpCacheStats();
}
