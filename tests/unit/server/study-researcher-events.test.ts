/**
 * The researcher's notes and marks reach the server in the participant's batches: the server
 * takes them only with a proof made with the researcher token (by the panel's own code here),
 * refuses the whole batch naming the event otherwise, and takes ordinary batches as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markData, noteData, type RecordedEvent, type SentEvent, type StudyEvent } from '../../../src/core/index.ts';
import type { StudyStore } from '../../../src/server/store.ts';
import { openStudyApp, RESEARCHER, type StudyAppUnderTest } from '../../support/study-app.ts';
import { proveResearcherEvent } from '../../../src/ui/views/study/researcher-proof.ts';

let lab: StudyAppUnderTest;
let store: StudyStore;
let app: StudyAppUnderTest['app'];

beforeAll(async () => {
  lab = await openStudyApp('pipette-study-notes-');
  ({ store, app } = lab);
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

function post(path: string, body: unknown, token: string): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
}

function event(seq: number, over: Partial<StudyEvent> = {}): StudyEvent {
  return { id: `ev-${seq}-${'x'.repeat(8)}`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), mono: 1000 + seq, data: { size: seq }, ...over };
}

const note = (seq: number, text = 'Hesitates over the numpy lines') => event(seq, { id: `note-${seq}-xxxxxxxx`, type: 'note', data: noteData(text) });
const mark = (seq: number) => event(seq, { id: `mark-${seq}-xxxxxxxx`, type: 'step-end', data: markData('marked-success') });

async function proven(session: string, e: StudyEvent, token = RESEARCHER): Promise<SentEvent> {
  return { ...e, proof: await proveResearcherEvent(token, session, e) };
}

async function newSession(participant: string): Promise<{ session: string; token: string }> {
  const response = await post('/api/sessions', { participant }, 'unused-but-harmless-token');
  expect(response.status).toBe(201);
  return response.json() as never;
}

async function exported(session: string): Promise<RecordedEvent[]> {
  const body = (await (await app.request('/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).json()) as { events: RecordedEvent[] };
  return body.events.filter((e) => e.session === session);
}

describe('the researcher’s notes and marks', () => {
  it('takes a note and a mark proven with the researcher token, among the participant’s events, and exports them as before', async () => {
    const { session, token } = await newSession('P-moderated');
    const batch = [event(0, { type: 'step-start', data: { kind: 'task', position: 0 } }), event(1), await proven(session, note(2)), await proven(session, mark(3))];
    const response = await post(`/api/sessions/${session}/events`, { events: batch }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 4 });
    const events = await exported(session);
    expect(events.find((e) => e.type === 'note')).toMatchObject({ step: 'fix-numpy', data: { text: 'Hesitates over the numpy lines', by: 'researcher' } });
    expect(events.find((e) => e.type === 'step-end')).toMatchObject({ data: { outcome: 'marked-success' } });
    // The proof is checked, not kept: the export is as it was.
    expect(events.every((e) => !('proof' in e) && !('proof' in e.data))).toBe(true);
    // A retry of the same batch, proofs and all, is harmless.
    expect(await (await post(`/api/sessions/${session}/events`, { events: batch }, token)).json()).toMatchObject({ stored: 0, duplicates: 4 });
  });

  it('takes an ordinary participant batch, a step they ended themselves included, without any proof', async () => {
    const { session, token } = await newSession('P-ordinary');
    const batch = [event(0, { type: 'step-start', data: {} }), event(1), event(2, { type: 'step-end', data: { outcome: 'success' } }), event(3, { type: 'step-end', step: 'name-click', data: { outcome: 'gave-up' } })];
    const response = await post(`/api/sessions/${session}/events`, { events: batch }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 4 });
  });

  it.each([
    ['a note', () => note(1), 'events.1.proof', /events\.1: a "note" event \(the researcher’s note\) .* has none/],
    ['a task marked succeeded', () => mark(1), 'events.1.proof', /events\.1: a "step-end" event with outcome "marked-success" \(the researcher’s mark\) .* has none/],
  ])('refuses a batch holding %s the participant made up, storing none of it', async (_what, forged, field, message) => {
    const { session, token } = await newSession(`P-forger-${field}-${_what.length}`);
    const response = await post(`/api/sessions/${session}/events`, { events: [event(0), forged(), event(2)] }, token);
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: string; field: string };
    expect(body.field).toBe(field);
    expect(body.error).toMatch(message);
    expect(body.error).toContain('Nothing in this batch was stored.');
    expect(await store.sessionProgress(session)).toEqual({ events: 0, lastSeq: null });
  });

  it('refuses a proof not made with the researcher token, made for another session, or kept on a changed note', async () => {
    const { session, token } = await newSession('P-proofs');
    const other = await newSession('P-proofs-other');
    const changed = { ...(await proven(session, note(0))), data: noteData('Reads the message carefully') };
    for (const bad of [await proven(session, note(0), 'participant-guess-0123456789abcdef'), await proven(other.session, note(0)), changed, { ...(await proven(session, note(0))), step: 'name-click' }]) {
      const response = await post(`/api/sessions/${session}/events`, { events: [bad] }, token);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ field: 'events.0.proof', error: expect.stringMatching(/^events\.0: a "note" event .* does not match/) });
    }
    expect(await store.sessionProgress(session)).toEqual({ events: 0, lastSeq: null });
  });

  it('refuses a note or a mark whose times were changed after the panel signed them', async () => {
    const { session, token } = await newSession('P-retimed');
    const signedNote = await proven(session, note(0));
    const signedMark = await proven(session, mark(1));
    for (const bad of [
      { ...signedNote, wall: '2026-01-01T00:30:00.000Z' },
      { ...signedNote, mono: signedNote.mono + 60_000 },
      { ...signedMark, mono: signedMark.mono - 0.5 },
      { ...signedMark, wall: new Date(Date.parse(signedMark.wall) + 1).toISOString() },
    ]) {
      const response = await post(`/api/sessions/${session}/events`, { events: [bad] }, token);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ field: 'events.0.proof', error: expect.stringContaining('does not match') });
    }
    expect(await store.sessionProgress(session)).toEqual({ events: 0, lastSeq: null });
  });

  it('does not take a note’s proof for a mark, nor a mark’s for another outcome', async () => {
    const { session, token } = await newSession('P-passed-off');
    const signedNote = await proven(session, note(0));
    const signedMark = await proven(session, mark(1));
    for (const bad of [
      { ...signedNote, type: 'step-end', data: markData('marked-success') },
      { ...signedMark, data: markData('marked-failure') },
      { ...signedMark, step: 'name-click' },
    ]) {
      const response = await post(`/api/sessions/${session}/events`, { events: [bad] }, token);
      expect(response.status).toBe(403);
    }
  });

  it('takes a note at another place in the order (its seq is not signed), still the note the researcher made, on its step, at its time', async () => {
    const { session, token } = await newSession('P-moved');
    const signedNote = await proven(session, note(3, 'Scrolls past the error'));
    const response = await post(`/api/sessions/${session}/events`, { events: [event(0), { ...signedNote, seq: 1 }, event(2)] }, token);
    expect(response.status).toBe(200);
    expect((await exported(session)).find((e) => e.type === 'note')).toMatchObject({ seq: 1, step: 'fix-numpy', wall: signedNote.wall, mono: signedNote.mono, data: noteData('Scrolls past the error') });
  });

  it('refuses a proof that is not one with a 400 naming the field', async () => {
    const { session, token } = await newSession('P-bad-proof');
    const response = await post(`/api/sessions/${session}/events`, { events: [{ ...note(0), proof: 'not-a-proof' }] }, token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'events.0.proof' });
  });
});
