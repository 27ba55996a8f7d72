/**
 * The event log of a study session: what happened, when, on which step. Each event has an
 * id made by the participant's page (the server's key, so a retry never duplicates), a
 * sequence number per session (the order), the wall-clock time and a monotonic time in
 * milliseconds. `checkEventBatch` is the edge check of what a page sends: anything wrong is
 * a BatchError naming the field, before anything is stored. A researcher's event (a note, a
 * task marked) also carries the panel's proof (researcher-events.ts), checked by the server.
 * An event the server refused for good is kept on the participant's device, and a `refused`
 * event, with the same seq, says so in its place (ui/views/study/refusal.ts).
 */
import { isRealIsoTime } from '../iso-time.ts';

export const EVENT_TYPES = [
  'session-start',
  'resume',
  'consent',
  'step-start',
  'step-end',
  'edit',
  'resolve',
  'view',
  'fix-applied',
  'message-copied',
  'command',
  'answer',
  'give-up',
  'note',
  'refused',
] as const;
export type StudyEventType = (typeof EVENT_TYPES)[number];

export type StepOutcome = 'success' | 'gave-up' | 'timeout' | 'answered' | 'done' | 'marked-success' | 'marked-failure';
export const STEP_OUTCOMES: readonly StepOutcome[] = ['success', 'gave-up', 'timeout', 'answered', 'done', 'marked-success', 'marked-failure'];

export interface StudyEvent {
  readonly id: string;
  readonly seq: number;
  readonly type: StudyEventType;
  readonly step: string | null;
  /** ISO 8601, the page's clock. */
  readonly wall: string;
  /** Milliseconds on a monotonic clock (performance.timeOrigin + performance.now()). */
  readonly mono: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** An event as a page sends it: a researcher's event carries the panel's proof, which is checked, never stored. */
export interface SentEvent extends StudyEvent {
  readonly proof?: string;
}

/** An event as stored by the server: with its session, participant and condition. */
export interface RecordedEvent extends StudyEvent {
  readonly session: string;
  readonly participant: string;
  readonly condition: string;
  /** How the session got its condition: by the study's hash, or a pilot's override (absent: not known). */
  readonly assignedBy?: 'hash' | 'override';
}

export const MAX_BATCH_EVENTS = 200;
/**
 * An event's data as JSON, at most: room for the longest text answer a study may ask for
 * (20,000 characters, format.ts) even if every character needs a six-character escape.
 */
export const MAX_EVENT_DATA_CHARS = 128 * 1024;
/** Nesting of an event's data, at most: the page's own events nest two or three deep. */
export const MAX_EVENT_DATA_DEPTH = 32;
const EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** An HMAC-SHA256 in hexadecimal. */
const PROOF = /^[0-9a-f]{64}$/;
const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export class BatchError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'BatchError';
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && EVENT_ID.test(value);
}

export function isStepId(value: unknown): value is string {
  return typeof value === 'string' && STEP_ID.test(value);
}

export function checkEvent(value: unknown, path: string): SentEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BatchError(path, `expected an object, got ${describe(value)}`);
  const e = value as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!['id', 'seq', 'type', 'step', 'wall', 'mono', 'data', 'proof'].includes(key)) throw new BatchError(`${path}.${key}`, 'unknown field');
  if (!isEventId(e.id)) throw new BatchError(`${path}.id`, 'expected 8 to 64 letters, digits, - or _');
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 0) throw new BatchError(`${path}.seq`, 'expected a whole number from 0');
  if (typeof e.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(e.type)) throw new BatchError(`${path}.type`, `expected one of ${EVENT_TYPES.join(', ')}`);
  if (e.step !== null && !isStepId(e.step)) throw new BatchError(`${path}.step`, 'expected a step id or null');
  if (typeof e.wall !== 'string' || !isRealIsoTime(e.wall, 'instant')) throw new BatchError(`${path}.wall`, 'expected an ISO 8601 time such as 2026-01-31T12:00:00.000Z');
  if (typeof e.mono !== 'number' || !Number.isFinite(e.mono) || e.mono < 0) throw new BatchError(`${path}.mono`, 'expected milliseconds (a number from 0)');
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) throw new BatchError(`${path}.data`, `expected an object, got ${describe(e.data)}`);
  const data = storableData(e.data, `${path}.data`, 0) as Record<string, unknown>;
  if (JSON.stringify(data).length > MAX_EVENT_DATA_CHARS) throw new BatchError(`${path}.data`, `larger than ${MAX_EVENT_DATA_CHARS} characters as JSON`);
  if (e.proof !== undefined && (typeof e.proof !== 'string' || !PROOF.test(e.proof))) throw new BatchError(`${path}.proof`, 'expected 64 hexadecimal digits (the researcher panel’s proof)');
  const event = { id: e.id, seq: e.seq, type: e.type as StudyEventType, step: e.step as string | null, wall: e.wall, mono: e.mono, data };
  return e.proof === undefined ? event : { ...event, proof: e.proof };
}

/**
 * Event data as PostgreSQL's jsonb can hold it, checked for depth before anything walks it
 * recursively. Text a participant made is kept, never refused: jsonb holds neither the NUL
 * character nor half of a surrogate pair (which cutting text at a length can leave), so each
 * becomes U+FFFD.
 */
function storableData(value: unknown, path: string, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_EVENT_DATA_DEPTH) throw new BatchError(path, `nested more than ${MAX_EVENT_DATA_DEPTH} levels deep`);
  if (Array.isArray(value)) return value.map((item, i) => storableData(item, `${path}.${i}`, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a key named __proto__ stays a key, as JSON.parse made it.
    Object.defineProperty(out, storableText(key), { value: storableData(item, `${path}.${key}`, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A NUL, or half of a surrogate pair on its own. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** A batch as a page sends it: `{ "events": [...] }`, at most MAX_BATCH_EVENTS, ids unique. */
export function checkEventBatch(body: unknown): SentEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BatchError('body', `expected an object with "events", got ${describe(body)}`);
  const events = (body as Record<string, unknown>).events;
  if (!Array.isArray(events)) throw new BatchError('events', events === undefined ? 'missing' : `expected a list, got ${describe(events)}`);
  if (events.length === 0) throw new BatchError('events', 'is empty');
  if (events.length > MAX_BATCH_EVENTS) throw new BatchError('events', `more than ${MAX_BATCH_EVENTS} in one batch`);
  const checked = events.map((e, i) => checkEvent(e, `events.${i}`));
  const ids = new Set<string>();
  checked.forEach((e, i) => {
    if (ids.has(e.id)) throw new BatchError(`events.${i}.id`, 'appears twice in the batch');
    ids.add(e.id);
  });
  return checked;
}

/**
 * A batch's body as a page sends it, at most: under the server's 256 KiB limit with room to
 * spare. One event always fits (its data is at most 128 KiB as JSON), so a batch is never empty.
 */
export const MAX_BATCH_CHARS = 192 * 1024;

/** The longest run of `events`, from the first, whose JSON stays within MAX_BATCH_CHARS (at least one). */
export function withinBatchSize<T>(events: readonly T[]): T[] {
  let size = 0;
  let count = 0;
  for (const event of events) {
    size += JSON.stringify(event).length + 1;
    if (count > 0 && size > MAX_BATCH_CHARS) break;
    count++;
  }
  return events.slice(0, count);
}

/** Sorted as the export wants them: by participant's session, then sequence. */
export function sortEvents<T extends RecordedEvent>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => (a.session < b.session ? -1 : a.session > b.session ? 1 : a.seq - b.seq));
}
