/**
 * The study server against what a broken page or a client that is not one may send: text cut
 * in the middle of an emoji, NULs, long answers, deep nesting, answers named like built-in
 * properties, more than a session or a study may store, and a Host that is not this machine.
 * A participant's events are kept, or refused with a 4xx/507 naming why; never a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipText, parseStudy, summarizeStudy, withinBatchSize, type RecordedEvent, type StudyEvent } from '../../../src/core/index.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { openPglite } from '../../../src/server/sql.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { studyJson } from '../study/fixtures.ts';

const RESEARCHER = 'researcher-token-for-tests-0123456789';
const study = parseStudy(studyJson());
let dir: string;
let store: StudyStore;
let app: ReturnType<typeof createStudyApp>;
let counter = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-study-hostile-'));
  store = await StudyStore.open(await openPglite(dir), { sessionEvents: 6, sessionChars: 200_000, studyEvents: 14, studyChars: 1_000_000 });
  await store.putStudy(study);
  app = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null, loopbackOnly: true });
}, 120_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body: unknown, token?: string, host = 'localhost'): Promise<Response> {
  return Promise.resolve(app.request(`http://${host}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Host: host, ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

function event(over: Partial<StudyEvent> = {}): StudyEvent {
  const seq = counter++;
  return { id: `hostile-${seq}-xxxxxxxx`, seq, type: 'answer', step: 'name-click', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq % 60)).toISOString(), mono: 1000 + seq, data: {}, ...over };
}

async function newSession(participant: string): Promise<{ session: string; token: string }> {
  const response = await post('/api/sessions', { participant });
  expect(response.status).toBe(201);
  return response.json() as never;
}

async function storedData(session: string): Promise<unknown[]> {
  const results = (await (await app.request('http://localhost/api/results', { headers: { Authorization: `Bearer ${RESEARCHER}`, Host: 'localhost' } })).json()) as { events: RecordedEvent[] };
  return results.events.filter((e) => e.session === session).map((e) => e.data);
}

describe('what a participant made is stored, whatever its text', () => {
  it('keeps text cut in the middle of an emoji, and a NUL, as U+FFFD; and literal "\\u0000" text as typed', async () => {
    const { session, token } = await newSession('P-text');
    const cut = ('pip install ' + 'x'.repeat(287) + '😀').slice(0, 300);
    expect(cut.endsWith('\ud83d')).toBe(true);
    const response = await post(`/api/sessions/${session}/events`, { events: [event({ data: { value: cut } }), event({ data: { value: 'a\u0000b', ['\udc00key']: 'typed \\u0000' } })] }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 2 });
    expect(await storedData(session)).toEqual([{ value: `${cut.slice(0, -1)}\ufffd` }, { value: 'a\ufffdb', '\ufffdkey': 'typed \\u0000' }]);
  });

  it('keeps the longest text answer a study may ask for, quotes and all', async () => {
    const { session, token } = await newSession('P-long');
    const answer = '"'.repeat(20_000);
    expect((await post(`/api/sessions/${session}/events`, { events: [event({ data: { value: answer } })] }, token)).status).toBe(200);
    expect(await storedData(session)).toEqual([{ value: answer }]);
  });

  it('refuses data nested past the limit with a 400 naming the field, not a 500', async () => {
    const { session, token } = await newSession('P-deep');
    const deep = `{"events":[{"id":"deep-event-1","seq":0,"type":"note","step":null,"wall":"2026-01-01T00:00:00Z","mono":1,"data":${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}}]}`;
    const response = await post(`/api/sessions/${session}/events`, deep, token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: expect.stringMatching(/^events\.0\.data(\.a)+$/), error: expect.stringContaining('nested more than 32 levels deep') });
  });

  it('clipText never leaves half of a surrogate pair', () => {
    expect(clipText('ab😀', 3)).toBe('ab');
    expect(clipText('ab😀', 4)).toBe('ab😀');
    expect(clipText('abc', 2)).toBe('ab');
  });
});

describe('the summary', () => {
  it('counts answers and voices named like built-in properties as any other', () => {
    const events: RecordedEvent[] = [];
    ['constructor', '__proto__', 'toString', 'ok'].forEach((value, i) => {
      const base = { session: `s${i}`, participant: `P${i}`, condition: study.conditions[0]!.name, step: 'name-click' };
      events.push({ ...base, ...event({ type: 'step-start', data: {} }) });
      events.push({ ...base, ...event({ type: 'view', data: { voice: value } }) });
      events.push({ ...base, ...event({ type: 'answer', data: { value } }) });
      events.push({ ...base, ...event({ type: 'step-end', data: { outcome: 'answered' } }) });
    });
    const step = summarizeStudy(study, events).steps.find((s) => s.condition === study.conditions[0]!.name && s.step === 'name-click')!;
    expect(JSON.stringify(step.answers)).toBe('{"constructor":1,"__proto__":1,"toString":1,"ok":1}');
    expect(Object.keys(step.voices).sort()).toEqual(['__proto__', 'constructor', 'ok', 'toString']);
    expect(Object.getPrototypeOf(step.answers)).toBe(Object.prototype);
  });
});

describe('storage limits', () => {
  it('refuses what is past a session’s limit with 507, and still acknowledges a retry of what was stored', async () => {
    const { session, token } = await newSession('P-full');
    const first = [event(), event(), event(), event()];
    expect((await post(`/api/sessions/${session}/events`, { events: first }, token)).status).toBe(200);
    const over = await post(`/api/sessions/${session}/events`, { events: [event(), event(), event()] }, token);
    expect(over.status).toBe(507);
    expect(await over.json()).toMatchObject({ field: 'storage', error: expect.stringContaining('This session has stored as much as one session may (6 events') });
    // The page lost its acknowledgement and sends the same events again: they are acknowledged.
    const retry = await post(`/api/sessions/${session}/events`, { events: first }, token);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ stored: 0, duplicates: 4 });
    expect((await post(`/api/sessions/${session}/events`, { events: [event(), event()] }, token)).status).toBe(200);
  });

  it("refuses what is past the study's limit, counting what earlier sessions stored", async () => {
    // 6 (P-full) + 2 + 1 (earlier tests) events are stored; the study keeps 14.
    const a = await newSession('P-study-a');
    expect((await post(`/api/sessions/${a.session}/events`, { events: [event(), event(), event(), event()] }, a.token)).status).toBe(200);
    const b = await newSession('P-study-b');
    const over = await post(`/api/sessions/${b.session}/events`, { events: [event(), event()] }, b.token);
    expect(over.status).toBe(507);
    expect(await over.json()).toMatchObject({ error: expect.stringContaining('This study has stored as much as the server keeps (14 events') });
  });

  it('makes session ids a spreadsheet never reads as a formula', async () => {
    for (let i = 0; i < 20; i++) expect((await newSession(`P-id-${i}`)).session).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('a server on this machine only', () => {
  it('answers to localhost, 127.0.0.1 and [::1], and to no other Host (DNS rebinding)', async () => {
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080']) expect((await post('/api/sessions', { participant: 'P-host' }, undefined, host)).status, host).toBe(201);
    const refused = await post('/api/sessions', { participant: 'P-host' }, undefined, 'evil.example');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ field: 'host' });
    expect((await app.request('http://evil.example/api/study', { headers: { Host: 'evil.example' } })).status).toBe(403);
  });
});

describe("the page's batches", () => {
  it('stay under the body limit however large the events, and never come out empty', () => {
    const big = { data: { text: 'n'.repeat(2700) } };
    const batch = withinBatchSize(Array.from({ length: 100 }, () => big));
    expect(batch.length).toBeGreaterThan(50);
    expect(JSON.stringify({ events: batch }).length).toBeLessThan(256 * 1024);
    const huge = { data: { text: 'x'.repeat(130_000) } };
    expect(withinBatchSize([huge, huge, big])).toEqual([huge]);
    expect(withinBatchSize([])).toEqual([]);
  });
});

describe('storage limits across a restart', () => {
  it('counts stored data the same after a restart as when it was stored (emoji are two UTF-16 units, one jsonb character)', async () => {
    const restartDir = mkdtempSync(join(tmpdir(), 'pipette-study-restart-'));
    const limits = { sessionEvents: 100, sessionChars: 1000, studyEvents: 1000, studyChars: 1_000_000 };
    try {
      let store = await StudyStore.open(await openPglite(restartDir), limits);
      await store.putStudy(study);
      const made = await store.createSession(study.id, 'P-restart', 'hash', async () => ({ condition: study.conditions[0]!.name, source: 'assigned', order: study.steps.map((s) => s.id) }) as never);
      // '{"t":"🦀…"}' is 208 units of JSON as received: four fit in 1000, a fifth does not.
      const crab = (n: number): StudyEvent => event({ id: `crab-${n}`, seq: n, data: { t: '🦀'.repeat(100) } });
      expect(await store.appendEvents(made.id, [0, 1, 2, 3].map(crab))).toBe(4);
      expect(await store.noRoomFor(made.id, study.id, [crab(4)])).toContain('This session has stored as much as one session may');
      await store.close();
      store = await StudyStore.open(await openPglite(restartDir), limits);
      try {
        expect(await store.noRoomFor(made.id, study.id, [crab(4)])).toContain('This session has stored as much as one session may');
      } finally {
        await store.close();
      }
    } finally {
      rmSync(restartDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a study file edited after sessions ran', () => {
  it('keeps the earlier definition and says what sessions ran under that is gone', async () => {
    const editDir = mkdtempSync(join(tmpdir(), 'pipette-study-edit-'));
    try {
      const store = await StudyStore.open(await openPglite(editDir));
      try {
        expect(await store.putStudy(study)).toBeNull();
        // The same file again: nothing changed.
        expect(await store.putStudy(study)).toBeNull();
        await store.createSession(study.id, 'P-edit', 'hash', async () => ({ condition: study.conditions[0]!.name, source: 'assigned', order: study.steps.map((s) => s.id) }) as never);
        const json = studyJson() as { steps: { id: string }[]; conditions: { name: string }[] };
        const edited = parseStudy({ ...json, steps: json.steps.map((step, i) => (i === 0 ? { ...step, id: 'renamed-task' } : step)), conditions: json.conditions.slice(0, 1).map((c) => ({ ...c, rollout: 100 })) });
        const change = await store.putStudy(edited);
        expect(change).toEqual({ sessions: 1, stepsGone: [json.steps[0]!.id], conditionsGone: json.conditions.slice(1).map((c) => c.name) });
        const kept = await store.db.query<{ definition: unknown }>('SELECT definition FROM study_versions WHERE study_id = $1', [study.id]);
        expect(kept).toHaveLength(1);
        const earlier = (typeof kept[0]!.definition === 'string' ? JSON.parse(kept[0]!.definition) : kept[0]!.definition) as { steps: { id: string }[] };
        expect(earlier.steps[0]!.id).toBe(json.steps[0]!.id);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(editDir, { recursive: true, force: true });
    }
  }, 120_000);
});
