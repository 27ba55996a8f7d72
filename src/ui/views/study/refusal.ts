/**
 * What the sender does when the study server does not take a batch. A failure that says nothing
 * about the events (offline, 5xx, 429) is retried; one about the session or the server's room
 * (its token, no such session, storage full) holds every event on the device, and only the
 * server's room (507) is tried again after a wait. A refusal of one
 * event for good (a 4xx naming `events.N`: a malformed event, a researcher's note whose proof
 * does not match) sets exactly that event aside: kept on the device with the server's reason,
 * never sent again, and a `refused` event goes in its place, so the rest of the session follows.
 */
import { clipText, isRealIsoTime, isStepId, storableText } from '../../../core/index.ts';
import type { Refusal, StoredStudyEvent } from '../../../cache/study-records.ts';
import { ServerError } from './api.ts';

export type { Refusal };

export type AfterFailure =
  /** Nothing is wrong with the events: wait, then send the same batch again. */
  | { readonly kind: 'retry' }
  /**
   * No event of this session can be stored now, whatever is sent: keep them all and say why.
   * `heals`: the server may take them later without anyone doing anything on this page (507: its
   * storage is full until the researcher frees some), so try again after a wait; otherwise only
   * the page's next event, or coming back online, tries again.
   */
  | { readonly kind: 'hold'; readonly heals: boolean }
  /** The server refused this event of the batch for good. */
  | { readonly kind: 'set-aside'; readonly index: number }
  /** The server refused the batch for good without naming an event: send one at a time to find it. */
  | { readonly kind: 'one-at-a-time' };

/** Refusals about the request or the session, not an event: the session's token (401, 403), no such session (404), the content type (415). */
const ABOUT_THE_SESSION: readonly number[] = [401, 403, 404, 415];

/** The event a refusal names: `events.2.proof` is the batch's third. */
export function refusedIndex(field: string | null): number | null {
  const match = field === null ? null : /^events\.(\d+)(?:\.|$)/.exec(field);
  return match ? Number(match[1]) : null;
}

export function afterFailure(error: unknown, batchLength: number): AfterFailure {
  if (!(error instanceof ServerError)) return { kind: 'retry' };
  const { status, field } = error;
  // The server keeps no more (this session, the study, or this address's share): no event is at fault.
  if (status === 507) return { kind: 'hold', heals: true };
  // Busy, restarting, down, or an answer that is not the study server's (a proxy's 200 page).
  if (status < 400 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' };
  const index = refusedIndex(field);
  if (index !== null && index < batchLength) return { kind: 'set-aside', index };
  // No field: not the study server's answer (a proxy's 400 page), so nothing says an event is at fault.
  if (ABOUT_THE_SESSION.includes(status) || field === null) return { kind: 'hold', heals: false };
  // A batch too large (413) or not taken whole (400 naming the body): alone, an event refused is that event.
  return batchLength > 1 ? { kind: 'one-at-a-time' } : { kind: 'set-aside', index: 0 };
}

/** The longest server reason a `refused` event carries (the whole one stays with the set-aside event). */
const MAX_REASON_CHARS = 1000;

export function refusalOf(error: ServerError, at: string): Refusal {
  return { status: error.status, field: error.field, reason: error.message, at };
}

/**
 * `event` set aside as refused, and the `refused` event (id `markerId`) to send in its place: the
 * same seq, step and times, so the server's log has no gap and each place says what was there.
 * Its data names the event (id and type) and the server's status and reason, never the event's
 * own data (the server refused it; a note's text stays on the device). Null when `event` was
 * sent or set aside already. A `refused` event refused in turn gets none: its place stays empty.
 */
export function setAside(event: StoredStudyEvent, refusal: Refusal, markerId: string): { readonly refused: StoredStudyEvent; readonly marker: StoredStudyEvent | null } | null {
  if (event.sent !== 0 || event.refused !== undefined) return null;
  const refused: StoredStudyEvent = { ...event, refused: refusal };
  if (event.type === 'refused') return { refused, marker: null };
  const marker: StoredStudyEvent = {
    id: markerId,
    seq: event.seq,
    type: 'refused',
    // An event refused for its step or its time can't lend them: the marker takes none, or the time it was set aside.
    step: event.step === null || isStepId(event.step) ? event.step : null,
    wall: typeof event.wall === 'string' && isRealIsoTime(event.wall, 'instant') ? event.wall : refusal.at,
    mono: Number.isFinite(event.mono) && event.mono >= 0 ? event.mono : 0,
    data: { eventId: String(event.id), eventType: String(event.type), status: refusal.status, reason: storableText(clipText(refusal.reason, MAX_REASON_CHARS)), setAsideAt: refusal.at },
    session: event.session,
    condition: event.condition,
    sent: 0,
  };
  return { refused, marker };
}
