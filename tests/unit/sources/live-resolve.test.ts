// Lazy resolution through resolve() with the live provider, against a local index: a real tree
// (real PyPI pages and metadata files over a snapshot of popular projects), progress, offline
// from the cache with the same result, and what a failure does to the result.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadSnapshot, parseRequirement, resolve, ResolveCancelledError, type ResolveResult, type ResolveSuccess } from '../../../src/core/index.ts';
import {
  IndexRequestError,
  LiveIndexProvider,
  MemoryResponseCache,
  SimpleIndexClient,
  suggestProjectNames,
  type LiveIndexProgress,
  type LiveIndexProviderOptions,
  type SimpleIndexClientOptions,
} from '../../../src/sources/index.ts';
import { readIndexFile } from '../../../src/cli/files.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';
import { POPULAR_SNAPSHOT, PYPI_RESPONSES } from '../../support/shared-data.ts';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };
const requirements = (...texts: string[]) => texts.map((t) => parseRequirement(t));
const pins = (result: ResolveResult) => (result.ok ? Object.fromEntries(result.packages.map((p) => [p.key, p.version])) : null);

function liveResolve(server: IndexServer, texts: string[], client: Partial<SimpleIndexClientOptions> = {}, provider: LiveIndexProviderOptions = {}) {
  const live = new LiveIndexProvider(new SimpleIndexClient({ indexUrl: server.indexUrl, jsonApiUrl: server.jsonApiUrl, retry: FAST_RETRY, ...client }), provider);
  return { provider: live, result: resolve(live, { requirements: requirements(...texts) }) };
}

describe.skipIf(!PYPI_RESPONSES || !POPULAR_SNAPSHOT)('a real tree from real PyPI answers and the 2023-09 snapshot (skipped: ../shared/data is absent)', () => {
  let server: IndexServer;
  beforeAll(async () => {
    server = await startIndexServer({ snapshot: readIndexFile(POPULAR_SNAPSHOT!).index, pypiResponses: PYPI_RESPONSES! });
  });
  afterAll(() => server.close());

  const EXPECTED = {
    certifi: '2023.7.22',
    'charset-normalizer': '3.2.0',
    idna: '3.4',
    iniconfig: '1.1.1',
    packaging: '21.3',
    pluggy: '1.3.0',
    pyparsing: '3.0.7',
    pytest: '7.4.0',
    requests: '2.31.0',
    urllib3: '2.0.5',
  };

  it('resolves requests and pytest lazily, with progress, then again offline from the cache alike', async () => {
    const cache = new MemoryResponseCache();
    const updates: LiveIndexProgress[] = [];
    const online = liveResolve(server, ['requests', 'pytest'], { cache }, { onProgress: (p) => updates.push(p) });
    const result = await online.result;
    expect(pins(result)).toEqual(EXPECTED);

    const { progress } = online.provider.report();
    // One page per project met; one metadata file each, but pytest's (listed, not served: its JSON API stands in).
    expect(progress).toMatchObject({ pagesFetched: 10, pagesFromCache: 0, projectsNotFound: 0, jsonApiFallbacks: 1, retries: 0, inFlight: 0, cacheWriteFailures: 0 });
    expect(progress.metadataFetched).toBeGreaterThanOrEqual(11);
    expect(progress.bytesFetched).toBeGreaterThan(100_000);
    expect(updates.length).toBeGreaterThan(20);
    expect(Math.max(...updates.map((u) => u.inFlight))).toBeGreaterThan(1);
    expect(updates.map((u) => u.pagesFetched)).toEqual([...updates.map((u) => u.pagesFetched)].sort((a, b) => a - b));

    const before = server.requests.length;
    const offline = liveResolve(server, ['requests', 'pytest'], { cache, offline: true });
    expect(pins(await offline.result)).toEqual(EXPECTED);
    expect(server.requests.length).toBe(before);
    expect(offline.provider.report()).toMatchObject({ offline: true, stale: [], progress: { bytesFetched: 0, pagesFetched: 0, pagesFromCache: 10 } });
  });

  it('says which cached pages were stale when offline', async () => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const cache = new MemoryResponseCache();
    await liveResolve(server, ['requests'], { cache, now: () => now }).result;
    now += 2 * 60 * 60 * 1000;
    const offline = liveResolve(server, ['requests'], { cache, now: () => now, offline: true });
    expect(pins(await offline.result)).toMatchObject({ requests: '2.31.0' });
    const { stale } = offline.provider.report();
    // Pages age; metadata files never do.
    expect(stale.map((s) => s.url.replace(server.indexUrl, '')).sort()).toEqual(['certifi/', 'charset-normalizer/', 'idna/', 'requests/', 'urllib3/']);
    expect(stale.every((s) => s.fetchedAt === now - 2 * 60 * 60 * 1000)).toBe(true);
  });
});

describe.skipIf(!PYPI_RESPONSES || !POPULAR_SNAPSHOT)('the same real tree from an index that serves only the HTML form (PEP 503) (skipped: ../shared/data is absent)', () => {
  let json: IndexServer;
  let html: IndexServer;
  beforeAll(async () => {
    const options = { snapshot: readIndexFile(POPULAR_SNAPSHOT!).index, pypiResponses: PYPI_RESPONSES! };
    [json, html] = await Promise.all([startIndexServer(options), startIndexServer({ ...options, form: 'html' })]);
  });
  afterAll(() => Promise.all([json.close(), html.close()]));

  /** A result as a plan: everything but the solver's timings. */
  const plan = (result: ResolveResult) => {
    if (!result.ok) throw new Error('the resolve failed');
    const { stats: _stats, ...rest } = result;
    return rest;
  };

  it.each([
    [['requests', 'pytest']],
    [['black', 'flask<3']],
    [['requests[socks]', 'urllib3<2']],
  ])('resolves %j to the same plan as the JSON form', async (texts) => {
    const fromJson = liveResolve(json, texts);
    const fromHtml = liveResolve(html, texts);
    const expected = plan(await fromJson.result);
    expect(plan(await fromHtml.result)).toEqual(expected);
    expect(expected.packages.length).toBeGreaterThan(3);

    // One request per page, and as many pages and metadata files as through the JSON form.
    const pages = html.requests.filter((r) => r.path.startsWith('/simple/') && r.method === 'GET');
    expect(pages.length).toBe(fromHtml.provider.report().progress.pagesFetched + fromHtml.provider.report().progress.projectsNotFound);
    const { progress: a } = fromJson.provider.report();
    const { progress: b } = fromHtml.provider.report();
    expect([b.pagesFetched, b.metadataFetched, b.jsonApiFallbacks, b.projectsNotFound]).toEqual([a.pagesFetched, a.metadataFetched, a.jsonApiFallbacks, a.projectsNotFound]);
    html.requests.length = 0;
  });

  it('resolves again offline from the cached HTML pages', async () => {
    const cache = new MemoryResponseCache();
    const online = await liveResolve(html, ['requests', 'pytest'], { cache }).result;
    const before = html.requests.length;
    const offline = liveResolve(html, ['requests', 'pytest'], { cache, offline: true });
    expect(plan(await offline.result)).toEqual(plan(online));
    expect(html.requests.length).toBe(before);
    expect(offline.provider.report().progress).toMatchObject({ pagesFetched: 0, pagesFromCache: 10, bytesFetched: 0 });
  });
});

const SMALL = loadSnapshot({
  format: 'index-snapshot/1',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['lib>=1', 'extra-tool; python_version < "3.0"'], upload_time: '2022-01-01T00:00:00Z' } } },
    lib: {
      versions: {
        '1.0': { upload_time: '2021-01-01T00:00:00Z' },
        '2.0': { requires_dist: ['helper'], upload_time: '2023-01-01T00:00:00Z' },
      },
    },
    helper: { versions: { '1.0': { upload_time: '2021-06-01T00:00:00Z' } } },
  },
}).index;

describe('live resolution against a small local index', () => {
  let server: IndexServer;
  beforeAll(async () => {
    server = await startIndexServer({ snapshot: SMALL });
  });
  afterAll(() => server.close());
  afterEach(() => server.clearFaults());

  it('resolves, fetching only what the resolver needs', async () => {
    const before = server.requests.length;
    const { result } = liveResolve(server, ['app']);
    expect(pins(await result)).toEqual({ app: '1.0', lib: '2.0', helper: '1.0' });
    const paths = server.requests.slice(before).map((r) => r.path);
    // No page for extra-tool (its marker is false) and no metadata for lib 1.0.
    expect(paths.filter((p) => p.startsWith('/simple/')).sort()).toEqual(['/simple/app/', '/simple/helper/', '/simple/lib/']);
    expect(paths.filter((p) => p.includes('lib-1.0'))).toEqual([]);
  });

  it('fails the resolve with the index error when a page cannot be had, never as "not found"', async () => {
    server.addFault({ path: '/simple/lib/', fault: { kind: 'status', status: 502 } });
    const error = await liveResolve(server, ['app']).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexRequestError);
    expect((error as IndexRequestError).message).toBe(`${server.indexUrl}lib/: the index answered 502 Bad Gateway (gave up after 4 attempts). The index may be down or overloaded; try again in a few minutes.`);
  });

  it('fails the resolve when metadata cannot be downloaded, rather than skipping the version', async () => {
    server.addFault({ path: /lib-2\.0-py3-none-any\.whl\.metadata$/, fault: { kind: 'reset' } });
    const error = await liveResolve(server, ['app']).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexRequestError);
    expect((error as IndexRequestError).kind).toBe('unreachable');
  });

  it('explains a version whose metadata is broken, and resolves around it', async () => {
    server.addFault({ path: /lib-2\.0-py3-none-any\.whl\.metadata$/, fault: { kind: 'malformed' } });
    const { result } = liveResolve(server, ['app', 'lib>=2'], { jsonApiUrl: null });
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    const text = JSON.stringify(!outcome.ok && outcome.derivation.nodes.map((n) => n.cause));
    expect(text).toContain('"kind":"metadata"');
    expect(text).toContain('lib-2.0-py3-none-any.whl.metadata: the file does not match the sha256 hash the index published for it');
    expect(text).toContain('and the index has no JSON API that Pipette knows of to ask instead');

    server.clearFaults();
    server.addFault({ path: /lib-2\.0-py3-none-any\.whl\.metadata$/, fault: { kind: 'malformed' } });
    expect(pins(await liveResolve(server, ['app'], { jsonApiUrl: null }).result)).toEqual({ app: '1.0', lib: '1.0' });
    // With PyPI's JSON API to ask instead, the version is usable after all.
    expect(pins(await liveResolve(server, ['app']).result)).toEqual({ app: '1.0', lib: '2.0', helper: '1.0' });
  });

  it('names a missing project as such, with close names from the index', async () => {
    const { provider, result } = liveResolve(server, ['ap']);
    const outcome = await result;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.derivation.packages.find((p) => p.key === 'ap')?.notFound).toBe(true);
    expect(provider.report().notFound).toEqual(['ap']);
    expect(await suggestProjectNames(provider.client, 'ap')).toEqual({ names: ['app'], source: 'index', note: `from the list of 3 projects on ${server.indexUrl}` });
    expect(await suggestProjectNames(new SimpleIndexClient(), 'reqeusts')).toMatchObject({ names: ['requests'], source: 'popular-list' });
  });

  it('sees the index as of a date: later files do not exist', async () => {
    const { result } = liveResolve(server, ['app'], {}, { asOf: '2022-06-01T00:00:00Z' });
    expect(pins(await result)).toEqual({ app: '1.0', lib: '1.0' });
    const { result: tooEarly } = liveResolve(server, ['app'], {}, { asOf: '2021-12-31' });
    const outcome = await tooEarly;
    expect(outcome.ok).toBe(false);
  });

  it('stops when cancelled', async () => {
    server.addFault({ path: '/simple/', fault: { kind: 'latency', ms: 200 } });
    const controller = new AbortController();
    const { result } = liveResolve(server, ['app'], { cache: new MemoryResponseCache() }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(result).rejects.toBeInstanceOf(ResolveCancelledError);
  });

  it('says that an "as of" date cannot apply to an HTML-only index, which publishes no upload times', async () => {
    const htmlOnly = await startIndexServer({ snapshot: SMALL, form: 'html' });
    try {
      const outcome = await liveResolve(htmlOnly, ['app'], {}, { asOf: '2022-06-01T00:00:00Z' }).result;
      // Through the JSON form lib 2.0 (2023) is left out; here nothing can be.
      expect(pins(outcome)).toEqual({ app: '1.0', lib: '2.0', helper: '1.0' });
      expect(outcome.warnings.map((w) => w.message)).toContain('lib: 4 files have no upload time, so the "as of" date can\'t apply to them; kept');
    } finally {
      await htmlOnly.close();
    }
  });

  it('matches the same snapshot resolved from memory, read in either form', async () => {
    const { IndexProvider } = await import('../../../src/core/index.ts');
    const htmlOnly = await startIndexServer({ snapshot: SMALL, form: 'html' });
    try {
      for (const texts of [['app'], ['lib<2'], ['app', 'helper']]) {
        const fromMemory = (await resolve(new IndexProvider(SMALL), { requirements: requirements(...texts) })) as ResolveSuccess;
        expect(pins(await liveResolve(server, texts).result)).toEqual(pins(fromMemory));
        expect(pins(await liveResolve(htmlOnly, texts).result)).toEqual(pins(fromMemory));
      }
    } finally {
      await htmlOnly.close();
    }
  });
});
