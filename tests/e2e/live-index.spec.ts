/**
 * The live index client in Chromium: a real project's tree resolved from a local index with
 * progress, resolved again from IndexedDB with the index gone, and faults (a 500, a missing
 * CORS header) giving their messages while the cache stays usable.
 *
 * This spec checks the client itself, apart from the app (live-app.spec.ts drives the app): it
 * bundles a small harness (tests/e2e/harness/live-index.ts) with Vite and serves it from a page
 * of its own on another port than the index: every request the client makes is cross-origin,
 * as with PyPI.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build, type Rollup } from 'vite';

import { readIndexFile } from '../../src/cli/files.ts';
import type { HarnessOutcome, HarnessRun } from './harness/live-index.ts';
import { startIndexServer, type IndexServer, type IndexServerOptions } from '../support/index-server.ts';
import { POPULAR_SNAPSHOT, PYPI_RESPONSES } from '../support/shared-data.ts';

declare global {
  // The harness bundle's global (Vite's iife `name`).
  var pipetteLiveHarness: typeof import('./harness/live-index.ts');
}

const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 40 };
const REQUESTS_TREE = { certifi: '2023.7.22', 'charset-normalizer': '3.2.0', idna: '3.4', requests: '2.31.0', urllib3: '2.0.5' };

// The real PyPI answers and the snapshot they are checked against live in ../shared, which the
// repository must not copy; a clone without it skips this file and says why.
test.skip(!PYPI_RESPONSES || !POPULAR_SNAPSHOT, 'skipped: ../shared/data (pypi-responses and indexes/pypi-2023-09-popular.json) is absent; set PIPETTE_SHARED_DATA to point at it');

let harnessCode = '';
let pageServer: Server;
let pageOrigin = '';
let serverOptions: IndexServerOptions;

test.beforeAll(async () => {
  const built = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('./harness/live-index.ts', import.meta.url)), formats: ['iife'], name: 'pipetteLiveHarness' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const output = (Array.isArray(built) ? built[0]! : built).output;
  harnessCode = output.find((chunk): chunk is Rollup.OutputChunk => chunk.type === 'chunk')!.code;

  pageServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>live index harness</title><script>${harnessCode.replaceAll('</script', '<\\/script')}</script>`);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  serverOptions = { snapshot: readIndexFile(POPULAR_SNAPSHOT!).index, pypiResponses: PYPI_RESPONSES! };
});

test.afterAll(async () => {
  await new Promise((resolve) => pageServer?.close(resolve));
});

async function openHarness(page: Page): Promise<void> {
  await page.goto(`${pageOrigin}/`);
  await page.waitForFunction(() => typeof globalThis.pipetteLiveHarness?.resolveLive === 'function');
}

function resolveIn(page: Page, run: HarnessRun): Promise<HarnessOutcome> {
  return page.evaluate((r) => globalThis.pipetteLiveHarness.resolveLive(r), run);
}

test('resolves a real tree from the index with progress, then from IndexedDB with the index gone', async ({ page }) => {
  const index = await startIndexServer(serverOptions);
  await openHarness(page);
  await page.evaluate(() => globalThis.pipetteLiveHarness.clearCache());
  const run: HarnessRun = { requirements: ['requests'], indexUrl: index.indexUrl, jsonApiUrl: index.jsonApiUrl, retry: FAST_RETRY };

  const online = await resolveIn(page, run);
  if (!online.ok) throw new Error(online.error.message);
  expect(online.packages).toEqual(REQUESTS_TREE);
  expect(online.progressUpdates).toBeGreaterThan(10);
  expect(online.report.progress).toMatchObject({ pagesFetched: 5, pagesFromCache: 0, metadataFetched: 5, cacheWriteFailures: 0 });
  expect(online.report.progress.bytesFetched).toBeGreaterThan(10_000);
  // Cross-origin, but plain GETs with a safelisted Accept header: no preflight.
  expect(index.requests.some((r) => r.method === 'OPTIONS')).toBe(false);
  expect(await page.evaluate(() => globalThis.pipetteLiveHarness.cacheStats())).toMatchObject({ entries: 10 });

  // Stale pages are revalidated. The browser can't read the ETag (PyPI does not expose it),
  // so Last-Modified does it: a preflighted If-Modified-Since, answered 304.
  const before = index.requests.length;
  const revalidated = await resolveIn(page, { ...run, pageMaxAgeMs: 0 });
  expect(revalidated.ok && revalidated.packages).toEqual(REQUESTS_TREE);
  expect(revalidated.ok && revalidated.report.progress).toMatchObject({ pagesRevalidated: 5, pagesFetched: 0, metadataFromCache: 5, bytesFetched: 0 });
  const pageRequests = index.requests.slice(before).filter((r) => r.path.startsWith('/simple/'));
  expect(pageRequests.filter((r) => r.method === 'GET').map((r) => [r.status, r.conditional])).toEqual(Array(5).fill([304, true]));
  expect(pageRequests.some((r) => r.method === 'OPTIONS')).toBe(true);

  await index.close();
  await page.reload();
  await page.waitForFunction(() => typeof globalThis.pipetteLiveHarness?.resolveLive === 'function');

  // Fresh entries need no index at all.
  const fromCache = await resolveIn(page, run);
  if (!fromCache.ok) throw new Error(fromCache.error.message);
  expect(fromCache.packages).toEqual(REQUESTS_TREE);
  expect(fromCache.report.progress).toMatchObject({ pagesFetched: 0, pagesFromCache: 5, metadataFromCache: 5, bytesFetched: 0 });

  // Offline mode says so, and names what it does not have.
  await page.context().setOffline(true);
  try {
    const offline = await resolveIn(page, { ...run, offline: true });
    expect(offline.ok && offline.packages).toEqual(REQUESTS_TREE);
    const missing = await resolveIn(page, { ...run, requirements: ['flask'], offline: true });
    expect(missing).toMatchObject({ ok: false, error: { name: 'IndexRequestError', kind: 'offline-miss' } });
    expect(!missing.ok && missing.error.message).toBe(`${index.indexUrl}flask/: the project page is not in the cache, and Pipette is working offline. Go online once to fetch it (it is kept for next time), or resolve requirements whose data are cached.`);
  } finally {
    await page.context().setOffline(false);
  }
});

test('a fault gives its message, and the cache stays usable', async ({ page }) => {
  const index = await startIndexServer(serverOptions);
  try {
    await openHarness(page);
    await page.evaluate(() => globalThis.pipetteLiveHarness.clearCache());
    const run: HarnessRun = { requirements: ['requests'], indexUrl: index.indexUrl, jsonApiUrl: index.jsonApiUrl, retry: FAST_RETRY };

    index.addFault({ path: '/simple/idna/', fault: { kind: 'no-cors' } });
    const cors = await resolveIn(page, run);
    expect(cors).toMatchObject({ ok: false, error: { name: 'IndexRequestError', kind: 'unreachable' } });
    expect(!cors.ok && cors.error.message).toContain(`${index.indexUrl}idna/: the request failed before the index answered`);
    expect(!cors.ok && cors.error.message).toContain('A browser reports a missing CORS header (Access-Control-Allow-Origin) the same way');

    index.clearFaults();
    await page.evaluate(() => globalThis.pipetteLiveHarness.clearCache());
    index.addFault({ path: '/simple/certifi/', fault: { kind: 'status', status: 500 } });
    const serverError = await resolveIn(page, run);
    expect(!serverError.ok && serverError.error.message).toBe(`${index.indexUrl}certifi/: the index answered 500 Internal Server Error (gave up after 4 attempts). The index may be down or overloaded; try again in a few minutes.`);

    index.clearFaults();
    const recovered = await resolveIn(page, run);
    expect(recovered.ok && recovered.packages).toEqual(REQUESTS_TREE);
    // What the failed run stored is reused: only the page that failed, and what it leads to, is fetched now.
    expect(recovered.ok && recovered.report.progress.pagesFetched).toBeLessThanOrEqual(2);
    expect(recovered.ok && recovered.report.progress.pagesFromCache).toBeGreaterThanOrEqual(3);
  } finally {
    await index.close();
  }
});

test('a full storage quota is reported, and the resolve still completes', async ({ page }) => {
  const index = await startIndexServer(serverOptions);
  try {
    await openHarness(page);
    await page.evaluate(() => globalThis.pipetteLiveHarness.clearCache());
    // Chromium's own quota override: this origin may store only a few kilobytes.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: pageOrigin, quotaSize: 20_000 });
    try {
      const outcome = await resolveIn(page, { requirements: ['requests'], indexUrl: index.indexUrl, jsonApiUrl: index.jsonApiUrl, retry: FAST_RETRY });
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.packages).toEqual(REQUESTS_TREE);
      expect(outcome.report.progress.cacheWriteFailures).toBeGreaterThan(0);
      expect(outcome.report.cacheProblems[0]).toMatch(/^The browser's storage for this site is full, so http:\/\/127\.0\.0\.1:\d+\/\S+ \([\d.]+ (KiB|MiB)\) was not kept in the cache; the earlier copy, if any, is unchanged\./);
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: pageOrigin });
    }
  } finally {
    await index.close();
  }
});
