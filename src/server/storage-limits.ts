/**
 * What the study server stores at most, and what it answers when that is reached: per session,
 * per study, and per client address (its share of the study). The store (store.ts) counts. Also
 * what it answers when the storage can't take more: its disk is full (disk-reserve.ts), or the
 * database stopped (pglite.ts).
 */

/**
 * What a session and a study may store, at most, with event data counted as JSON text. A real
 * session of an hour logs a few thousand events of a few hundred characters; a participant's
 * page that runs wild, or a client that is not one, must not fill the disk or grow the study
 * past what the results and their exports can be built from in memory (a JSON string of some
 * 250 million characters at these limits, under V8's limit of about 500 million).
 */
export interface StorageLimits {
  readonly sessionEvents: number;
  readonly sessionChars: number;
  readonly studyEvents: number;
  readonly studyChars: number;
  /**
   * The part of the study's events and event data that the sessions one client address made may
   * store together (0 < share <= 1; 1 leaves only the study's limit), so that one client making
   * session after session can't fill the study and lock every other participant out.
   */
  readonly addressShare: number;
  /** Sessions one client address may make in a study. */
  readonly addressSessions: number;
}

/**
 * A quarter of the study by default (125,000 events and 32 MiB): one address, whatever it sends,
 * leaves three quarters to everyone else, and several people behind one address (a lab or a
 * school behind one NAT) still have room. A tenth would give a lab of 20 on one address 2,500
 * events and 650 KiB each, less than an hour's session logs (a few thousand events of a few
 * hundred characters); a quarter gives them 6,250 events and 1.6 MiB each. 1,000 sessions is
 * more than a lab or a campus makes for one study (a participant's browser keeps its session,
 * so a person makes one or a few), and bounds the rows one address can add without any events.
 * Addresses of this machine and of private networks (a reverse proxy's) are not counted: see
 * address.ts.
 */
export const DEFAULT_STORAGE_LIMITS: StorageLimits = {
  sessionEvents: 50_000,
  sessionChars: 16 * 1024 * 1024,
  studyEvents: 500_000,
  studyChars: 128 * 1024 * 1024,
  addressShare: 0.25,
  addressSessions: 1000,
};

/** Refused, and nothing of it stored: a study, a client address's share of it, or the server's disk is full. Answered 507. */
export class StorageFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageFullError';
  }
}

/**
 * A statement PostgreSQL (a server, or PGlite) refused for want of disk space: SQLSTATE 53100,
 * disk_full. The statement was undone and the database goes on. Not the rest of class 53: see
 * `isServerBusy`.
 */
export function isDiskFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '53100';
}

/** Node's socket errors for a server that can't be reached or dropped the connection. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * A PostgreSQL server that can't take a statement now, though nothing is wrong with the
 * statement: it is out of connections, memory or other resources (class 53 but disk_full),
 * shutting down or starting up (57P01–57P03), or the connection failed (class 08, a socket error,
 * node-postgres's "Connection terminated"). Sending it again is what helps, and events are
 * stored once whatever their sends.
 */
export function isServerBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('53') && code !== '53100') return true;
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (CONNECTION_CODES.has(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /^Connection terminated/.test(message);
}

/**
 * The database can't be used now (PGlite stopped after a write failed): answered 503, so the
 * participant's page keeps its events and tries again later. Nothing stored is lost.
 */
export class StorageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

export function mib(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round((chars / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(chars / 1024)} KiB`;
}

export interface Usage {
  events: number;
  chars: number;
}

/** What the sessions of one client address may store in a study. */
export function addressLimitsOf(limits: StorageLimits): { readonly events: number; readonly chars: number } {
  return { events: Math.floor(limits.studyEvents * limits.addressShare), chars: Math.floor(limits.studyChars * limits.addressShare) };
}

/**
 * Why `events` more events of `chars` characters may not be stored beside what the session, its
 * study and its address (null: not counted) hold already; null when they fit.
 */
export function refusal(limits: StorageLimits, stored: { readonly session: Usage; readonly study: Usage; readonly address: Usage | null }, events: number, chars: number): string | null {
  const { session, study, address } = stored;
  if (session.events + events > limits.sessionEvents || session.chars + chars > limits.sessionChars) {
    return `This session has stored as much as one session may (${limits.sessionEvents} events, ${Math.round(limits.sessionChars / 1024 / 1024)} MiB of event data); later events stay on the participant's device.`;
  }
  if (study.events + events > limits.studyEvents || study.chars + chars > limits.studyChars) {
    return `This study has stored as much as the server keeps (${limits.studyEvents} events, ${Math.round(limits.studyChars / 1024 / 1024)} MiB of event data); later events stay on the participants' devices. Export the results, then start a new study.`;
  }
  const share = addressLimitsOf(limits);
  if (address !== null && (address.events + events > share.events || address.chars + chars > share.chars)) {
    return `This address has stored its share of the study (${share.events} events, ${mib(share.chars)} of event data: ${Math.round(limits.addressShare * 1000) / 10}% of what the study keeps, so that no one address can fill it); later events stay on the participant's device. Participants at other addresses can still take part. The researcher can raise the share with "pipette study serve --address-share F".`;
  }
  return null;
}
