/**
 * The study server on PGlite when its disk fills. Below the free space it keeps, a new session and
 * a batch of new events are refused with 507 and a message that says so, while what is stored
 * stays readable and exportable, and writes are taken again once there is room; the free space is
 * the test's (statfs's stand-in). When PGlite stops anyway after a write to its log failed (a
 * PANIC; a folder where its next WAL segment goes fails that write as a full disk does), that
 * request and the later ones are answered, where PGlite would loop for good on the next
 * statement, nothing stored is lost, and the database is opened again once there is room.
 */
import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStudy, type StudyEvent } from '../../../src/core/index.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { openPglite } from '../../../src/server/sql.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { ServerError } from '../../../src/ui/views/study/api.ts';
import { afterFailure } from '../../../src/ui/views/study/refusal.ts';
import { studyJson } from '../study/fixtures.ts';

const RESEARCHER = 'researcher-token-for-tests-0123456789';
const MIB = 1024 * 1024;
const study = parseStudy(studyJson());
const dirs: string[] = [];
const stores: StudyStore[] = [];
let counter = 0;

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A server on PGlite that keeps 256 MiB free, on a disk with `disk.free` bytes free; what it tells the operator goes to `log`. */
async function server(): Promise<{ app: ReturnType<typeof createStudyApp>; store: StudyStore; disk: { free: number }; log: string[]; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pipette-study-disk-'));
  dirs.push(dir);
  const disk = { free: 10_000 * MIB };
  const log: string[] = [];
  const store = await StudyStore.open(await openPglite(dir, { diskReserve: { mib: 256, freeSpace: async () => disk.free, maxAgeMs: 0 }, report: (line) => log.push(line) }));
  stores.push(store);
  await store.putStudy(study);
  return { app: createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null }), store, disk, log, dir };
}

type App = ReturnType<typeof createStudyApp>;

function post(app: App, path: string, body: unknown, token?: string): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }));
}

function get(app: App, path: string, token = RESEARCHER): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: { Authorization: `Bearer ${token}` } }));
}

function events(n: number): StudyEvent[] {
  return Array.from({ length: n }, () => {
    const seq = counter++;
    return { id: `disk-${seq}-xxxxxxxx`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq % 60)).toISOString(), mono: 1000 + seq, data: { size: seq } };
  });
}

async function newSession(app: App, participant: string): Promise<{ session: string; token: string }> {
  const response = await post(app, '/api/sessions', { participant });
  expect(response.status, participant).toBe(201);
  return response.json() as never;
}

function send(app: App, session: { session: string; token: string }, batch: readonly StudyEvent[]): Promise<Response> {
  return post(app, `/api/sessions/${session.session}/events`, { events: batch }, session.token);
}

/** The ids of the session's events the researcher reads back. */
async function storedIds(app: App, session: string): Promise<string[]> {
  const response = await get(app, '/api/results');
  expect(response.status).toBe(200);
  const { events: all } = (await response.json()) as { events: { id: string; session: string }[] };
  return all.filter((e) => e.session === session).map((e) => e.id);
}

describe("a disk below the server's reserve", () => {
  it('refuses new sessions and events with 507 and says why, keeps what is stored readable, and takes writes again when there is room', async () => {
    const { app, disk, log } = await server();
    const session = await newSession(app, 'P-disk-1');
    const stored = events(3);
    expect((await send(app, session, stored)).status).toBe(200);

    disk.free = 100 * MIB;
    const waiting = events(2);
    const refused = await send(app, session, waiting);
    expect(refused.status).toBe(507);
    const body = (await refused.json()) as { error: string; field: string };
    expect(body.field).toBe('storage');
    expect(body.error).toContain("The server's disk is nearly full: 100 MiB free, the server keeps 256 MiB free");
    expect(body.error).toContain("later events stay on the participant's device");
    expect(body.error).toContain('pipette study serve --disk-reserve MIB');
    // The participant's page holds every event of the batch on the device.
    expect(afterFailure(new ServerError(refused.status, body.error, null, body.field), waiting.length)).toEqual({ kind: 'hold', heals: true });

    const newcomer = await post(app, '/api/sessions', { participant: 'P-disk-2' });
    expect(newcomer.status).toBe(507);
    expect(await newcomer.json()).toMatchObject({ field: 'storage', error: expect.stringContaining("The server's disk is nearly full: 100 MiB free") });

    // A page that lost its acknowledgement sends what was stored again: it is acknowledged, not refused.
    const retry = await send(app, session, stored);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ stored: 0, duplicates: 3 });

    // The researcher can still read and export everything.
    expect(await storedIds(app, session.session)).toEqual(stored.map((e) => e.id));
    for (const path of ['/api/results/events.csv', '/api/results/attempts.csv']) expect((await get(app, path)).status, path).toBe(200);
    expect(await (await get(app, '/api/results/events.csv')).text()).toContain(stored[2]!.id);
    expect(await (await get(app, `/api/sessions/${session.session}`, session.token)).json()).toMatchObject({ events: 3 });

    // The operator is told once, with the folder, not at each refusal.
    expect(log.filter((line) => line.includes('has 100 MiB free, less than the 256 MiB the server keeps free'))).toHaveLength(1);

    disk.free = 300 * MIB;
    const later = await send(app, session, waiting);
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ stored: 2 });
    await newSession(app, 'P-disk-2');
    expect(await storedIds(app, session.session)).toEqual([...stored, ...waiting].map((e) => e.id));
    expect(log.at(-1)).toContain('has room again (300 MiB free)');
  }, 120_000);
});

describe('a database that stops after a failed write', () => {
  it('answers every request instead of hanging, loses nothing stored, and is opened again once the disk has room', async () => {
    const { app, store, disk, log, dir } = await server();
    const session = await newSession(app, 'P-stop-1');
    const stored = events(3);
    expect((await send(app, session, stored)).status).toBe(200);

    // The disk fills between two measurements: PostgreSQL can't make its next WAL segment, and stops (PANIC).
    const [{ name }] = await store.db.query<{ name: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS name');
    const next = name.slice(0, 16) + (parseInt(name.slice(16), 16) + 1).toString(16).toUpperCase().padStart(8, '0');
    const obstacle = join(dir, 'pg_wal', next);
    mkdirSync(obstacle);
    await store.db.query('SELECT pg_switch_wal()');

    const waiting = events(2);
    const failed = await send(app, session, waiting);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('30');
    const body = (await failed.json()) as { error: string; field: string };
    expect(body).toMatchObject({ field: 'storage', error: expect.stringContaining("The server's database stopped after a write failed") });
    expect(afterFailure(new ServerError(failed.status, body.error, 30, body.field), waiting.length)).toEqual({ kind: 'retry' });
    expect(log.some((line) => line.includes(`the database in ${dir} stopped after a write failed`))).toBe(true);

    // Nothing more is sent to the stopped database: what needs it is answered 503, the rest as before.
    disk.free = 10 * MIB;
    expect((await get(app, '/api/results')).status).toBe(503);
    expect((await get(app, `/api/sessions/${session.session}`, session.token)).status).toBe(503);
    expect((await app.request('/api/health')).status).toBe(200);
    expect([503, 507]).toContain((await send(app, session, waiting)).status);

    rmdirSync(obstacle);
    disk.free = 10_000 * MIB;
    expect(await storedIds(app, session.session)).toEqual(stored.map((e) => e.id));
    expect(log.at(-1)).toContain(`the database in ${dir} is open again`);
    const resent = await send(app, session, waiting);
    expect(resent.status).toBe(200);
    expect(await storedIds(app, session.session)).toEqual([...stored, ...waiting].map((e) => e.id));
  }, 120_000);
});
