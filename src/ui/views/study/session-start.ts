/**
 * Making the participant's session on the study server, safe to send again. The page makes the
 * session's token itself and keeps it until the session is stored on this device, so a request
 * the server took but did not answer (a connection dropped on the way back, a reload while it
 * was under way) finds the session made then, instead of making a second session for the same
 * participant. A failure that may pass (offline, 5xx, 408, 429, as for events) is tried again after the server's
 * Retry-After, else 2 s doubling up to a minute, and the page says why it waits; any other
 * refusal ends the start with the server's words.
 */
import { clipText } from '../../../core/index.ts';
import { ServerError, type NewSession } from './api.ts';
import { afterFailure } from './refusal.ts';

/** Where the token is kept: the page's localStorage, or a stand-in in tests. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SessionStart {
  /** Sends the request (api.ts `createSession`). */
  readonly create: (participant: string, condition: string | null, token: string) => Promise<NewSession>;
  readonly storage: TokenStorage;
  /** Told before each wait: why, and when (Date.now()) the next try is. */
  readonly onWait?: (reason: string, retryAt: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FIRST_WAIT_MS = 2000;
const MAX_WAIT_MS = 60_000;
/** A Retry-After longer than this is taken as this. */
const MAX_ASKED_MS = 10 * 60_000;
const MAX_REASON_CHARS = 300;
/** As the server checks it: base64url of 32 random bytes. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function tokenName(key: string): string {
  return `pipette-study-token:${key}`;
}

function newPageToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * `storage` as one that never throws: what it refuses (disabled, private mode, full; or reaching
 * it at all) reads as nothing kept, and the page goes without keeping.
 */
export function forgivingStorage(storage: () => TokenStorage): TokenStorage {
  const attempt = <T>(run: (s: TokenStorage) => T, otherwise: T): T => {
    try {
      return run(storage());
    } catch {
      return otherwise;
    }
  };
  return {
    getItem: (name) => attempt((s) => s.getItem(name), null),
    setItem: (name, value) => attempt((s) => s.setItem(name, value), undefined),
    removeItem: (name) => attempt((s) => s.removeItem(name), undefined),
  };
}

/**
 * The token kept for the session of `key` (sessionKey), made (by `made`) and kept when there is
 * none. A storage that keeps nothing gives a token made anew each time: `startSession` then
 * sends its own again.
 */
export function keptToken(storage: TokenStorage, key: string, made = newPageToken): string {
  const kept = storage.getItem(tokenName(key));
  if (kept !== null && TOKEN.test(kept)) return kept;
  const token = made();
  storage.setItem(tokenName(key), token);
  return token;
}

/** Once the session is stored on this device, its token is kept there. */
export function forgetKeptToken(storage: TokenStorage, key: string): void {
  storage.removeItem(tokenName(key));
}

/** As for a batch of events (refusal.ts): what the sender tries again, or waits out, a start waits out too. */
function mayPass(error: unknown): boolean {
  const after = afterFailure(error, 0);
  return after.kind === 'retry' || (after.kind === 'hold' && after.heals);
}

/** Makes (or, sent again, finds) the session of `participant`; see the module's comment. */
export async function startSession(key: string, participant: string, condition: string | null, start: SessionStart): Promise<NewSession> {
  const sleep = start.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const storage = forgivingStorage(() => start.storage);
  let tokenTaken = false;
  // The token sent last, sent again when the storage kept none.
  let sent: string | null = null;
  for (let failures = 0; ; ) {
    const token = keptToken(storage, key, () => sent ?? newPageToken());
    sent = token;
    try {
      return await start.create(participant, condition, token);
    } catch (error) {
      // Another participant's session has this token (a copied profile): make a new one, once.
      if (error instanceof ServerError && error.status === 409 && error.field === 'token' && !tokenTaken) {
        tokenTaken = true;
        forgetKeptToken(storage, key);
        sent = null;
        continue;
      }
      if (!mayPass(error)) throw error;
      const asked = error instanceof ServerError && error.retryAfter !== null ? Math.min(MAX_ASKED_MS, error.retryAfter * 1000) : null;
      const wait = asked ?? Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** failures);
      failures++;
      const reason = error instanceof ServerError ? clipText(error.message, MAX_REASON_CHARS) : 'The study server could not be reached.';
      start.onWait?.(reason, Date.now() + wait);
      await sleep(wait);
    }
  }
}
