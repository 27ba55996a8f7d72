/**
 * A client for a package index that speaks the Simple API: project pages, PEP 658 metadata
 * files, PyPI's JSON API as a fallback, the list of projects. Every answer goes through a
 * ResponseCache: fresh copies are used as they are, stale ones are revalidated
 * (If-None-Match / If-Modified-Since, a 304 costs no body), and in offline mode the cache is
 * all there is. Each answer says where it came from, so callers can count and report it.
 *
 * Pages are asked for as pip asks: the JSON form (PEP 691) preferred, the HTML form (PEP 503)
 * accepted, and read by the parser for the form the index answered with. The cache keeps the
 * body as downloaded with its Content-Type, so a cached or revalidated copy is read the same way.
 */
import { normalizeName, type DataWarning } from '../core/index.ts';
import { parseCoreMetadata, type CoreMetadata } from './core-metadata.ts';
import { authorizationFor, basicAuthorization, redactLogins, splitLogin, type IndexLogin, type Login } from './credentials.ts';
import { IndexRequestError, malformed } from './errors.ts';
import { DEFAULT_RETRY_POLICY, httpGet, type RetryPolicy } from './http.ts';
import { jsonApiBaseFor, parseJsonApiRelease, type JsonApiRelease } from './pypi-json.ts';
import { CacheWriteError, isFresh, MemoryResponseCache, type CachedResponse, type ResponseCache } from './response-cache.ts';
import { parseJsonBody, parseProjectList, parseProjectPage, SIMPLE_JSON_MEDIA_TYPE, type Hashes, type ProjectFile, type ProjectPage } from './simple-api.ts';
import { parseHtmlProjectList, parseHtmlProjectPage, SIMPLE_HTML_MEDIA_TYPE } from './simple-html.ts';

export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';

/** What a page is asked for with, as pip asks (PEP 691): JSON first, then either spelling of HTML. */
export const SIMPLE_API_ACCEPT = `${SIMPLE_JSON_MEDIA_TYPE}, ${SIMPLE_HTML_MEDIA_TYPE};q=0.2, text/html;q=0.01`;

export interface BodyLimits {
  readonly projectPage: number;
  readonly metadataFile: number;
  readonly jsonApi: number;
  readonly projectList: number;
}

const MiB = 1024 * 1024;

/** numpy's page, among PyPI's largest, is about 1 MiB; a metadata file is a few KiB. */
export const DEFAULT_BODY_LIMITS: BodyLimits = { projectPage: 16 * MiB, metadataFile: 1 * MiB, jsonApi: 8 * MiB, projectList: 16 * MiB };

/** How long a project page is used without asking the index again, at most (PyPI says 10 minutes too). */
export const DEFAULT_PAGE_MAX_AGE_MS = 10 * 60 * 1000;

export interface SimpleIndexClientOptions {
  /** The index's simple API root (default PyPI's); a login in it (`https://USER:PASSWORD@host/`) is sent to its host only. */
  readonly indexUrl?: string;
  /** A login for the index's host when its URL has no password (the CLI's ~/.netrc), and where it came from. */
  readonly login?: (Login & { readonly from: string }) | null;
  /** PyPI-style JSON API root, for versions without a metadata file; default: known for PyPI and TestPyPI only. */
  readonly jsonApiUrl?: string | null;
  readonly cache?: ResponseCache;
  /** Answer from the cache only; what it lacks fails with an `offline-miss` error. */
  readonly offline?: boolean;
  /** Most requests in flight at once. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly limits?: Partial<BodyLimits>;
  /** The longest a project page is used without asking the index again (it may say less). */
  readonly pageMaxAgeMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** Where an answer came from: downloaded, confirmed unchanged by the index (304), or the cache alone. */
export type Origin = 'network' | 'revalidated' | 'cache';

interface Provenance {
  readonly url: string;
  readonly origin: Origin;
  /** Offline only: the cached copy is older than its freshness lifetime. */
  readonly stale: boolean;
  /** When the copy used was downloaded or last confirmed. */
  readonly fetchedAt: number;
  /** Body bytes used: downloaded for `network`, read from the cache otherwise. */
  readonly bytes: number;
  readonly retries: number;
  /** The answer could not be kept in the cache (quota...); it is still valid. */
  readonly cacheProblem: CacheWriteError | null;
}

export type Lookup<T> = (Provenance & { readonly found: true; readonly value: T }) | (Provenance & { readonly found: false });

export interface ParsedPage {
  readonly page: ProjectPage;
  readonly warnings: readonly DataWarning[];
}

interface ResourceSpec<T> {
  readonly what: string;
  readonly accept: string;
  readonly maxBytes: number;
  /** Never changes once published (metadata files): no revalidation, ever. */
  readonly immutable: boolean;
  /** Checks done on downloaded bytes only (hashes); a cached copy was checked when stored. */
  readonly verify?: (bytes: Uint8Array, url: string) => Promise<void>;
  /** `contentType`: as the index sent it with the body (null when it sent none, or for cache entries older than that field). */
  readonly parse: (text: string, url: string, contentType: string | null) => T;
}

export class SimpleIndexClient {
  /** Without its login, if it had one: this is what messages, reports and cache entries show. */
  readonly indexUrl: string;
  /** The index URL as given, its login masked (`user:****@host`): how pip names it in "Looking in indexes". */
  readonly shownUrl: string;
  /** Sent as HTTP Basic authentication to the index's origin only; null for none. */
  private readonly login: IndexLogin | null;
  readonly jsonApiUrl: string | null;
  readonly cache: ResponseCache;
  readonly offline: boolean;
  private readonly limits: BodyLimits;
  private readonly retry: RetryPolicy;
  private readonly pageMaxAgeMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly limiter: Limiter;
  private readonly inFlight = new Map<string, Promise<Lookup<unknown>>>();
  /** Logins that URLs carried (an index may put one in a file link), by host: pip keeps them by netloc. */
  private readonly hostLogins = new Map<string, Login>();

  constructor(options: SimpleIndexClientOptions = {}) {
    const asGiven = normalizeIndexUrl(options.indexUrl ?? DEFAULT_INDEX_URL);
    const { url, login } = splitLogin(new URL(asGiven));
    this.indexUrl = url.href;
    this.shownUrl = redactLogins(asGiven);
    // pip: a URL's user with a password wins; a user alone (a token) gives way to netrc's login.
    const fromUrl = login && { ...login, from: 'the index URL' };
    const given = fromUrl?.password ? fromUrl : (options.login ?? fromUrl);
    this.login = given && { username: given.username, password: given.password, from: given.from, origin: url.origin };
    this.jsonApiUrl = options.jsonApiUrl === undefined ? jsonApiBaseFor(this.indexUrl) : options.jsonApiUrl && normalizeIndexUrl(options.jsonApiUrl);
    this.cache = options.cache ?? new MemoryResponseCache();
    this.offline = options.offline ?? false;
    this.limits = { ...DEFAULT_BODY_LIMITS, ...options.limits };
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.pageMaxAgeMs = options.pageMaxAgeMs ?? DEFAULT_PAGE_MAX_AGE_MS;
    // Bound to the global: a detached `fetch` throws "Illegal invocation" in browsers.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.limiter = new Limiter(options.concurrency ?? 6);
  }

  /** Where the login sent to the index came from ('the index URL', '~/.netrc'), or null when none is sent. */
  get loginFrom(): string | null {
    return this.login?.from ?? null;
  }

  projectPageUrl(name: string): string {
    return new URL(`${encodeURIComponent(normalizeName(name))}/`, this.indexUrl).href;
  }

  /** A project's page, or `found: false` when the index has no such project. */
  getProjectPage(name: string, signal?: AbortSignal): Promise<Lookup<ParsedPage>> {
    return this.lookup(this.projectPageUrl(name), this.pageSpec(), signal);
  }

  /** PEP 658: the core metadata of one distribution file, checked against its published hash. */
  getCoreMetadata(file: ProjectFile, signal?: AbortSignal): Promise<Lookup<CoreMetadata>> {
    const hashes = file.coreMetadata ? file.coreMetadata.hashes : {};
    return this.lookup(
      metadataUrlOf(file),
      {
        what: 'metadata file',
        accept: '*/*',
        maxBytes: this.limits.metadataFile,
        immutable: true,
        verify: (bytes, url) => verifyHashes(bytes, hashes, url),
        parse: (text) => parseCoreMetadata(text, file.filename),
      },
      signal,
    );
  }

  /** PyPI's JSON API for one release; null when this index has none that Pipette knows of. */
  getJsonApiRelease(name: string, version: string, signal?: AbortSignal): Promise<Lookup<JsonApiRelease>> | null {
    if (!this.jsonApiUrl) return null;
    const url = new URL(`${encodeURIComponent(normalizeName(name))}/${encodeURIComponent(version)}/json`, this.jsonApiUrl).href;
    return this.lookup(url, { what: 'JSON API release', accept: 'application/json', maxBytes: this.limits.jsonApi, immutable: true, parse: (text, at) => parseJsonApiRelease(parseJsonBody(text, at), at) }, signal);
  }

  /** The index's list of every project name (`GET /simple/`). */
  getProjectList(signal?: AbortSignal): Promise<Lookup<string[]>> {
    return this.lookup(
      this.indexUrl,
      {
        what: 'project list',
        accept: SIMPLE_API_ACCEPT,
        maxBytes: this.limits.projectList,
        immutable: false,
        parse: inEitherForm(parseProjectList, parseHtmlProjectList),
      },
      signal,
    );
  }

  private pageSpec(): ResourceSpec<ParsedPage> {
    return {
      what: 'project page',
      accept: SIMPLE_API_ACCEPT,
      maxBytes: this.limits.projectPage,
      immutable: false,
      parse: inEitherForm(parseProjectPage, parseHtmlProjectPage),
    };
  }

  private lookup<T>(given: string, spec: ResourceSpec<T>, signal: AbortSignal | undefined): Promise<Lookup<T>> {
    // A login in the URL is taken out: the URL is fetched, cached and shown without it.
    const { url, authorization } = this.withoutLogin(given);
    // Concurrent asks for one URL share one request.
    const pending = this.inFlight.get(url);
    if (pending) return pending as Promise<Lookup<T>>;
    const task = this.lookupNow(url, spec, signal, authorization).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, task);
    return task;
  }

  /**
   * A URL without its login, and the login its request carries, as pip's MultiDomainBasicAuth
   * picks one (pip/_internal/network/auth.py): the URL's own (`split_auth_from_netloc`), else the
   * index's on the index's origin, else one an earlier URL carried for the same host. It goes to
   * that host alone: fetch drops it on a redirect to another origin, as requests does.
   */
  private withoutLogin(given: string): { readonly url: string; readonly authorization: string | null } {
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      return { url: given, authorization: null }; // The request says what is wrong with it.
    }
    const { url, login } = splitLogin(parsed);
    if (login) this.hostLogins.set(url.host, login);
    const hostLogin = this.hostLogins.get(url.host);
    const authorization = login ? basicAuthorization(login) : (authorizationFor(url.href, this.login) ?? (hostLogin ? basicAuthorization(hostLogin) : null));
    return { url: url.href, authorization };
  }

  private async lookupNow<T>(url: string, spec: ResourceSpec<T>, signal: AbortSignal | undefined, authorization: string | null): Promise<Lookup<T>> {
    const now = this.now();
    const cached = await this.cache.get(url).catch(() => undefined);
    const fresh = cached !== undefined && isFresh(cached, now, this.pageMaxAgeMs);
    if (cached && (fresh || this.offline)) {
      const fromCache = this.fromCache(cached, spec, !fresh);
      if (fromCache) return fromCache;
      // An unreadable cached copy is dropped and downloaded again (when online).
      await this.cache.delete(url).catch(() => {});
    }
    if (this.offline) {
      throw new IndexRequestError(
        'offline-miss',
        url,
        `the ${spec.what} is not in the cache, and Pipette is working offline.`,
        'Go online once to fetch it (it is kept for next time), or resolve requirements whose data are cached.',
      );
    }

    const answer = await this.limiter.run(
      () =>
        httpGet(
          {
            url,
            accept: spec.accept,
            maxBytes: spec.maxBytes,
            what: spec.what,
            etag: cached?.status === 200 ? cached.etag : null,
            lastModified: cached?.status === 200 ? cached.lastModified : null,
            authorization,
            signal,
          },
          { fetch: this.fetchImpl, retry: this.retry },
        ),
      signal,
    );
    const fetchedAt = this.now();
    // Stored as the index said; this client's own cap applies when the entry is read.
    const maxAgeMs = spec.immutable ? null : (answer.maxAgeMs ?? this.pageMaxAgeMs);
    const base = { url, fetchedAt, retries: answer.retries, stale: false };

    if (answer.kind === 'not-modified') {
      if (!cached || cached.status !== 200) throw malformed(url, '', 'the index answered 304 Not Modified to a request that had nothing to compare with');
      const value = spec.parse(cached.body, cached.finalUrl ?? url, cached.contentType ?? null);
      const cacheProblem = await this.store({ ...cached, fetchedAt, maxAgeMs, etag: answer.etag ?? cached.etag, lastModified: answer.lastModified ?? cached.lastModified });
      return { ...base, found: true, value, origin: 'revalidated', bytes: cached.bytes, cacheProblem };
    }
    if (answer.kind === 'not-found') {
      // Absence is remembered like a page is (a project may be published later), never forever.
      const cacheProblem = await this.store({ url, status: 404, body: '', bytes: 0, etag: null, lastModified: null, fetchedAt, maxAgeMs: answer.maxAgeMs ?? this.pageMaxAgeMs });
      return { ...base, found: false, origin: 'network', bytes: 0, cacheProblem };
    }

    if (spec.verify) await spec.verify(answer.body, url);
    const text = decodeUtf8(answer.body, url, spec.what);
    // Parsed before it is stored: a malformed body never reaches the cache. Its relative links
    // lead from where it was found, after any redirect (as pip reads them: from the response's URL).
    const value = spec.parse(text, answer.finalUrl, answer.contentType);
    const cacheProblem = await this.store({
      url,
      ...(answer.finalUrl !== url ? { finalUrl: answer.finalUrl } : {}),
      status: 200,
      body: text,
      bytes: answer.body.byteLength,
      contentType: answer.contentType,
      etag: answer.etag,
      lastModified: answer.lastModified,
      fetchedAt,
      maxAgeMs,
    });
    return { ...base, found: true, value, origin: 'network', bytes: answer.body.byteLength, cacheProblem };
  }

  private fromCache<T>(entry: CachedResponse, spec: ResourceSpec<T>, stale: boolean): Lookup<T> | null {
    const base = { url: entry.url, origin: 'cache' as const, stale: stale && this.offline, fetchedAt: entry.fetchedAt, retries: 0, cacheProblem: null };
    if (entry.status === 404) return { ...base, found: false, bytes: 0 };
    try {
      return { ...base, found: true, value: spec.parse(entry.body, entry.finalUrl ?? entry.url, entry.contentType ?? null), bytes: entry.bytes };
    } catch {
      return null;
    }
  }

  private async store(entry: CachedResponse): Promise<CacheWriteError | null> {
    try {
      await this.cache.put(entry);
      return null;
    } catch (error) {
      return error instanceof CacheWriteError ? error : new CacheWriteError('failed', entry.url, `could not keep ${entry.url} in the cache: ${(error as Error).message}`);
    }
  }
}

/**
 * An index URL with a trailing slash, so that project names resolve beneath it; a login in it is
 * kept. Throws RangeError for anything else, with any login in the text masked.
 */
export function normalizeIndexUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`${JSON.stringify(redactLogins(text))} is not a URL; give the index as a full URL, such as https://pypi.org/simple/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`${redactLogins(text)} is not an http or https URL, which is how an index is reached`);
  }
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** PEP 658: the metadata file is served at the distribution's URL plus `.metadata`. */
export function metadataUrlOf(file: ProjectFile): string {
  const url = new URL(file.url);
  url.hash = '';
  url.pathname += '.metadata';
  return url.href;
}

/** The forms of the Simple API by media type (PEP 691); `application/json` is what some proxies relabel JSON as. */
const SIMPLE_API_FORMS: ReadonlyMap<string, 'json' | 'html'> = new Map<string, 'json' | 'html'>([
  [SIMPLE_JSON_MEDIA_TYPE, 'json'],
  ['application/json', 'json'],
  [SIMPLE_HTML_MEDIA_TYPE, 'html'],
  ['text/html', 'html'],
]);

/**
 * Which form of the Simple API a page is in, by its Content-Type. Without one (an index that
 * sends none, or a cache entry stored before the type was kept, which is JSON), by its first
 * character.
 */
export function simpleApiForm(contentType: string | null, text: string, url: string): 'json' | 'html' {
  if (!contentType) return text.trimStart().startsWith('<') ? 'html' : 'json';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const form = SIMPLE_API_FORMS.get(mediaType);
  if (form) return form;
  throw malformed(url, '', `expected the Simple API as JSON (${SIMPLE_JSON_MEDIA_TYPE}) or HTML (text/html), found the media type ${mediaType}`);
}

/** A Simple API answer read by the parser of the form it came in. */
function inEitherForm<T>(fromJson: (data: unknown, url: string) => T, fromHtml: (html: string, url: string) => T): ResourceSpec<T>['parse'] {
  return (text, url, contentType) => (simpleApiForm(contentType, text, url) === 'html' ? fromHtml(text, url) : fromJson(parseJsonBody(text, url), url));
}

function decodeUtf8(bytes: Uint8Array, url: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed(url, '', `the ${what} is not UTF-8 text`);
  }
}

interface SubtleDigest {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}

/** Hash names of the Simple API to Web Crypto names, strongest first; md5 and blake2b can't be checked here. */
const CHECKABLE_HASHES: readonly (readonly [string, string])[] = [
  ['sha512', 'SHA-512'],
  ['sha384', 'SHA-384'],
  ['sha256', 'SHA-256'],
];

/**
 * Checks a body against the strongest hash published for it that Web Crypto can compute.
 * Without Web Crypto (a page served over plain http from another host) nothing is checked.
 */
export async function verifyHashes(bytes: Uint8Array, hashes: Hashes, url: string): Promise<void> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleDigest } }).crypto?.subtle;
  const chosen = CHECKABLE_HASHES.find(([name]) => hashes[name] !== undefined);
  if (!subtle || !chosen) return;
  const [name, algorithm] = chosen;
  const digest = new Uint8Array(await subtle.digest(algorithm, bytes));
  const actual = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const expected = hashes[name]!;
  if (actual !== expected) {
    throw new IndexRequestError(
      'integrity',
      url,
      `the file does not match the ${name} hash the index published for it (expected ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…).`,
      'It may have been changed in transit or by a proxy; try again later.',
    );
  }
}

/** At most `max` tasks at once; the others wait in order. A cancelled waiter leaves the queue. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(start);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal!.reason instanceof Error ? signal!.reason : Object.assign(new Error('The request was cancelled.'), { name: 'AbortError' }));
        };
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(start);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted.
      if (next) next();
      else this.active--;
    }
  }
}
