/**
 * One client address may store only its share of a study, so that a client making session after
 * session can't fill the study and lock every other participant out; a lab of participants
 * behind one address still fits; the address is kept only as a keyed hash that no export shows.
 * Requests carry the address the socket would report (the env @hono/node-server passes).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudy, type StudyEvent } from '../../../src/core/index.ts';
import { addressGroup } from '../../../src/server/address.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { openPglite } from '../../../src/server/sql.ts';
import { DEFAULT_STORAGE_LIMITS, StorageFullError, type StorageLimits } from '../../../src/server/storage-limits.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { studyJson } from '../study/fixtures.ts';

const RESEARCHER = 'researcher-token-for-tests-0123456789';
const study = parseStudy(studyJson());
/** 200 events a study, a twentieth of it (10 events) an address, 8 a session, 4 sessions an address. */
const LIMITS: StorageLimits = { sessionEvents: 8, sessionChars: 100_000, studyEvents: 200, studyChars: 1_000_000, addressShare: 0.05, addressSessions: 4 };
const dirs: string[] = [];
let store: StudyStore;
let app: ReturnType<typeof createStudyApp>;
let counter = 0;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipette-study-address-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  store = await StudyStore.open(await openPglite(tempDir()), LIMITS);
  await store.putStudy(study);
  app = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null });
}, 120_000);

afterAll(async () => {
  await store?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A request from `from`, as the socket reports it (none: no address at all). */
function request(path: string, init: RequestInit, from: string | null): Promise<Response> {
  return Promise.resolve(app.request(`http://localhost${path}`, init, from === null ? undefined : { incoming: { socket: { remoteAddress: from } } }));
}

function post(path: string, body: unknown, from: string | null, token?: string): Promise<Response> {
  return request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }, from);
}

function event(over: Partial<StudyEvent> = {}): StudyEvent {
  const seq = counter++;
  return { id: `address-${seq}-xxxxxxxx`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq % 60)).toISOString(), mono: 1000 + seq, data: { size: seq }, ...over };
}

function events(n: number): StudyEvent[] {
  return Array.from({ length: n }, () => event());
}

async function newSession(participant: string, from: string | null): Promise<{ session: string; token: string }> {
  const response = await post('/api/sessions', { participant }, from);
  expect(response.status, `${participant} from ${from}`).toBe(201);
  return response.json() as never;
}

function send(session: { session: string; token: string }, batch: readonly StudyEvent[], from: string | null): Promise<Response> {
  return post(`/api/sessions/${session.session}/events`, { events: batch }, from, session.token);
}

describe("an address's share of the study", () => {
  it('refuses what one address sends past its share, with a message that says so, while another address still stores', async () => {
    const from = '203.0.113.7';
    const first = await newSession('P-a1', from);
    expect((await send(first, events(8), from)).status).toBe(200);
    // A new session from the same address: the session's own limit is far, the address's share is not.
    const second = await newSession('P-a2', from);
    const stored = events(2);
    expect((await send(second, stored, from)).status).toBe(200);
    const over = await send(second, events(1), from);
    expect(over.status).toBe(507);
    const refusal = (await over.json()) as { error: string; field: string };
    expect(refusal.field).toBe('storage');
    expect(refusal.error).toContain('This address has stored its share of the study (10 events');
    expect(refusal.error).toContain('5% of what the study keeps');
    expect(refusal.error).toContain("later events stay on the participant's device");
    expect(refusal.error).toContain('pipette study serve --address-share');

    // The page lost its acknowledgement and sends what was stored again: it is acknowledged.
    const retry = await send(second, stored, from);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ stored: 0, duplicates: 2 });

    const other = await newSession('P-b1', '198.51.100.9');
    const fine = await send(other, events(3), '198.51.100.9');
    expect(fine.status).toBe(200);
    expect(await fine.json()).toMatchObject({ stored: 3 });
  });

  it("counts a session under the address that made it, wherever its events come from", async () => {
    const session = await newSession('P-moved', '203.0.113.88');
    expect((await send(session, events(8), '203.0.113.88')).status).toBe(200);
    // The same participant's events from another network count against the address that made the session.
    const second = await newSession('P-moved-2', '203.0.113.88');
    expect((await send(second, events(3), '198.51.100.200')).status).toBe(507);
  });

  it('counts an IPv6 client under its /64, and an IPv4 client the same over a dual-stack socket', async () => {
    expect(addressGroup('2001:db8:5:6::1')).toBe(addressGroup('2001:0db8:0005:0006:ffff:1:2:3'));
    expect(addressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
    const a = await newSession('P-v6-a', '2001:db8:5:6::1');
    expect((await send(a, events(8), '2001:db8:5:6::1')).status).toBe(200);
    const b = await newSession('P-v6-b', '2001:db8:5:6::abcd');
    expect((await send(b, events(3), '2001:db8:5:6::abcd')).status).toBe(507);
    const elsewhere = await newSession('P-v6-c', '2001:db8:5:7::1');
    expect((await send(elsewhere, events(3), '2001:db8:5:7::1')).status).toBe(200);
    // 203.0.113.7 stored its share in the first test.
    const mapped = await newSession('P-a3', '::ffff:203.0.113.7');
    expect(await (await send(mapped, events(1), '::ffff:203.0.113.7')).json()).toMatchObject({ error: expect.stringContaining('This address has stored its share') });
  });

  it("does not count this machine's or a private network's addresses, such as a reverse proxy's", async () => {
    for (const from of ['10.0.0.8', '127.0.0.1', '::1', null]) {
      for (const n of [1, 2]) {
        const session = await newSession(`P-near-${(from ?? 'none').replace(/:/g, '.')}-${n}`, from);
        // 16 events from one of these addresses: past the share of 10, within the study's limit.
        const response = await send(session, events(8), from);
        expect(response.status, `${from} session ${n}`).toBe(200);
        if (from === null) break;
      }
    }
  });

  it('makes as many sessions for one address as it may, even when they arrive at once, and refuses the rest with 507', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => post('/api/sessions', { participant: `P-many-${i}` }, '192.0.2.50')));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 507, 507]);
    const refused = (await responses.find((r) => r.status === 507)!.json()) as { error: string; field: string };
    expect(refused).toMatchObject({ field: 'storage', error: expect.stringContaining('This address has made as many sessions of this study as one address may (4)') });
    expect(refused.error).toContain('--address-sessions');
    await newSession('P-many-other', '192.0.2.51');
  });
});

describe('what is kept of an address', () => {
  it('keeps only a keyed hash, which no export shows', async () => {
    const rows = await store.db.query<Record<string, unknown>>('SELECT * FROM sessions WHERE study_id = $1', [study.id]);
    const kept = JSON.stringify(rows);
    for (const address of ['203.0.113.7', '198.51.100.9', '2001:db8', '192.0.2.50']) expect(kept).not.toContain(address);
    const hashes = [...new Set(rows.map((r) => r.address_hash).filter((h): h is string => typeof h === 'string'))];
    // 203.0.113.7, .88, 198.51.100.9, two IPv6 /64s, 192.0.2.50 and .51.
    expect(hashes).toHaveLength(7);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Keyed: not a plain hash that a list of every IPv4 address would reverse.
    expect(hashes).not.toContain(createHash('sha256').update('203.0.113.7').digest('hex'));
    expect(hashes).toContain(await store.hashAddress('203.0.113.7'));

    const auth = { headers: { Authorization: `Bearer ${RESEARCHER}` } };
    const results = (await (await request('/api/results', auth, null)).json()) as { sessions: Record<string, unknown>[]; events: Record<string, unknown>[] };
    expect(results.sessions.length).toBe(rows.length);
    for (const session of results.sessions) expect(Object.keys(session).filter((key) => /address/i.test(key))).toEqual([]);
    for (const path of ['/api/results', '/api/results/events.csv', '/api/results/attempts.csv']) {
      const text = await (await request(path, auth, null)).text();
      expect(text.length, path).toBeGreaterThan(0);
      for (const hash of hashes) expect(text, path).not.toContain(hash);
      expect(text, path).not.toMatch(/address_?hash/i);
    }
  });
});

describe("an address's share across a restart", () => {
  it('counts what an address stored, and the sessions it made, the same after the store is opened again', async () => {
    const dir = tempDir();
    const limits = { ...LIMITS, addressSessions: 3 };
    const assignFor = async () => ({ condition: study.conditions[0]!.name, source: 'assigned', stepOrder: study.steps.map((s) => s.id) }) as never;
    let reopened = await StudyStore.open(await openPglite(dir), limits);
    await reopened.putStudy(study);
    const first = await reopened.createSession(study.id, 'P-r1', 'hash', assignFor, { address: '203.0.113.9' });
    const second = await reopened.createSession(study.id, 'P-r2', 'hash', assignFor, { address: '203.0.113.9' });
    expect(await reopened.noRoomFor(first.id, study.id, events(8))).toBeNull();
    expect(await reopened.appendEvents(first.id, events(8))).toBe(8);
    const stored = events(2);
    expect(await reopened.noRoomFor(second.id, study.id, stored)).toBeNull();
    expect(await reopened.appendEvents(second.id, stored)).toBe(2);
    expect(await reopened.noRoomFor(second.id, study.id, events(1))).toContain('This address has stored its share');
    await reopened.close();

    reopened = await StudyStore.open(await openPglite(dir), limits);
    try {
      // Read back from the database: the same address hashes the same (the key is kept), and its sessions' events count.
      const third = await reopened.createSession(study.id, 'P-r3', 'hash', assignFor, { address: '203.0.113.9' });
      expect(await reopened.noRoomFor(third.id, study.id, events(1))).toContain('This address has stored its share');
      expect(await reopened.noRoomFor(second.id, study.id, stored)).toBeNull();
      await expect(reopened.createSession(study.id, 'P-r4', 'hash', assignFor, { address: '203.0.113.9' })).rejects.toThrow(StorageFullError);
      const other = await reopened.createSession(study.id, 'P-r5', 'hash', assignFor, { address: '198.51.100.1' });
      expect(await reopened.noRoomFor(other.id, study.id, events(3))).toBeNull();
      // A session made before addresses were kept counts under none.
      const old = await reopened.createSession(study.id, 'P-old', 'hash', assignFor);
      expect((await reopened.sessionToken(old.id))?.addressHash).toBeNull();
      expect(await reopened.noRoomFor(old.id, study.id, events(8))).toBeNull();
    } finally {
      await reopened.close();
    }
  }, 120_000);
});

describe('a lab behind one address', () => {
  it('gives 20 participants of an hour each, on one address, room under the default share', async () => {
    const lab = await StudyStore.open(await openPglite(tempDir()));
    try {
      expect(lab.limits).toEqual(DEFAULT_STORAGE_LIMITS);
      await lab.putStudy(study);
      const assignFor = async () => ({ condition: study.conditions[0]!.name, source: 'assigned', stepOrder: study.steps.map((s) => s.id) }) as never;
      // An hour's session: some 3,000 events of some 300 characters (edits, resolves, views).
      const text = 'x'.repeat(280);
      for (let p = 0; p < 20; p++) {
        const session = await lab.createSession(study.id, `P-lab-${p}`, 'hash', assignFor, { address: '203.0.113.20' });
        for (let batch = 0; batch < 6; batch++) {
          const sent = Array.from({ length: 500 }, (_, i) => event({ id: `lab-${p}-${batch}-${i}`, data: { text } }));
          expect(await lab.noRoomFor(session.id, study.id, sent), `participant ${p}, batch ${batch}`).toBeNull();
          expect(await lab.appendEvents(session.id, sent)).toBe(500);
        }
      }
    } finally {
      await lab.close();
    }
  }, 300_000);
});

describe('the server as `study serve` starts it', () => {
  it('keeps the share and the sessions per address it is given', async () => {
    const { startStudyServer } = await import('../../../src/server/serve.ts');
    const server = await startStudyServer({ study, port: 0, dataDir: tempDir(), distDir: null, storage: { addressShare: 0.1, addressSessions: 50 } });
    try {
      expect(server.storageLimits).toEqual({ ...DEFAULT_STORAGE_LIMITS, addressShare: 0.1, addressSessions: 50 });
    } finally {
      await server.close();
    }
  }, 120_000);

  it('refuses a share that is no part of the study, before the storage is touched', async () => {
    for (const addressShare of [0, -0.5, 1.5, Number.NaN]) await expect(StudyStore.open({} as never, { addressShare })).rejects.toThrow(`addressShare ${addressShare}: expected more than 0 and at most 1`);
  });
});
