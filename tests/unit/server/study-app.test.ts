/** The study server's routes against embedded PGlite: auth, 4xx naming the field, once-only storage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent } from '../../../src/core/index.ts';
import type { StudyStore } from '../../../src/server/store.ts';
import { openStudyApp, RESEARCHER, type StudyAppUnderTest } from '../../support/study-app.ts';

let lab: StudyAppUnderTest;
let store: StudyStore;
let app: StudyAppUnderTest['app'];

beforeAll(async () => {
  lab = await openStudyApp('pipette-study-app-', { eventRate: { burst: 5, perSecond: 1 } });
  ({ store, app } = lab);
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

function post(path: string, body: unknown, token?: string): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

function event(seq: number, over: Partial<StudyEvent> = {}): StudyEvent {
  return { id: `evt-${seq}-${'x'.repeat(8)}`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), mono: 1000 + seq, data: { size: seq }, ...over };
}

async function newSession(participant: string, condition?: string): Promise<{ session: string; token: string; assignment: { condition: string; source: string } }> {
  const response = await post('/api/sessions', { participant, ...(condition ? { condition } : {}) });
  expect(response.status).toBe(201);
  return response.json() as never;
}

describe('study server', () => {
  it('hides annotations from participants', async () => {
    const study = (await (await app.request('/api/study')).json()) as { steps: { annotation: string }[] };
    expect(study.steps.map((s) => s.annotation)).toEqual(['', '', '']);
  });

  it('assigns as the core does, and records a pilot override', async () => {
    const a = await newSession('P-assign');
    const again = await newSession('P-assign');
    expect(again.assignment.condition).toBe(a.assignment.condition);
    const other = a.assignment.condition === 'terminal' ? 'pip-voice' : 'terminal';
    expect((await newSession('P-assign', other)).assignment).toMatchObject({ condition: other, source: 'override' });
    const bad = await post('/api/sessions', { participant: 'P', condition: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'condition' });
  });

  it('gives a returning participant their first session’s condition and task order, and counts them once', async () => {
    // Latin-square rows follow how many sessions a condition has: others joining in between must not change a returning participant's.
    const first = await newSession('P-return');
    await newSession('P-other-1');
    await newSession('P-other-2');
    const again = await newSession('P-return');
    expect(again.session).not.toBe(first.session);
    expect(again.assignment).toEqual(first.assignment);
    for (const { session, token } of [first, again]) {
      expect((await post(`/api/sessions/${session}/events`, { events: [event(0, { id: `return-${session}`, type: 'step-start', step: 'fix-numpy' })] }, token)).status).toBe(200);
    }
    const results = (await (await app.request('/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).json()) as { results: { steps: { condition: string; step: string; participants: number; attempts: number }[] } };
    const step = results.results.steps.find((s) => s.condition === first.assignment.condition && s.step === 'fix-numpy')!;
    expect(step.attempts - step.participants).toBeGreaterThanOrEqual(1);
  });

  it('finds the session a token the page made already made, instead of making a second one', async () => {
    const token = 'A'.repeat(22) + 'b_-'.repeat(7);
    const first = await post('/api/sessions', { participant: 'P-again', token });
    expect(first.status).toBe(201);
    const made = (await first.json()) as { session: string; token: string; assignment: unknown };
    expect(made.token).toBe(token);
    // Sent again (no answer came), and twice at once: the same session each time.
    const again = await Promise.all([post('/api/sessions', { participant: 'P-again', token }), post('/api/sessions', { participant: 'P-again', token })]);
    for (const response of again) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ session: made.session, token, assignment: made.assignment });
    }
    expect((await post(`/api/sessions/${made.session}/events`, { events: [event(0, { id: 'page-token-event' })] }, token)).status).toBe(200);
    const sessions = (await (await app.request('/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).json()) as { sessions: { participant: string }[] };
    expect(sessions.sessions.filter((s) => s.participant === 'P-again')).toHaveLength(1);
    // Another participant can't take that session with its token; a token too short to be random is refused.
    const taken = await post('/api/sessions', { participant: 'P-thief', token });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ field: 'token' });
    for (const bad of ['short', 'x'.repeat(42), `${'x'.repeat(42)}!`, 42]) {
      const refused = await post('/api/sessions', { participant: 'P-bad-token', token: bad });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ field: 'token' });
    }
  });

  it('stores each event once, whatever the retries', async () => {
    const { session, token } = await newSession('P-once');
    const batch = { events: [event(0), event(1), event(2)] };
    const first = (await (await post(`/api/sessions/${session}/events`, batch, token)).json()) as { stored: number; acked: string[] };
    expect(first).toMatchObject({ stored: 3, acked: batch.events.map((e) => e.id) });
    const retry = (await (await post(`/api/sessions/${session}/events`, { events: [event(1), event(2), event(3)] }, token)).json()) as { stored: number; duplicates: number };
    expect(retry).toMatchObject({ stored: 1, duplicates: 2 });
    const results = (await (await app.request('/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).json()) as { events: { session: string; seq: number }[] };
    expect(results.events.filter((e) => e.session === session).map((e) => e.seq)).toEqual([0, 1, 2, 3]);
  });

  it('stores events whatever their seq, and shows the researcher each session’s missing and shared seqs', async () => {
    const { session, token } = await newSession('P-seqs');
    const marker = event(3, { id: 'seqs-marker-xxxxxxxx', type: 'refused', data: { eventId: 'never-stored-xxxxxxxx', eventType: 'note', status: 403, reason: 'no proof', setAsideAt: '2026-01-01T00:00:03.000Z' } });
    const batch = [event(0), event(1), marker, event(5), event(5, { id: 'seqs-5-again-xxxxxxxx' })];
    expect(await (await post(`/api/sessions/${session}/events`, { events: batch }, token)).json()).toMatchObject({ stored: 5 });
    const researcher = { headers: { Authorization: `Bearer ${RESEARCHER}` } };
    const { results } = (await (await app.request('/api/results', researcher)).json()) as { results: { integrity: { session: string; gaps: unknown; duplicates: unknown }[] } };
    expect(results.integrity.find((i) => i.session === session)).toEqual({ session, participant: 'P-seqs', condition: expect.any(String), events: 5, lastSeq: 5, gaps: [{ from: 2, to: 2 }, { from: 4, to: 4 }], duplicates: [{ seq: 5, ids: ['evt-5-xxxxxxxx', 'seqs-5-again-xxxxxxxx'] }] });
    expect((await app.request('/api/results/integrity.csv')).status).toBe(401);
    const csv = await (await app.request('/api/results/integrity.csv', researcher)).text();
    expect(csv.split('\r\n')[0]).toBe('session,participant,condition,events,last_seq,missing_seqs,duplicate_seqs');
    expect(csv).toContain(`${session},P-seqs,`);
    expect(csv).toContain(',5,5,2 4,5 (evt-5-xxxxxxxx seqs-5-again-xxxxxxxx)\r\n');
  });

  it('lets a participant append only to their own session', async () => {
    const a = await newSession('P-a');
    const b = await newSession('P-b');
    expect((await post(`/api/sessions/${a.session}/events`, { events: [event(0, { id: 'cross-session-1' })] }, b.token)).status).toBe(403);
    expect((await post(`/api/sessions/${a.session}/events`, { events: [event(0, { id: 'cross-session-2' })] })).status).toBe(401);
    expect((await post('/api/sessions/nosuchsession/events', { events: [event(0)] }, a.token)).status).toBe(404);
  });

  it('stores an event whose id another session used (an id is the session’s own), once each', async () => {
    const a = await newSession('P-same-id-a');
    const b = await newSession('P-same-id-b');
    const shared = { events: [event(0, { id: 'same-id-in-two-sessions' })] };
    expect(await (await post(`/api/sessions/${a.session}/events`, shared, a.token)).json()).toMatchObject({ stored: 1 });
    expect(await (await post(`/api/sessions/${b.session}/events`, shared, b.token)).json()).toMatchObject({ stored: 1, duplicates: 0 });
    // Sent together, as one statement of the group commit: each session's copy is its own.
    const [again, more] = await Promise.all([
      post(`/api/sessions/${a.session}/events`, { events: [event(1, { id: 'same-id-together' })] }, a.token),
      post(`/api/sessions/${b.session}/events`, { events: [event(1, { id: 'same-id-together' })] }, b.token),
    ]);
    expect(await again.json()).toMatchObject({ stored: 1 });
    expect(await more.json()).toMatchObject({ stored: 1 });
    expect(await (await post(`/api/sessions/${b.session}/events`, shared, b.token)).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const results = (await (await app.request('/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).json()) as { events: { session: string; id: string }[] };
    for (const session of [a.session, b.session]) {
      expect(results.events.filter((e) => e.session === session).map((e) => e.id)).toEqual(['same-id-in-two-sessions', 'same-id-together']);
    }
  });

  it('keeps results from anyone without the researcher token', async () => {
    const a = await newSession('P-reader');
    expect((await app.request('/api/results')).status).toBe(401);
    expect((await app.request('/api/results', { headers: { Authorization: `Bearer ${a.token}` } })).status).toBe(401);
    expect((await app.request('/api/results/events.csv', { headers: { Authorization: `Bearer ${RESEARCHER}` } })).status).toBe(200);
  });

  it.each([
    ['not JSON', '{"events": [', 'body'],
    ['no events', {}, 'events'],
    ['a bad type', { events: [{ ...event(0), type: 'teleport' }] }, 'events.0.type'],
    ['a bad time', { events: [event(0), { ...event(1), wall: 'yesterday' }] }, 'events.1.wall'],
    // Date.parse rolls these over; Python's datetime refuses them in the export.
    ['a day that does not exist', { events: [{ ...event(0), wall: '2026-02-30T12:00:00Z' }] }, 'events.0.wall'],
    ['hour 24', { events: [{ ...event(0), wall: '2026-02-28T24:00:00Z' }] }, 'events.0.wall'],
    ['an offset past 23:59', { events: [{ ...event(0), wall: '2026-02-28T12:00:00+24:00' }] }, 'events.0.wall'],
    ['an unknown field', { events: [{ ...event(0), secret: 1 }] }, 'events.0.secret'],
    ['a repeated id', { events: [event(0), event(0)] }, 'events.1.id'],
    // A NUL in text is kept as U+FFFD (study-hostile.test.ts); data that is no object is refused.
    ['data that is a list', { events: [{ ...event(0), data: [] }] }, 'events.0.data'],
  ])('refuses %s with a 400 naming the field, storing nothing', async (_what, body, field) => {
    const { session, token } = await newSession(`P-bad-${field}`);
    const response = await post(`/api/sessions/${session}/events`, body, token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field });
    expect(await store.sessionProgress(session)).toEqual({ events: 0, lastSeq: null });
  });

  it('writes batches that arrive together in one go, each counted for its own request', async () => {
    const sessions = await Promise.all(['P-g1', 'P-g2', 'P-g3'].map((p) => newSession(p)));
    const answers = await Promise.all(
      sessions.flatMap(({ session, token }) => [
        post(`/api/sessions/${session}/events`, { events: [event(0, { id: `group-${session}-0`}), event(1, { id: `group-${session}-1`})] }, token),
        // The same batch again at once, as a retry racing its original.
        post(`/api/sessions/${session}/events`, { events: [event(0, { id: `group-${session}-0`}), event(1, { id: `group-${session}-1`})] }, token),
      ]),
    );
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { stored: number }[];
    expect(bodies.reduce((n, b) => n + b.stored, 0)).toBe(6);
    for (const { session } of sessions) expect(await store.sessionProgress(session)).toEqual({ events: 2, lastSeq: 1 });
  });

  it('bounds the request size and the rate', async () => {
    const { session, token } = await newSession('P-limits');
    const huge = await post(`/api/sessions/${session}/events`, { events: [event(0, { data: { text: 'x'.repeat(300 * 1024) } })] }, token);
    expect(huge.status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post(`/api/sessions/${session}/events`, { events: [event(10 + i)] }, token)).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(0, 4).every((s) => s === 200)).toBe(true);
  });
});
