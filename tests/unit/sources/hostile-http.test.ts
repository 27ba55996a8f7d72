/**
 * A hostile or broken index over real HTTP: a body that trickles a byte at a time, a redirect
 * loop, an HTML page served as JSON, file links to `javascript:` and `data:` URLs, and keys
 * named `__proto__`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexRequestError, SimpleIndexClient } from '../../../src/sources/index.ts';

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const HTML_TYPE = 'application/vnd.pypi.simple.v1+html';
const hits = new Map<string, number>();
const timers = new Set<ReturnType<typeof setInterval>>();

function page(name: string, files: { filename: string; url: string; hashes?: Record<string, string> }[]): string {
  return JSON.stringify({ meta: { 'api-version': '1.1' }, name, files: files.map((f) => ({ hashes: {}, ...f })) });
}

const WHEEL = (name: string) => `${name}-1.0-py3-none-any.whl`;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  // The page asked for names another project: only its name is wrong.
  '/simple/renamed/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(page('requests', [{ filename: 'renamed-1.0.tar.gz', url: '../../files/renamed-1.0.tar.gz' }]));
  },
  // A metadata file answered with a login page (status 200): no Name, no Version.
  '/simple/portalmeta/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'portalmeta', files: [{ filename: WHEEL('portalmeta'), url: `files/${WHEEL('portalmeta')}`, hashes: {}, 'core-metadata': true }] }));
  },
  [`/simple/portalmeta/files/${WHEEL('portalmeta')}.metadata`]: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><head><title>Sign in</title></head><body>Requires-Dist: nothing</body></html>');
  },
  // A yank whose reason is 4 MB long.
  '/simple/longreason/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'longreason', files: [{ filename: 'longreason-1.0.tar.gz', url: 'f/longreason-1.0.tar.gz', hashes: {}, yanked: '🦀'.repeat(2_000_000) }] }));
  },
  '/simple/tofile/': (_req, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' });
    res.end();
  },
  '/simple/badgzip/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });
    res.end('this is not gzip at all, though the header says so');
  },
  // Three 503s, then 502s.
  '/simple/flaky/': (_req, res) => {
    res.writeHead((hits.get('/simple/flaky/') ?? 0) <= 3 ? 503 : 502).end();
  },
  // A page moved elsewhere, whose file links are relative to where it now is.
  '/simple/moved/': (_req, res) => {
    res.writeHead(301, { location: '/elsewhere/moved/' });
    res.end();
  },
  '/elsewhere/moved/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'moved', files: [{ filename: WHEEL('moved'), url: `files/${WHEEL('moved')}`, hashes: {}, 'core-metadata': true }] }));
  },
  [`/elsewhere/moved/files/${WHEEL('moved')}.metadata`]: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('Metadata-Version: 2.1\nName: moved\nVersion: 1.0\nRequires-Dist: six\n');
  },
  '/simple/drip/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    const timer = setInterval(() => res.write(' '), 20);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  },
  '/simple/loop/': (_req, res) => {
    res.writeHead(302, { location: '/simple/loop/' });
    res.end();
  },
  '/simple/portal/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end('<!doctype html><html><head><title>Sign in to the proxy</title></head><body>…</body></html>');
  },
  '/simple/schemes/': (_req, res) => {
    res.writeHead(200, { 'content-type': HTML_TYPE });
    res.end(
      [
        '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.1"></head><body>',
        '<a href="javascript:alert(1)//schemes-1.0.tar.gz">schemes-1.0.tar.gz</a>',
        '<a href="data:text/plain,schemes-1.1.tar.gz">schemes-1.1.tar.gz</a>',
        '<a href="../../files/schemes-2.0.tar.gz">schemes-2.0.tar.gz</a>',
        '</body></html>',
      ].join('\n'),
    );
  },
  '/simple/proto/': (_req, res) => {
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(page('proto', [{ filename: 'proto-__proto__.tar.gz', url: '../../files/proto-__proto__.tar.gz' }, { filename: 'proto-1.0.tar.gz', url: '../../files/proto-1.0.tar.gz', hashes: { ['__proto__']: 'ab', sha256: 'CD' } }]));
  },
};

let server: Server;
let indexUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  indexUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(task: Promise<unknown>): Promise<IndexRequestError> {
  try {
    await task;
  } catch (error) {
    if (error instanceof IndexRequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

const client = (retry: Record<string, number> = {}) => new SimpleIndexClient({ indexUrl, jsonApiUrl: null, retry: { baseDelayMs: 5, maxDelayMs: 20, ...retry } });

describe('a hostile index', () => {
  it('a body that trickles in forever meets the overall deadline, though each byte comes in time', async () => {
    const error = await failure(client({ timeoutMs: 10_000, deadlineMs: 600 }).getProjectPage('drip'));
    expect(error.kind).toBe('too-slow');
    expect(error.message).toMatch(/did not arrive whole within 600 ms \(\d+ bytes received by then\)/);
    expect(hits.get('/simple/drip/')).toBe(1);
  });

  it('a redirect loop is named as such and not retried', async () => {
    const error = await failure(client().getProjectPage('loop'));
    expect(error.kind).toBe('redirect-loop');
    expect(error.message).toContain('redirects in a loop');
    expect(error.message).not.toContain('failed before the index answered');
    expect(error.message).not.toContain('gave up after');
    // One attempt: fetch follows 20 redirects, then stops.
    expect(hits.get('/simple/loop/')).toBeLessThanOrEqual(21);
  });

  it('an HTML page served as JSON is called an HTML page, not a cut-off body', async () => {
    const error = await failure(client().getProjectPage('portal'));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('the body is an HTML page ("Sign in to the proxy"), not the JSON its Content-Type announced');
    expect(error.message).not.toContain('cut off');
  });

  it('drops javascript: and data: file links, saying so', async () => {
    const answer = await client().getProjectPage('schemes');
    if (!answer.found) throw new Error('expected the page');
    expect(answer.value.page.files.map((f) => f.filename)).toEqual(['schemes-2.0.tar.gz']);
    expect(answer.value.warnings.map((w) => w.message).join('\n')).toMatch(/ignored 2 file links whose URL is not http or https \(javascript:, data:\)/);
  });

  it('keeps a __proto__ hash name as a key, never as the prototype', async () => {
    const answer = await client().getProjectPage('proto');
    if (!answer.found) throw new Error('expected the page');
    const hashes = answer.value.page.files[1]!.hashes;
    expect(Object.getPrototypeOf(hashes)).toBe(Object.prototype);
    expect(Object.keys(hashes).sort()).toEqual(['__proto__', 'sha256']);
  });

  it('keeps the name asked for when the page names another project, saying so (pip reads only the files)', async () => {
    const { LiveIndexProvider } = await import('../../../src/sources/index.ts');
    const project = await new LiveIndexProvider(client()).getProject('renamed');
    expect(project).toMatchObject({ key: 'renamed', name: 'renamed' });
    expect(project?.candidates.map((c) => c.version.text)).toEqual(['1.0']);
    expect(project?.warnings.map((w) => w.message)).toContain(`renamed: the index's page for renamed names another project ("requests"); that name is ignored, as pip ignores it`);
  });

  it('refuses a metadata file without Name and Version (a login page served with 200), instead of reading no dependencies', async () => {
    const { LiveIndexProvider } = await import('../../../src/sources/index.ts');
    const { parseRequirement, resolve } = await import('../../../src/core/index.ts');
    const result = await resolve(new LiveIndexProvider(client()), { requirements: [parseRequirement('portalmeta')] });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(`${WHEEL('portalmeta')}.metadata has no Name or Version header, so it is not the release's core metadata`);
  });

  it("cuts an index's reasons to a bounded length, between characters", async () => {
    const { MAX_REASON_CHARS } = await import('../../../src/sources/simple-api.ts');
    const answer = await client().getProjectPage('longreason');
    if (!answer.found) throw new Error('expected the page');
    const reason = answer.value.page.files[0]!.yanked as string;
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(reason.endsWith('🦀…')).toBe(true);
  });

  it('names a redirect to file: and a body that is not what its Content-Encoding says, and asks once each', async () => {
    const toFile = await failure(client().getProjectPage('tofile'));
    expect(toFile.kind).toBe('malformed');
    expect(toFile.message).toContain('redirected to a URL that is not http or https');
    expect(hits.get('/simple/tofile/')).toBe(1);
    const gzip = await failure(client().getProjectPage('badgzip'));
    expect(gzip.kind).toBe('malformed');
    expect(gzip.message).toMatch(/could not be decompressed as its Content-Encoding \(gzip\) says/);
    expect(hits.get('/simple/badgzip/')).toBe(1);
  });

  it('says what the earlier attempts met when it differs from the last', async () => {
    const error = await failure(client({ attempts: 4 }).getProjectPage('flaky'));
    expect(error.message).toMatch(/answered 502 Bad Gateway.*\(gave up after 4 attempts; before that: 3 × the index answered 503 Service Unavailable\)/);
  });

  it('reads the links of a redirected page from where it was found, as pip does', async () => {
    const { LiveIndexProvider } = await import('../../../src/sources/index.ts');
    const provider = new LiveIndexProvider(client());
    const project = await provider.getProject('moved');
    expect(project?.candidates.map((c) => c.version.text)).toEqual(['1.0']);
    const metadata = await provider.getMetadata('moved', 0);
    expect(metadata.requirements.map((r) => r.key)).toEqual(['six']);
    expect(hits.get(`/elsewhere/moved/files/${WHEEL('moved')}.metadata`)).toBe(1);
    expect(hits.get(`/simple/moved/files/${WHEEL('moved')}.metadata`)).toBeUndefined();
  });

  it('lists a __proto__ version among the skipped ones', async () => {
    const { LiveIndexProvider } = await import('../../../src/sources/index.ts');
    const provider = new LiveIndexProvider(client());
    const project = await provider.getProject('proto');
    expect(project?.candidates.map((c) => c.version.text)).toEqual(['1.0']);
    expect(project?.warnings.map((w) => w.message)).toContain('proto: skipped 1 version that is not valid PEP 440: __proto__');
  });
});

describe('Retry-After, as RFC 9110 writes it', () => {
  it('reads delay-seconds and HTTP-dates, and nothing else (so a bad value backs off as usual)', async () => {
    const { retryAfterOf } = await import('../../../src/sources/http.ts');
    const now = Date.UTC(2026, 11, 4, 12, 0, 0);
    expect(retryAfterOf('5', now)).toBe(5000);
    expect(retryAfterOf('Fri, 04 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterOf('Friday, 04-Dec-26 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterOf('Fri Dec  4 12:00:30 2026', now)).not.toBeNull();
    // Date.parse reads these as dates in 2001: a wait of 0, and every retry at once.
    for (const bad of ['-5', '1.5', 'garbage', '', '2026-12-04', '0x10']) expect(retryAfterOf(bad, now)).toBeNull();
    expect(retryAfterOf(null, now)).toBeNull();
  });
});
