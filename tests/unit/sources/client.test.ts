// The index client against a real local HTTP server: real PyPI pages and metadata files, the
// cache (fresh, revalidated with 304, offline, stale), and every fault with its message.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadSnapshot } from '../../../src/core/index.ts';
import {
  CacheWriteError,
  IndexRequestError,
  MemoryResponseCache,
  SIMPLE_API_ACCEPT,
  SimpleIndexClient,
  suggestProjectNames,
  type CachedResponse,
  type ProjectPage,
  type SimpleIndexClientOptions,
} from '../../../src/sources/index.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';
import { PYPI_RESPONSES } from '../../support/shared-data.ts';

/** Retries quick enough for tests, still exponential. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

/** A port nothing listens on: one just used and closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function failure(task: Promise<unknown>): Promise<IndexRequestError> {
  try {
    await task;
  } catch (error) {
    if (error instanceof IndexRequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe.skipIf(!PYPI_RESPONSES)('real PyPI answers served locally (skipped: ../shared/data/pypi-responses is absent)', () => {
  let server: IndexServer;
  let client: SimpleIndexClient;
  beforeAll(async () => {
    server = await startIndexServer({ pypiResponses: PYPI_RESPONSES! });
    client = new SimpleIndexClient({ indexUrl: server.indexUrl, jsonApiUrl: server.jsonApiUrl });
  });
  afterAll(() => server.close());

  it('reads the black, pytest and numpy pages', async () => {
    const black = await client.getProjectPage('black');
    const pytest = await client.getProjectPage('pytest');
    const numpy = await client.getProjectPage('NumPy');
    if (!black.found || !pytest.found || !numpy.found) throw new Error('a real page is missing');
    expect(black.value.page).toMatchObject({ name: 'black', apiVersion: '1.1' });
    expect(black.value.page.files).toHaveLength(279);
    expect(black.value.page.files.find((f) => f.filename === 'black-21.11b0.tar.gz')?.yanked).toBe('Broken regex dependency. Use 21.11b1 instead.');
    expect(black.value.page.files.find((f) => f.filename === 'black-23.7.0-py3-none-any.whl')?.coreMetadata).toEqual({
      hashes: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(pytest.value.page.files).toHaveLength(293);
    expect(numpy.value.page.files).toHaveLength(2210);
    expect([...black.value.warnings, ...pytest.value.warnings, ...numpy.value.warnings]).toEqual([]);
  });

  it('reads the metadata files of requests, urllib3 and boto3, checked against their sha256', async () => {
    const results: Record<string, unknown> = {};
    for (const name of ['requests', 'urllib3', 'boto3']) {
      const page = await client.getProjectPage(name);
      if (!page.found) throw new Error(`${name} is missing`);
      const file = page.value.page.files[0]!;
      const metadata = await client.getCoreMetadata(file);
      if (!metadata.found) throw new Error(`${file.filename}.metadata is missing`);
      results[name] = { ...metadata.value, requiresDist: metadata.value.requiresDist.length };
    }
    expect(results).toEqual({
      requests: { metadataVersion: '2.1', name: 'requests', version: '2.31.0', requiresPython: '>=3.7', requiresDist: 6, providesExtra: ['security', 'socks', 'use_chardet_on_py3'], warnings: [] },
      urllib3: { metadataVersion: '2.1', name: 'urllib3', version: '2.0.5', requiresPython: '>=3.7', requiresDist: 9, providesExtra: ['brotli', 'secure', 'socks', 'zstd'], warnings: [] },
      boto3: { metadataVersion: '2.1', name: 'boto3', version: '1.28.51', requiresPython: '>= 3.7', requiresDist: 4, providesExtra: ['crt'], warnings: [] },
    });
  });

  it('refuses a metadata file that does not match its published hash', async () => {
    const page = await client.getProjectPage('urllib3');
    if (!page.found) throw new Error('urllib3 is missing');
    server.addFault({ path: /\.metadata$/, fault: { kind: 'malformed' } });
    try {
      const error = await failure(new SimpleIndexClient({ indexUrl: server.indexUrl }).getCoreMetadata(page.value.page.files[0]!));
      expect(error.kind).toBe('integrity');
      expect(error.message).toMatch(/urllib3-2\.0\.5-py3-none-any\.whl\.metadata: the file does not match the sha256 hash the index published for it \(expected 35ed4440bcfb…, got [0-9a-f]{12}…\)/);
    } finally {
      server.clearFaults();
    }
  });

  it("reads PyPI's JSON API for a release", async () => {
    const release = await client.getJsonApiRelease('pytest', '7.4.0');
    expect(release?.found && release.value).toMatchObject({ name: 'pytest', version: '7.4.0', requiresPython: '>=3.7' });
    expect(release?.found && release.value.requiresDist).toContain('pluggy (<2.0,>=0.12)');
    expect((await client.getJsonApiRelease('pytest', '1.0'))?.found).toBe(false);
  });
});

const SMALL_SNAPSHOT_DATA = {
  format: 'index-snapshot/1',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['lib>=1'], upload_time: '2022-01-01T00:00:00Z' } } },
    lib: { versions: { '1.0': { upload_time: '2021-01-01T00:00:00Z' }, '2.0': { requires_python: '>=3.8', upload_time: '2023-01-01T00:00:00Z' } } },
  },
};
const SMALL_SNAPSHOT = loadSnapshot(SMALL_SNAPSHOT_DATA).index;

/** Names, statuses, requires-python and yank reasons that need escaping in HTML. */
const HTML_SNAPSHOT = loadSnapshot({
  format: 'index-snapshot/1',
  projects: {
    ...SMALL_SNAPSHOT_DATA.projects,
    'Old-Lib': {
      status: 'deprecated',
      status_reason: 'use "lib" & its successors',
      versions: {
        '0.1': { requires_python: '<3', yanked: 'broken <build> & "worse"' },
        '0.2': { requires_python: '>=2.7, !=3.0.*', yanked: true },
      },
    },
  },
}).index;

describe('the client against a local index, with faults', () => {
  let server: IndexServer;
  beforeAll(async () => {
    server = await startIndexServer({ snapshot: SMALL_SNAPSHOT });
  });
  afterAll(() => server.close());
  afterEach(() => server.clearFaults());

  const makeClient = (options: SimpleIndexClientOptions = {}) => new SimpleIndexClient({ indexUrl: server.indexUrl, retry: FAST_RETRY, ...options });
  const requestsTo = (path: string) => server.requests.filter((r) => r.path === path && r.method === 'GET').length;

  it('tells a missing project (404) from a page it could not get', async () => {
    expect((await makeClient().getProjectPage('no-such-project')).found).toBe(false);
  });

  it('retries a 500 and succeeds', async () => {
    server.addFault({ path: '/simple/app/', fault: { kind: 'status', status: 500 }, times: 2 });
    const page = await makeClient().getProjectPage('app');
    expect(page).toMatchObject({ found: true, origin: 'network', retries: 2 });
  });

  it('gives up after a bounded number of attempts, saying what the index answered', async () => {
    server.addFault({ path: '/simple/app/', fault: { kind: 'status', status: 503 } });
    const before = requestsTo('/simple/app/');
    const error = await failure(makeClient().getProjectPage('app'));
    expect(requestsTo('/simple/app/') - before).toBe(4);
    expect(error).toMatchObject({ kind: 'http-status', status: 503 });
    expect(error.message).toBe(`${server.indexUrl}app/: the index answered 503 Service Unavailable (gave up after 4 attempts). The index may be down or overloaded; try again in a few minutes.`);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    server.addFault({ path: '/simple/app/', fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 });
    const started = Date.now();
    const page = await makeClient().getProjectPage('app');
    expect(page).toMatchObject({ found: true, retries: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than it accepts', async () => {
    server.addFault({ path: '/simple/app/', fault: { kind: 'status', status: 429, retryAfter: '3600' } });
    const before = requestsTo('/simple/app/');
    const error = await failure(makeClient().getProjectPage('app'));
    expect(requestsTo('/simple/app/') - before).toBe(1);
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toContain('asked to wait 3600 s before trying again (Retry-After), longer than Pipette waits (60 s)');
  });

  it('retries a truncated body, and names it when it stays truncated', async () => {
    server.addFault({ path: '/simple/lib/', fault: { kind: 'truncate' }, times: 1 });
    expect(await makeClient().getProjectPage('lib')).toMatchObject({ found: true, retries: 1 });

    server.addFault({ path: '/simple/lib/', fault: { kind: 'truncate' } });
    const error = await failure(makeClient().getProjectPage('lib'));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/lib\/: the connection closed before the whole project page arrived \(\d+ bytes received.*\) \(gave up after 4 attempts\)\. Try again/);
  });

  it('does not retry a malformed body, and says where it breaks', async () => {
    server.addFault({ path: '/simple/lib/', fault: { kind: 'malformed' } });
    const before = requestsTo('/simple/lib/');
    const error = await failure(makeClient().getProjectPage('lib'));
    expect(requestsTo('/simple/lib/') - before).toBe(1);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(`${server.indexUrl}lib/: the index answered with data Pipette can't use: not valid JSON (the body ends abruptly: it may have been cut off)`);
  });

  it('names a dropped connection, a refused one and a silent server', async () => {
    server.addFault({ path: '/simple/lib/', fault: { kind: 'reset' } });
    expect((await failure(makeClient().getProjectPage('lib'))).message).toContain('the request failed before the index answered (fetch failed');

    const refused = await failure(new SimpleIndexClient({ indexUrl: `http://127.0.0.1:${await closedPort()}/simple/`, retry: FAST_RETRY }).getProjectPage('lib'));
    expect(refused.kind).toBe('unreachable');
    expect(refused.message).toContain('ECONNREFUSED');
    expect(refused.message).toContain('Check the address and your connection.');

    server.clearFaults();
    server.addFault({ path: '/simple/lib/', fault: { kind: 'latency', ms: 400 } });
    const silent = await failure(makeClient({ retry: { ...FAST_RETRY, attempts: 2, timeoutMs: 100 } }).getProjectPage('lib'));
    expect(silent.message).toContain('lib/: no answer within 100 ms (gave up after 2 attempts).');
  });

  it('refuses a body over its size limit, whether declared or streamed', async () => {
    const declared = await failure(makeClient({ limits: { projectPage: 100 } }).getProjectPage('lib'));
    expect(declared.kind).toBe('too-large');
    expect(declared.message).toMatch(/lib\/: the project page is larger than 100 bytes, the most Pipette accepts for one \(it declares 1\.\d KiB\)\./);

    let chunksSent = 0;
    const endless = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            chunksSent++;
            controller.enqueue(new Uint8Array(64 * 1024));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/vnd.pypi.simple.v1+json' } },
      );
    const streamed = await failure(makeClient({ fetch: endless, limits: { projectPage: 1024 * 1024 } }).getProjectPage('lib'));
    expect(streamed.message).toContain('the project page is larger than 1.0 MiB, the most Pipette accepts for one (Pipette stopped reading at 1.1 MiB).');
    expect(chunksSent).toBeLessThan(20);
  });

  it('asks for a page as pip does: JSON preferred, HTML accepted', async () => {
    const accepts: string[] = [];
    const recording: typeof fetch = (input, init) => {
      accepts.push(new Headers(init?.headers).get('accept') ?? '');
      return fetch(input, init);
    };
    const client = makeClient({ fetch: recording });
    await client.getProjectPage('lib');
    await client.getProjectList();
    expect(accepts).toEqual(Array(2).fill('application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01'));
    expect(SIMPLE_API_ACCEPT).toBe(accepts[0]);
  });

  it('names the forms it reads when the index finds none of them acceptable (406)', async () => {
    server.addFault({ path: '/simple/app/', fault: { kind: 'status', status: 406 } });
    const error = await failure(makeClient().getProjectPage('app'));
    expect(error).toMatchObject({ kind: 'http-status', status: 406 });
    expect(error.message).toBe(
      `${server.indexUrl}app/: the index answered 406 Not Acceptable: it serves the project page in none of the forms Pipette reads (the Simple API's JSON, PEP 691, or HTML, PEP 503). Check that the URL is the index's Simple API root (it usually ends in /simple/).`,
    );
  });

  it('reads a page by the form its Content-Type names, and refuses a media type that is neither', async () => {
    const answering = (contentType: string | null, body: string) => async () => new Response(new TextEncoder().encode(body), { status: 200, headers: contentType ? { 'content-type': contentType } : {} });
    const html = '<a href="../../files/lib-1.0.tar.gz#sha256=ab">lib-1.0.tar.gz</a>';
    const json = JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'lib', files: [{ filename: 'lib-1.0.tar.gz', url: '../../files/lib-1.0.tar.gz', hashes: { sha256: 'ab' } }] });
    for (const [contentType, body] of [
      ['text/html', html],
      ['text/html; charset=utf-8', html],
      ['application/vnd.pypi.simple.v1+html', html],
      ['Application/VND.PyPI.Simple.v1+JSON', json],
      ['application/json', json],
      // No Content-Type at all: told by the first character.
      [null, html],
      [null, json],
    ] as const) {
      const page = await makeClient({ fetch: answering(contentType, body) }).getProjectPage('lib');
      expect(page.found && page.value.page.files.map((f) => [f.filename, f.url, f.hashes]), `${contentType}`).toEqual([['lib-1.0.tar.gz', `${server.origin}/files/lib-1.0.tar.gz`, { sha256: 'ab' }]]);
    }
    const error = await failure(makeClient({ fetch: answering('text/plain', html) }).getProjectPage('lib'));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(`${server.indexUrl}lib/: the index answered with data Pipette can't use: expected the Simple API as JSON (application/vnd.pypi.simple.v1+json) or HTML (text/html), found the media type text/plain.`);
  });

  it('reads a cache entry stored before the Content-Type was kept (JSON, always)', async () => {
    const cache = new MemoryResponseCache();
    const client = makeClient({ cache });
    const first = await client.getProjectPage('lib');
    const { contentType, ...old } = (await cache.get(`${server.indexUrl}lib/`))!;
    expect(contentType).toBe('application/vnd.pypi.simple.v1+json');
    await cache.put(old);
    expect(await client.getProjectPage('lib')).toMatchObject({ origin: 'cache', found: true, value: first.found && first.value });
  });

  it('sends at most `concurrency` requests at once', async () => {
    let active = 0;
    let peak = 0;
    const counting: typeof fetch = async (input, init) => {
      active++;
      peak = Math.max(peak, active);
      try {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, headers: response.headers });
      } finally {
        active--;
      }
    };
    server.addFault({ path: '/simple/', fault: { kind: 'latency', ms: 20 } });
    const client = makeClient({ fetch: counting, concurrency: 2 });
    await Promise.all(['app', 'lib', 'x1', 'x2', 'x3', 'x4'].map((name) => client.getProjectPage(name)));
    expect(peak).toBe(2);
  });

  describe('cache', () => {
    it('uses a fresh page as it is, revalidates a stale one (304), and keeps metadata files for good', async () => {
      let now = Date.parse('2024-01-01T00:00:00Z');
      const cache = new MemoryResponseCache();
      const client = makeClient({ cache, now: () => now });
      const first = await client.getProjectPage('lib');
      expect(first).toMatchObject({ origin: 'network', found: true });
      expect(await client.getProjectPage('lib')).toMatchObject({ origin: 'cache', found: true, stale: false });

      now += 11 * 60 * 1000;
      const before = server.requests.length;
      const revalidated = await client.getProjectPage('lib');
      expect(revalidated).toMatchObject({ origin: 'revalidated', found: true, bytes: first.bytes });
      expect(server.requests.slice(before)).toEqual([{ method: 'GET', path: '/simple/lib/', status: 304, conditional: true }]);
      expect((await cache.get(`${server.indexUrl}lib/`))?.fetchedAt).toBe(now);

      if (!first.found) throw new Error('unreachable');
      const metadata = await client.getCoreMetadata(first.value.page.files[0]!);
      now += 365 * 24 * 60 * 60 * 1000;
      expect(await client.getCoreMetadata(first.value.page.files[0]!)).toMatchObject({ origin: 'cache', stale: false, value: metadata.found && metadata.value });
    });

    it('offline: answers from the cache, says what is stale, and names what it lacks', async () => {
      let now = Date.parse('2024-01-01T00:00:00Z');
      const cache = new MemoryResponseCache();
      await makeClient({ cache, now: () => now }).getProjectPage('lib');
      const offline = makeClient({ cache, now: () => now, offline: true });
      const before = server.requests.length;
      expect(await offline.getProjectPage('lib')).toMatchObject({ origin: 'cache', stale: false });
      now += 60 * 60 * 1000;
      expect(await offline.getProjectPage('lib')).toMatchObject({ origin: 'cache', stale: true, fetchedAt: now - 60 * 60 * 1000 });
      const miss = await failure(offline.getProjectPage('app'));
      expect(miss.kind).toBe('offline-miss');
      expect(miss.message).toBe(`${server.indexUrl}app/: the project page is not in the cache, and Pipette is working offline. Go online once to fetch it (it is kept for next time), or resolve requirements whose data are cached.`);
      expect(server.requests.length).toBe(before);
    });

    it('keeps the good copy when a revalidation fails, and works again afterwards', async () => {
      let now = Date.parse('2024-01-01T00:00:00Z');
      const cache = new MemoryResponseCache();
      const client = makeClient({ cache, now: () => now });
      await client.getProjectPage('app');
      const kept = await cache.get(`${server.indexUrl}app/`);
      now += 11 * 60 * 1000;
      for (const fault of [{ kind: 'malformed' }, { kind: 'truncate' }, { kind: 'status', status: 500 }] as const) {
        server.addFault({ path: '/simple/app/', fault });
        await failure(client.getProjectPage('app'));
        server.clearFaults();
        expect(await cache.get(`${server.indexUrl}app/`)).toEqual(kept);
      }
      expect(await client.getProjectPage('app')).toMatchObject({ origin: 'revalidated', found: true });
    });

    it('reports a full cache and still answers', async () => {
      class FullCache extends MemoryResponseCache {
        override async put(entry: CachedResponse): Promise<void> {
          throw new CacheWriteError('quota', entry.url, `storage is full: ${entry.url} was not kept`);
        }
      }
      const page = await makeClient({ cache: new FullCache() }).getProjectPage('lib');
      expect(page.found).toBe(true);
      expect(page.cacheProblem).toMatchObject({ kind: 'quota', message: `storage is full: ${server.indexUrl}lib/ was not kept` });
    });
  });
});

describe('an index that serves only the HTML form (PEP 503)', () => {
  let json: IndexServer;
  let html: IndexServer;
  beforeAll(async () => {
    json = await startIndexServer({ snapshot: HTML_SNAPSHOT });
    html = await startIndexServer({ snapshot: HTML_SNAPSHOT, form: 'html' });
  });
  afterAll(() => Promise.all([json.close(), html.close()]));
  afterEach(() => html.clearFaults());

  const makeClient = (options: SimpleIndexClientOptions = {}) => new SimpleIndexClient({ indexUrl: html.indexUrl, retry: FAST_RETRY, ...options });
  /** What only the JSON form carries (PEP 700), and where the files are. */
  const comparable = (page: ProjectPage, origin: string) => ({
    ...page,
    apiVersion: null,
    versions: null,
    files: page.files.map((f) => ({ ...f, url: f.url.replace(origin, ''), uploadTime: null, size: null })),
  });

  it('gives the same pages as the JSON form of the same index', async () => {
    const fromJson = new SimpleIndexClient({ indexUrl: json.indexUrl });
    const fromHtml = makeClient();
    for (const name of ['app', 'lib', 'old-lib']) {
      const a = await fromJson.getProjectPage(name);
      const b = await fromHtml.getProjectPage(name);
      if (!a.found || !b.found) throw new Error(`${name} is missing`);
      expect(comparable(b.value.page, html.origin)).toEqual(comparable(a.value.page, json.origin));
      expect(b.value.warnings).toEqual([]);
    }
    const old = await fromHtml.getProjectPage('old-lib');
    expect(old.found && old.value.page).toMatchObject({ name: 'Old-Lib', status: 'deprecated', statusReason: 'use "lib" & its successors' });
    expect(old.found && old.value.page.files.map((f) => [f.filename, f.requiresPython, f.yanked])).toEqual([
      ['old_lib-0.1-py3-none-any.whl', '<3', 'broken <build> & "worse"'],
      ['old_lib-0.1.tar.gz', '<3', 'broken <build> & "worse"'],
      ['old_lib-0.2-py3-none-any.whl', '>=2.7, !=3.0.*', ''],
      ['old_lib-0.2.tar.gz', '>=2.7, !=3.0.*', ''],
    ]);
    expect((await fromHtml.getProjectPage('no-such-project')).found).toBe(false);
  });

  it('reads metadata files through the links of an HTML page, checked against data-core-metadata', async () => {
    const page = await makeClient().getProjectPage('app');
    if (!page.found) throw new Error('app is missing');
    const file = page.value.page.files[0]!;
    expect(file.url).toBe(`${html.origin}/files/app/app-1.0-py3-none-any.whl`);
    expect(file.coreMetadata).toEqual({ hashes: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const metadata = await makeClient().getCoreMetadata(file);
    expect(metadata.found && metadata.value).toMatchObject({ name: 'app', version: '1.0', requiresDist: ['lib>=1'] });
  });

  it('caches an HTML page with its Content-Type, and reads it back fresh, revalidated and offline alike', async () => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const cache = new MemoryResponseCache();
    const client = makeClient({ cache, now: () => now });
    const first = await client.getProjectPage('lib');
    if (!first.found) throw new Error('lib is missing');
    const entry = await cache.get(`${html.indexUrl}lib/`);
    expect(entry).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(entry?.body.startsWith('<!DOCTYPE html>')).toBe(true);

    expect(await client.getProjectPage('lib')).toMatchObject({ origin: 'cache', value: first.value });
    now += 11 * 60 * 1000;
    const before = html.requests.length;
    expect(await client.getProjectPage('lib')).toMatchObject({ origin: 'revalidated', value: first.value });
    expect(html.requests.slice(before)).toEqual([{ method: 'GET', path: '/simple/lib/', status: 304, conditional: true }]);
    expect(await makeClient({ cache, now: () => now + 60 * 60 * 1000, offline: true }).getProjectPage('lib')).toMatchObject({ origin: 'cache', stale: true, value: first.value });
  });

  it('reads application/vnd.pypi.simple.v1+html as well', async () => {
    const typed = await startIndexServer({ snapshot: HTML_SNAPSHOT, form: 'html', htmlContentType: 'application/vnd.pypi.simple.v1+html' });
    try {
      const page = await new SimpleIndexClient({ indexUrl: typed.indexUrl }).getProjectPage('lib');
      expect(page.found && page.value.page.files.map((f) => f.filename)).toEqual(['lib-1.0-py3-none-any.whl', 'lib-1.0.tar.gz', 'lib-2.0-py3-none-any.whl', 'lib-2.0.tar.gz']);
    } finally {
      await typed.close();
    }
  });

  it('does not retry a broken HTML page, says where it breaks, and keeps the good copy', async () => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const cache = new MemoryResponseCache();
    const client = makeClient({ cache, now: () => now });
    await client.getProjectPage('app');
    const kept = await cache.get(`${html.indexUrl}app/`);
    now += 11 * 60 * 1000;
    html.addFault({ path: '/simple/app/', fault: { kind: 'malformed' } });
    const before = html.requests.length;
    const error = await failure(client.getProjectPage('app'));
    expect(html.requests.length - before).toBe(1);
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(new RegExp(`^${html.indexUrl}app/: the index answered with data Pipette can't use \\(at line \\d+, column \\d+\\): the page ends inside the .* that starts here; the body may have been cut off\\.`));
    expect(await cache.get(`${html.indexUrl}app/`)).toEqual(kept);
  });

  it('refuses an HTML page over the size limit, whether declared or streamed', async () => {
    const declared = await failure(makeClient({ limits: { projectPage: 100 } }).getProjectPage('lib'));
    expect(declared.kind).toBe('too-large');
    expect(declared.message).toContain('lib/: the project page is larger than 100 bytes, the most Pipette accepts for one (it declares');

    const endless = async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode('<a href="lib-1.0.tar.gz">lib-1.0.tar.gz</a>\n'.repeat(1000)));
          },
        }),
        { status: 200, headers: { 'content-type': 'text/html' } },
      );
    const streamed = await failure(makeClient({ fetch: endless, limits: { projectPage: 256 * 1024 } }).getProjectPage('lib'));
    expect(streamed.kind).toBe('too-large');
    expect(streamed.message).toContain('the project page is larger than 256 KiB');
  });

  it('finds close names in the HTML project list', async () => {
    expect(await suggestProjectNames(makeClient(), 'old-lob')).toEqual({ names: ['Old-Lib'], source: 'index', note: `from the list of 3 projects on ${html.indexUrl}` });
  });
});
