/**
 * A test harness for the live index client in a real browser: bundled by the Playwright spec
 * (tests/e2e/live-index.spec.ts) into one script and loaded into a page, where it exposes
 * `pipetteLiveHarness`. It resolves with the IndexedDB cache, as the app does.
 */
import { parseRequirement, resolve } from '../../../src/core/index.ts';
import { IdbResponseCache } from '../../../src/sources/idb-cache.ts';
import { IndexRequestError, LiveIndexProvider, SimpleIndexClient, type LiveIndexReport, type RetryPolicy } from '../../../src/sources/index.ts';

export interface HarnessRun {
  readonly requirements: readonly string[];
  readonly indexUrl: string;
  readonly jsonApiUrl?: string | null;
  readonly offline?: boolean;
  readonly retry?: Partial<RetryPolicy>;
  /** 0 makes every cached page stale, so that it is revalidated. */
  readonly pageMaxAgeMs?: number;
}

export type HarnessOutcome =
  | { readonly ok: true; readonly satisfiable: boolean; readonly packages: Record<string, string>; readonly progressUpdates: number; readonly report: LiveIndexReport }
  | { readonly ok: false; readonly error: { readonly name: string; readonly kind: string | null; readonly message: string } };

export async function resolveLive(run: HarnessRun): Promise<HarnessOutcome> {
  const cache = await IdbResponseCache.open();
  try {
    const client = new SimpleIndexClient({ indexUrl: run.indexUrl, jsonApiUrl: run.jsonApiUrl, offline: run.offline, retry: run.retry, pageMaxAgeMs: run.pageMaxAgeMs, cache });
    let progressUpdates = 0;
    const provider = new LiveIndexProvider(client, { onProgress: () => progressUpdates++ });
    const result = await resolve(provider, { requirements: run.requirements.map((r) => parseRequirement(r)) });
    const packages = result.ok ? Object.fromEntries(result.packages.map((p) => [p.key, p.version])) : {};
    return { ok: true, satisfiable: result.ok, packages, progressUpdates, report: provider.report() };
  } catch (error) {
    const e = error as Error;
    return { ok: false, error: { name: e.name, kind: error instanceof IndexRequestError ? error.kind : null, message: e.message } };
  } finally {
    cache.close();
  }
}

export async function cacheStats(): Promise<{ entries: number; bytes: number }> {
  const cache = await IdbResponseCache.open();
  try {
    return await cache.stats();
  } finally {
    cache.close();
  }
}

export async function clearCache(): Promise<void> {
  const cache = await IdbResponseCache.open();
  try {
    await cache.clear();
  } finally {
    cache.close();
  }
}
