/**
 * A batch the server refuses for good must not hold back the rest of the session. The page's
 * sender runs here as it is, with an in-memory queue in place of IndexedDB, against the study
 * server on PGlite: the server was restarted with another researcher token while notes signed
 * with the earlier one were still queued, or an event is malformed. The refused event is set
 * aside on the device with the server's reason, a `refused` event takes its place (its seq),
 * and everything after it reaches the server in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { markData, noteData, parseStudy, type RecordedEvent, type StudyEvent } from '../../../src/core/index.ts';
import type { StoredStudyEvent } from '../../../src/cache/study-records.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { openPglite } from '../../../src/server/sql.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { ServerError } from '../../../src/ui/views/study/api.ts';
import { deviceLog } from '../../../src/ui/views/study/device-log.ts';
import { proveResearcherEvent } from '../../../src/ui/views/study/researcher-proof.ts';
import { EventSender, type SendBatch, type SyncStatus } from '../../../src/ui/views/study/sync.ts';
import { MemoryQueue } from '../../support/study-queue.ts';
import { studyJson } from '../study/fixtures.ts';

/** The token the server runs with now, and the one it ran with when the notes were signed. */
const RESEARCHER = 'researcher-token-after-restart-0123456789';
const EARLIER = 'researcher-token-before-restart-0123456789';
let dir: string;
let store: StudyStore;
let app: ReturnType<typeof createStudyApp>;
/** The same server with a small body limit, so that a batch is too large and one event alone too. */
let smallBodies: ReturnType<typeof createStudyApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-study-refused-'));
  store = await StudyStore.open(await openPglite(dir));
  const study = parseStudy(studyJson());
  await store.putStudy(study);
  app = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null });
  smallBodies = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null, maxBodyBytes: 4096 });
}, 120_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(target: ReturnType<typeof createStudyApp>, path: string, body: unknown, token: string): Promise<Response> {
  return Promise.resolve(target.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
}

/** The page's sendEvents, against the app in memory. */
function sender(target: ReturnType<typeof createStudyApp>, session: string, token: string): SendBatch {
  return async (events) => {
    const response = await post(target, `/api/sessions/${session}/events`, { events }, token);
    const body = (await response.json()) as { acked?: string[]; error?: string; field?: string };
    if (!response.ok) throw new ServerError(response.status, body.error ?? '', null, body.field ?? null);
    return body.acked ?? [];
  };
}

async function newSession(participant: string): Promise<{ session: string; token: string }> {
  const response = await post(app, '/api/sessions', { participant }, 'unused-but-harmless-token');
  expect(response.status).toBe(201);
  return response.json() as never;
}

function stored(session: string, seq: number, over: Partial<StoredStudyEvent> = {}): StoredStudyEvent {
  return { id: `ev-${seq}-xxxxxxxx`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), mono: 1000 + seq, data: { size: seq }, session, condition: 'pip-voice', sent: 0, ...over };
}

/** A researcher's event as the panel signed it with `token`. */
async function signed(session: string, event: StoredStudyEvent, token: string): Promise<StoredStudyEvent> {
  return { ...event, proof: await proveResearcherEvent(token, session, event as StudyEvent) };
}

async function serverLog(session: string): Promise<RecordedEvent[]> {
  return (await store.listEvents('messages-pilot')).filter((e) => e.session === session);
}

/** Runs the sender until it has nothing left to send, or it stops on a problem it can't retry. */
async function sendAll(queue: MemoryQueue, send: SendBatch): Promise<SyncStatus[]> {
  const statuses: SyncStatus[] = [];
  const events = new EventSender(queue, send, (status) => statuses.push(status));
  events.kick();
  await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ pending: 0 }), { timeout: 20_000, interval: 20 });
  events.stop();
  return statuses;
}

describe('a batch the server refuses for good', () => {
  it('sets the refused notes aside, keeps them on the device, and sends the rest of the session in order', async () => {
    const { session, token } = await newSession('P-restarted');
    const queue = new MemoryQueue();
    queue.events = [
      stored(session, 0, { type: 'session-start', step: null, data: {} }),
      stored(session, 1, { type: 'step-start', data: { kind: 'task', position: 0 } }),
      await signed(session, stored(session, 2, { id: 'note-2-xxxxxxxx', type: 'note', data: noteData('Reads the numpy line twice') }), EARLIER),
      stored(session, 3),
      await signed(session, stored(session, 4, { id: 'mark-4-xxxxxxxx', type: 'step-end', data: markData('marked-success') }), EARLIER),
      stored(session, 5, { type: 'step-start', step: 'name-click', data: { kind: 'task', position: 1 } }),
      // Signed with the token the server has now: taken.
      await signed(session, stored(session, 6, { id: 'note-6-xxxxxxxx', type: 'note', step: 'name-click', data: noteData('Finds click at once') }), RESEARCHER),
      ...Array.from({ length: 150 }, (_, i) => stored(session, 7 + i, { step: 'name-click' })),
    ];

    const statuses = await sendAll(queue, sender(app, session, token));
    expect(statuses.at(-1)).toEqual({ pending: 0, failing: false, fatal: null, reason: null, retryAt: null, refused: 2 });

    // On the server: every seq once, in order; each refused event's place holds a `refused` event.
    const log = await serverLog(session);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 157 }, (_, i) => i));
    const [at2, at4] = [log[2]!, log[4]!];
    expect(at2).toMatchObject({ type: 'refused', step: 'fix-numpy', wall: queue.events.find((e) => e.id === 'note-2-xxxxxxxx')!.wall, mono: 1002, data: { eventId: 'note-2-xxxxxxxx', eventType: 'note', status: 403 } });
    expect(at2.data.reason).toMatch(/a "note" event \(the researcher’s note\) has a proof that does not match it/);
    expect(at4).toMatchObject({ type: 'refused', step: 'fix-numpy', data: { eventId: 'mark-4-xxxxxxxx', eventType: 'step-end', status: 403 } });
    expect(log.find((e) => e.id === 'note-6-xxxxxxxx')).toMatchObject({ type: 'note', seq: 6, data: { text: 'Finds click at once' } });
    // The refused note's text never reached the server.
    expect(JSON.stringify(log)).not.toContain('Reads the numpy line twice');

    // On the device: the refused events kept as they were, with the server's reason.
    const note = queue.events.find((e) => e.id === 'note-2-xxxxxxxx')!;
    expect(note).toMatchObject({ sent: 0, data: noteData('Reads the numpy line twice'), refused: { status: 403, field: 'events.2.proof' } });
    expect(queue.events.filter((e) => e.refused).map((e) => e.id)).toEqual(['note-2-xxxxxxxx', 'mark-4-xxxxxxxx']);

    // And in the log the page offers to download.
    const download = deviceLog({ studyId: 'messages-pilot', participant: 'P-restarted', session, condition: 'pip-voice' }, queue.inOrder());
    const kept = download.events.filter((e) => e.state === 'refused');
    expect(kept.map((e) => [e.id, e.type, e.data])).toEqual([
      ['note-2-xxxxxxxx', 'note', noteData('Reads the numpy line twice')],
      ['mark-4-xxxxxxxx', 'step-end', markData('marked-success')],
    ]);
    expect(kept[0]!.refused).toMatchObject({ status: 403, reason: expect.stringContaining('does not match') });
    expect(download.events.filter((e) => e.state === 'sent')).toHaveLength(157);
  });

  it('sets aside an event the server finds malformed (400 naming it), and only that one', async () => {
    const { session, token } = await newSession('P-malformed');
    const queue = new MemoryQueue();
    queue.events = [stored(session, 0), stored(session, 1, { wall: 'yesterday' }), stored(session, 2), stored(session, 3, { data: { deep: JSON.parse('['.repeat(40) + ']'.repeat(40)) } }), stored(session, 4)];
    const statuses = await sendAll(queue, sender(app, session, token));
    expect(statuses.at(-1)).toMatchObject({ pending: 0, fatal: null, refused: 2 });
    const log = await serverLog(session);
    expect(log.map((e) => [e.seq, e.type])).toEqual([[0, 'edit'], [1, 'refused'], [2, 'edit'], [3, 'refused'], [4, 'edit']]);
    expect(log[1]!.data).toMatchObject({ eventId: 'ev-1-xxxxxxxx', eventType: 'edit', status: 400, reason: expect.stringMatching(/\.wall: expected an ISO 8601 time/) });
    // An event refused for its time can't lend it: its place is dated when it was set aside.
    expect(log[1]!.wall).toBe(log[1]!.data.setAsideAt);
    expect(log[3]!.data).toMatchObject({ eventId: 'ev-3-xxxxxxxx', status: 400, reason: expect.stringMatching(/nested more than 32 levels deep/) });
    expect(queue.events.filter((e) => e.refused).map((e) => e.id)).toEqual(['ev-1-xxxxxxxx', 'ev-3-xxxxxxxx']);
  });

  it('sends one at a time when the refusal names no event (a batch too large), and sets aside only an event refused alone', async () => {
    const { session, token } = await newSession('P-large');
    const queue = new MemoryQueue();
    const text = (n: number) => ({ text: 'x'.repeat(n) });
    queue.events = [stored(session, 0, { data: text(1500) }), stored(session, 1, { data: text(1500) }), stored(session, 2, { data: text(6000) }), stored(session, 3, { data: text(1500) })];
    const statuses = await sendAll(queue, sender(smallBodies, session, token));
    expect(statuses.at(-1)).toMatchObject({ pending: 0, fatal: null, refused: 1 });
    expect((await serverLog(session)).map((e) => [e.seq, e.type])).toEqual([[0, 'edit'], [1, 'edit'], [2, 'refused'], [3, 'edit']]);
    expect(queue.events.find((e) => e.refused)).toMatchObject({ id: 'ev-2-xxxxxxxx', refused: { status: 413, field: 'body' } });
  });
});

describe('a failure that is not about one event', () => {
  it('retries after a network failure or a 5xx, setting nothing aside', async () => {
    const { session, token } = await newSession('P-flaky');
    const queue = new MemoryQueue();
    queue.events = [stored(session, 0), stored(session, 1)];
    const failures = [new TypeError('fetch failed'), new ServerError(503, 'The server could not do that')];
    const send = sender(app, session, token);
    const statuses = await sendAll(queue, async (events) => {
      const failure = failures.shift();
      if (failure) throw failure;
      return send(events);
    });
    expect(statuses.map((s) => s.failing)).toEqual([true, true, false]);
    // Offline says nothing; the server's 5xx says why, and neither is fatal.
    expect(statuses.map((s) => [s.fatal, s.reason])).toEqual([[null, null], [null, 'The server could not do that'], [null, null]]);
    expect(statuses.at(-1)).toEqual({ pending: 0, failing: false, fatal: null, reason: null, retryAt: null, refused: 0 });
    expect((await serverLog(session)).map((e) => e.seq)).toEqual([0, 1]);
  });

  it('holds every event, setting none aside, when the session itself is refused (a wrong token)', async () => {
    const { session } = await newSession('P-wrong-token');
    const queue = new MemoryQueue();
    queue.events = [stored(session, 0), stored(session, 1)];
    const statuses: SyncStatus[] = [];
    const events = new EventSender(queue, sender(app, session, 'not-the-sessions-token-0123456789'), (status) => statuses.push(status));
    events.kick();
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ failing: true, fatal: expect.stringContaining('not the session’s') }));
    events.stop();
    expect(statuses.at(-1)).toMatchObject({ pending: 2, refused: 0 });
    expect(queue.events.every((e) => e.refused === undefined && e.sent === 0)).toBe(true);
  });
});
