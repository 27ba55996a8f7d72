/**
 * One GET against an index, done carefully: a size limit on every body, a time limit on every
 * wait, bounded retries with exponential backoff for the failures that may pass (no answer,
 * a cut connection, 408, 429, 5xx), Retry-After honoured, and an IndexRequestError that says
 * what happened for everything else. Works with the `fetch` of browsers, workers and Node.
 */
import { IndexRequestError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails at once, saying so. */
  readonly maxRetryAfterMs: number;
  /** No answer (headers) within this, or no new bytes within this while reading the body. */
  readonly timeoutMs: number;
  /**
   * The whole request, every attempt and wait included, within this: a server that sends a byte
   * now and then resets the idle timer above forever, but not this one.
   */
  readonly deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 30_000,
  deadlineMs: 120_000,
};

export interface HttpGet {
  readonly url: string;
  readonly accept: string;
  /** Bodies larger than this are refused (the download stops there). */
  readonly maxBytes: number;
  /** What is being fetched, for messages: "project page", "metadata file". */
  readonly what: string;
  /** Validators of the copy at hand: when given, the request is conditional. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  /** An `Authorization` header value: the index's login, for a request to the index's own origin. */
  readonly authorization?: string | null;
  readonly signal?: AbortSignal;
}

interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** From Cache-Control `max-age` (0 for `no-cache`/`no-store`); null when the index gave none. */
  readonly maxAgeMs: number | null;
}

export type HttpAnswer =
  | ({ readonly kind: 'ok'; readonly body: Uint8Array; readonly contentType: string | null; readonly retries: number; /** After redirects: what relative links are read against. */ readonly finalUrl: string } & Validators)
  | ({ readonly kind: 'not-modified'; readonly retries: number } & Validators)
  | ({ readonly kind: 'not-found'; readonly status: number; readonly retries: number } & Validators);

export interface HttpOptions {
  readonly fetch: typeof fetch;
  readonly retry: RetryPolicy;
  /** Told before each wait between attempts (for progress counters). */
  readonly onRetry?: (url: string, reason: string, delayMs: number) => void;
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const statusLine = (status: number) => `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;

/** Browsers and workers hide why a request failed; a CORS refusal looks exactly like no network. */
function inBrowser(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return scope.document !== undefined || typeof scope.importScripts === 'function';
}

export async function httpGet(request: HttpGet, options: HttpOptions): Promise<HttpAnswer> {
  const { retry } = options;
  const deadline = Date.now() + retry.deadlineMs;
  /** What each failed attempt met, for the final message: the last failure alone can mislead. */
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(request.signal);
    let outcome: AttemptResult;
    try {
      outcome = await attemptOnce(request, options, attempt - 1, deadline);
    } catch (error) {
      if (!(error instanceof IndexRequestError) || !error.transient) throw error;
      outcome = { kind: 'retry', failure: error, retryAfterMs: null };
    }
    if (outcome.kind !== 'retry') return outcome;
    const { failure, retryAfterMs } = outcome;
    if (retryAfterMs !== null && retryAfterMs > retry.maxRetryAfterMs) {
      throw new IndexRequestError(
        failure.kind,
        request.url,
        `${failure.detail.replace(/\.$/, '')}, and asked to wait ${formatDuration(retryAfterMs)} before trying again (Retry-After), longer than Pipette waits (${formatDuration(retry.maxRetryAfterMs)}).`,
        failure.hint,
        failure.status,
      );
    }
    if (attempt >= retry.attempts) throw gaveUp(request, failure, attempt, failures);
    const waitMs = retryAfterMs ?? backoff(retry, attempt);
    if (Date.now() + waitMs >= deadline) throw gaveUp(request, failure, attempt, failures);
    failures.push(failure.detail);
    options.onRetry?.(request.url, failure.detail, waitMs);
    await sleep(waitMs, request.signal);
  }
}

type AttemptResult = HttpAnswer | { readonly kind: 'retry'; readonly failure: IndexRequestError; readonly retryAfterMs: number | null };

async function attemptOnce(request: HttpGet, options: HttpOptions, retries: number, deadline: number): Promise<AttemptResult> {
  const headers: Record<string, string> = { Accept: request.accept };
  if (request.etag) headers['If-None-Match'] = request.etag;
  if (request.lastModified) headers['If-Modified-Since'] = request.lastModified;
  // fetch drops it on a redirect to another origin, as pip's requests session does.
  if (request.authorization) headers.Authorization = request.authorization;

  // One controller for the caller's cancellation and our own time limits.
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.retry.timeoutMs);
  };
  const timeoutError = (phase: string) =>
    new IndexRequestError('unreachable', request.url, `no ${phase} within ${formatDuration(options.retry.timeoutMs)}.`, 'The index or the connection is very slow; try again.');
  // The overall deadline: never re-armed.
  let overdue = false;
  let received = 0;
  const deadlineTimer = setTimeout(() => {
    overdue = true;
    controller.abort();
  }, Math.max(0, deadline - Date.now()));
  const overdueError = () =>
    new IndexRequestError(
      'too-slow',
      request.url,
      `the ${request.what} did not arrive whole within ${formatDuration(options.retry.deadlineMs)} (${formatBytes(received)} received by then).`,
      'The index or the connection is far too slow, or the server is holding the connection open; try again later.',
    );

  try {
    armTimer();
    let response: Response;
    try {
      // `no-store`: this layer keeps its own cache and sends its own validators.
      response = await options.fetch(request.url, { headers, signal: controller.signal, cache: 'no-store', redirect: 'follow' });
    } catch (error) {
      throwIfAborted(request.signal);
      if (overdue) throw overdueError();
      if (timedOut) throw timeoutError('answer');
      throw unreachable(request.url, error);
    }

    const validators: Validators = {
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      maxAgeMs: maxAgeOf(response.headers.get('cache-control')),
    };
    const status = response.status;
    if (status === 304) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'not-modified', retries, ...validators };
    }
    if (status === 404 || status === 410) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'not-found', status, retries, ...validators };
    }
    if (status !== 200) {
      await response.body?.cancel().catch(() => {});
      const failure = statusError(request, status);
      if (RETRYABLE_STATUSES.has(status)) return { kind: 'retry', failure, retryAfterMs: retryAfterOf(response.headers.get('retry-after')) };
      throw failure;
    }

    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > request.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw tooLarge(request, declared, true);
    }
    const body = await readLimited(
      response,
      request,
      (total) => {
        received = total;
        armTimer();
      },
      () => {
        throwIfAborted(request.signal);
        if (overdue) throw overdueError();
        if (timedOut) throw timeoutError('new data');
      },
    );
    return { kind: 'ok', body, contentType: response.headers.get('content-type'), retries, finalUrl: response.url || request.url, ...validators };
  } finally {
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/** Reads the body chunk by chunk, stopping as soon as it passes the limit. */
async function readLimited(response: Response, request: HttpGet, onChunk: (total: number) => void, checkAbort: () => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: Awaited<ReturnType<typeof reader.read>>;
    try {
      result = await reader.read();
    } catch (error) {
      checkAbort();
      const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
      const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
      // zlib's codes: the body is not what its Content-Encoding says; asking again gets the same.
      if (typeof code === 'string' && code.startsWith('Z_')) {
        throw new IndexRequestError(
          'malformed',
          request.url,
          `the ${request.what} could not be decompressed as its Content-Encoding (${response.headers.get('content-encoding') ?? 'none'}) says (${(cause as Error).message}).`,
          'The index or a proxy in between sends a broken compressed body; report it to whoever runs the index.',
        );
      }
      throw new IndexRequestError(
        'truncated',
        request.url,
        `the connection closed before the whole ${request.what} arrived (${total} bytes received${error instanceof Error && error.message ? `: ${error.message}` : ''}).`,
        'Try again; if it keeps happening, a proxy may be cutting responses short.',
      );
    }
    if (result.done) break;
    total += result.value.byteLength;
    if (total > request.maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(request, total, false);
    }
    chunks.push(result.value);
    onChunk(total);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function unreachable(url: string, error: unknown): IndexRequestError {
  const cause = error instanceof Error ? describeCause(error) : String(error);
  // Node's fetch (undici) gives up after 20 redirects with this cause; browsers say nothing more than for no network.
  if (/redirect count exceeded|too many redirects|redirect loop/i.test(cause)) {
    return new IndexRequestError('redirect-loop', url, `the index redirects in a loop (or through more than 20 hops): ${cause}.`, 'Check the index URL (a missing or extra trailing slash, or http:// against https://, can make a server redirect back and forth).');
  }
  // Node's fetch follows a redirect only to http(s): one to file: or data: fails the same way every time.
  if (/URL scheme must be a HTTP\(S\) scheme/i.test(cause)) {
    return new IndexRequestError('malformed', url, `the index redirected to a URL that is not http or https (${cause}).`, 'Check the index URL; an index may only send Pipette, as pip, to other web addresses.');
  }
  const hint = inBrowser()
    ? 'Check the address and your connection. A browser reports a missing CORS header (Access-Control-Allow-Origin) the same way: an index that does not send it can only be used from the command line (PyPI sends it).'
    : 'Check the address and your connection.';
  return new IndexRequestError('unreachable', url, `the request failed before the index answered (${cause}).`, hint);
}

/** Node's fetch says "fetch failed" and keeps the reason in `cause` (ECONNREFUSED, ENOTFOUND...). */
function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  return error.message || error.name;
}

function statusError(request: HttpGet, status: number): IndexRequestError {
  if (status === 429) {
    return new IndexRequestError('rate-limited', request.url, `the index answered ${statusLine(status)}: it is limiting how fast Pipette may ask.`, 'Wait a minute and try again; resolving from the cache (offline mode) needs no requests.', status);
  }
  if (status === 401 || status === 403) {
    return new IndexRequestError('http-status', request.url, `the index refused access (${statusLine(status)}).`, loginHint(request), status);
  }
  if (status === 406 && request.accept.includes('application/vnd.pypi.simple')) {
    return new IndexRequestError('http-status', request.url, `the index answered ${statusLine(status)}: it serves the ${request.what} in none of the forms Pipette reads (the Simple API's JSON, PEP 691, or HTML, PEP 503).`, "Check that the URL is the index's Simple API root (it usually ends in /simple/).", status);
  }
  if (status >= 500) {
    return new IndexRequestError('http-status', request.url, `the index answered ${statusLine(status)}.`, 'The index may be down or overloaded; try again in a few minutes.', status);
  }
  return new IndexRequestError('http-status', request.url, `the index answered ${statusLine(status)} where a ${request.what} was expected.`, 'Check the index URL.', status);
}

function loginHint(request: HttpGet): string {
  if (request.authorization) return 'It did not accept the login Pipette sent: check the user name and password (or the token), and that they may read this index.';
  if (inBrowser()) return 'The page has no login of its own to send: resolve against an index that needs one from the command line (pipette resolve --index-url).';
  return 'Pipette sent no login. Give one in the index URL (https://USER:PASSWORD@host/…, or ${NAME} in a requirements file to take it from the environment) or in ~/.netrc, as for pip.';
}

/** `earlier`: what the attempts before the last met; named when it was something else. */
function gaveUp(request: HttpGet, last: IndexRequestError, attempts: number, earlier: readonly string[]): IndexRequestError {
  const times = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const counts = new Map<string, number>();
  for (const detail of earlier) if (detail !== last.detail) counts.set(detail, (counts.get(detail) ?? 0) + 1);
  const others = [...counts].map(([detail, n]) => `${n} × ${detail.replace(/\.$/, '')}`).join('; ');
  return new IndexRequestError(last.kind, request.url, `${last.detail.replace(/\.$/, '')} (gave up after ${times}${others ? `; before that: ${others}` : ''}).`, last.hint, last.status);
}

/** `declared`: the size came from Content-Length, before any of the body was read. */
function tooLarge(request: HttpGet, bytes: number, declared: boolean): IndexRequestError {
  const size = declared ? `it declares ${formatBytes(bytes)}` : `Pipette stopped reading at ${formatBytes(bytes)}`;
  return new IndexRequestError(
    'too-large',
    request.url,
    `the ${request.what} is larger than ${formatBytes(request.maxBytes)}, the most Pipette accepts for one (${size}).`,
    'This is not a normal index response; check that the URL points at a package index.',
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

function maxAgeOf(cacheControl: string | null): number | null {
  if (!cacheControl) return null;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  const seconds = maxAge ? Number(maxAge.slice('max-age='.length)) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Retry-After: delay-seconds or an HTTP date. */
/**
 * `Retry-After` (RFC 9110): delay-seconds, or an HTTP-date, which starts with the day's name.
 * Anything else is null (the usual backoff applies): `Date.parse` alone reads `-5` or `1.5` as
 * dates in 2001, which would retry at once.
 */
export function retryAfterOf(value: string | null, now = Date.now()): number | null {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential, with jitter so that parallel requests do not come back in step. */
function backoff(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The request was cancelled.');
  error.name = 'AbortError';
  return error;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
