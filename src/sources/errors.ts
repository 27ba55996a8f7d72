import { redactLogins } from './credentials.ts';

/**
 * What can go wrong between Pipette and a package index, as one typed error whose message a
 * person can act on: which URL, what happened, what to try. Across the worker boundary only
 * `name` and `message` survive (Comlink copies errors that way), so the message is complete.
 */

export type IndexFailureKind =
  /** `fetch` itself failed: no connection, DNS, refused, or (in a browser) a CORS refusal. */
  | 'unreachable'
  /** An answer that can't be used (401, 403, 5xx after the retries...). */
  | 'http-status'
  /** 429 Too Many Requests, still after the retries (or a Retry-After too long to wait). */
  | 'rate-limited'
  /** The connection closed before the body was complete. */
  | 'truncated'
  | 'too-large'
  /** Not the page (JSON or HTML) or metadata expected; `where` says which part. */
  | 'malformed'
  /** The body does not match the hash the index published for it. */
  | 'integrity'
  /** Offline mode, and the cache does not have it. */
  | 'offline-miss'
  /** The answer did not arrive whole within the request's overall deadline (however steadily it trickled). */
  | 'too-slow'
  /** The index redirects in a loop (or through too many hops): asking again would loop again. */
  | 'redirect-loop';

/** Logins in URLs (the index's own, or one an index put in a link) are masked in every part. */
export class IndexRequestError extends Error {
  override readonly name = 'IndexRequestError';
  readonly url: string;
  /** What happened, as a sentence without the URL. */
  readonly detail: string;

  constructor(
    readonly kind: IndexFailureKind,
    url: string,
    detail: string,
    /** What to try, or '' when nothing useful can be said. */
    readonly hint: string,
    readonly status: number | null = null,
  ) {
    const shownUrl = redactLogins(url);
    const shownDetail = redactLogins(detail);
    super(`${shownUrl}: ${shownDetail}${hint ? ` ${hint}` : ''}`);
    this.url = shownUrl;
    this.detail = shownDetail;
  }

  /** Whether trying again soon may help (the retry loop's question). */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'truncated' || this.kind === 'rate-limited' || (this.kind === 'http-status' && this.status !== null && this.status >= 500);
  }
}

/** The body is not what the index format promises: `where` is a path into it (`files[3].yanked`) or a place in an HTML page (`line 12, column 1`). */
export function malformed(url: string, where: string, problem: string): IndexRequestError {
  return new IndexRequestError(
    'malformed',
    url,
    `the index answered with data Pipette can't use${where ? ` (at ${where})` : ''}: ${problem}.`,
    "If this index is a mirror or proxy, check that it passes the index's answers on unchanged.",
  );
}

/** The resolve was cancelled while waiting for the index; the core's cancellation error says so. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'ResolveCancelledError');
}
