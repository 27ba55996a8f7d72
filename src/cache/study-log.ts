/**
 * The study event log on this device (IndexedDB). An event is appended in the same
 * transaction that advances its session's sequence number, so a reload or a crashed tab can
 * neither lose an event that was appended nor give two events one number. Events stay here
 * until the server acknowledges them (`sent`), and after; one the server refused for good stays
 * here too, set aside (`refused`). The session record keeps where the participant is, so the
 * session resumes at that step.
 */
import type { StudyEventType } from '../core/index.ts';
import { openPipetteDb, toStorageError } from './db.ts';
import { newEventId } from './event-id.ts';
import type { StepDraft, StoredStudyEvent, StudySessionRecord } from './study-records.ts';

export type { StepDraft, StoredStudyEvent, StudySessionRecord };

export function sessionKey(origin: string, studyId: string, participant: string): string {
  return `${origin}|${studyId}|${participant}`;
}

export async function getStudySession(key: string): Promise<StudySessionRecord | undefined> {
  return (await openPipetteDb()).get('studySessions', key);
}

export async function putStudySession(record: StudySessionRecord): Promise<void> {
  try {
    await (await openPipetteDb()).put('studySessions', record);
  } catch (error) {
    throw toStorageError(error, 'the study session');
  }
}

/** Changes the session record in one transaction, so it never overwrites a concurrent append's sequence number. */
export async function updateStudySession(key: string, update: (session: StudySessionRecord) => Partial<StudySessionRecord>): Promise<StudySessionRecord | undefined> {
  try {
    const db = await openPipetteDb();
    const tx = db.transaction('studySessions', 'readwrite');
    const current = await tx.store.get(key);
    if (!current) return undefined;
    const next = { ...current, ...update(current) };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  } catch (error) {
    throw toStorageError(error, 'the study session');
  }
}

/** A researcher's event comes with the id and the times its proof was made for. */
export interface ProvenEvent {
  readonly id: string;
  readonly wall: string;
  readonly mono: number;
  readonly proof: string;
}

/** Milliseconds on the page's monotonic clock (not moved by changes to the system clock). */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Appends one event and applies `update` to the session record, atomically. Returns the event
 * and the session as saved; null when `when` says no, or a `proven` event is here already (two
 * tabs of the session both heard the panel).
 */
export async function appendStudyEvent(
  key: string,
  type: StudyEventType,
  step: string | null,
  data: Record<string, unknown>,
  update: (session: StudySessionRecord) => Partial<StudySessionRecord> = () => ({}),
  when: (session: StudySessionRecord) => boolean = () => true,
  proven?: ProvenEvent,
): Promise<{ event: StoredStudyEvent; session: StudySessionRecord } | null> {
  try {
    const db = await openPipetteDb();
    const tx = db.transaction(['studySessions', 'studyEvents'], 'readwrite');
    const sessions = tx.objectStore('studySessions');
    const current = await sessions.get(key);
    if (!current) throw new Error('the study session is not in this browser’s storage any more');
    // Checked inside the transaction: another tab of the same session may have moved on.
    if (!when(current) || (proven && (await tx.objectStore('studyEvents').get(proven.id)))) {
      await tx.done;
      return null;
    }
    // A researcher's event keeps the times the panel gave it: its proof covers them.
    const { id, wall, mono } = proven ?? { id: newEventId(), wall: new Date().toISOString(), mono: monotonicNow() };
    const event: StoredStudyEvent = { id, seq: current.nextSeq, type, step, wall, mono, data, session: current.session, condition: current.assignment.condition, sent: 0, ...(proven ? { proof: proven.proof } : {}) };
    const next: StudySessionRecord = { ...current, ...update(current), nextSeq: current.nextSeq + 1 };
    await Promise.all([tx.objectStore('studyEvents').add(event), sessions.put(next), tx.done]);
    return { event, session: next };
  } catch (error) {
    throw toStorageError(error, `the study event “${type}”`);
  }
}

/** Every event of a session on this device, in order. */
export async function sessionEvents(session: string): Promise<StoredStudyEvent[]> {
  return (await openPipetteDb()).getAllFromIndex('studyEvents', 'by-session', IDBKeyRange.bound([session, 0], [session, Number.MAX_SAFE_INTEGER]));
}

/** The session's events still to send, in order: neither acknowledged nor set aside. */
export async function pendingEvents(session: string, limit: number): Promise<StoredStudyEvent[]> {
  return (await sessionEvents(session)).filter((e) => e.sent === 0 && e.refused === undefined).slice(0, limit);
}

export async function refusedEvents(session: string): Promise<StoredStudyEvent[]> {
  return (await sessionEvents(session)).filter((e) => e.refused !== undefined);
}

/**
 * Sets the event `id` aside as `setAside` says (the event as refused, and the event to send in its
 * place, if any), in one transaction: another tab of the session may have sent it or set it aside
 * already, and then `setAside` answers null and nothing changes. Resolves to the event put in its place.
 */
export async function setAsideStudyEvent(
  id: string,
  setAside: (event: StoredStudyEvent) => { readonly refused: StoredStudyEvent; readonly marker: StoredStudyEvent | null } | null,
): Promise<StoredStudyEvent | null> {
  try {
    const db = await openPipetteDb();
    const tx = db.transaction('studyEvents', 'readwrite');
    const current = await tx.store.get(id);
    const change = current ? setAside(current) : null;
    if (!change) {
      await tx.done;
      return null;
    }
    await Promise.all([tx.store.put(change.refused), ...(change.marker ? [tx.store.add(change.marker)] : []), tx.done]);
    return change.marker;
  } catch (error) {
    throw toStorageError(error, 'the refused study event');
  }
}

export async function markSent(ids: readonly string[]): Promise<void> {
  const db = await openPipetteDb();
  const tx = db.transaction('studyEvents', 'readwrite');
  for (const id of ids) {
    const event = await tx.store.get(id);
    if (event && event.sent === 0) await tx.store.put({ ...event, sent: 1 });
  }
  await tx.done;
}
