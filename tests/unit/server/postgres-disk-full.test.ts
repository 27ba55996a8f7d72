/**
 * A PostgreSQL server refuses a write itself when its disk is full (SQLSTATE 53100, disk_full).
 * The study server answers that 507, as it does PGlite's full disk, so the participant's page
 * holds its events instead of taking the server for broken. A server that can't take a statement
 * now (out of connections, restarting, unreachable) is answered 503 with a time to try again, as
 * PGlite's stopped database is. The pool stands in for the server: it runs the statements on
 * PGlite and fails the ones the test picks with the server's error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudy, type StudyEvent } from '../../../src/core/index.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { postgresClient, type PostgresPool } from '../../../src/server/sql.ts';
import { StorageFullError, StorageUnavailableError } from '../../../src/server/storage-limits.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { ServerError } from '../../../src/ui/views/study/api.ts';
import { afterFailure } from '../../../src/ui/views/study/refusal.ts';
import { studyJson } from '../study/fixtures.ts';

const RESEARCHER = 'researcher-token-for-tests-0123456789';

/** An error as node-postgres gives it for a server's refusal: its message, severity and SQLSTATE. */
function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', code });
}

/** Statements matching `failing.when` fail with `failing.error`, and so does connecting while `failing.connect`; the rest run on `db`. */
function poolOver(db: PGlite, failing: { when: RegExp | null; error: Error | null; connect?: boolean }): PostgresPool & { ended: boolean; released: (Error | undefined)[] } {
  const released: (Error | undefined)[] = [];
  const run = async (sql: string, params?: unknown[]) => {
    if (failing.when?.test(sql) && failing.error) throw failing.error;
    // Several statements (a migration) go without parameters, as PostgreSQL's simple protocol takes them.
    if (params === undefined) return { rows: (await db.exec(sql)).at(-1)?.rows ?? [] };
    return { rows: (await db.query(sql, params)).rows };
  };
  return {
    ended: false,
    released,
    query: run,
    connect: async () => {
      if (failing.connect && failing.error) throw failing.error;
      return { query: run, release: (error?: Error) => void released.push(error) };
    },
    async end() {
      this.ended = true;
    },
  };
}

let dir: string;
let db: PGlite;

/** The study app over a pool failing as `failing` says (nothing yet), with one session made and two events to send. */
async function sessionOver(failing: { when: RegExp | null; error: Error | null }, name: string) {
  const store = await StudyStore.open(postgresClient(poolOver(db, failing), () => undefined));
  const study = parseStudy(studyJson());
  await store.putStudy(study);
  const app = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null });
  const post = (path: string, body: unknown, token?: string) =>
    Promise.resolve(app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }));
  const made = await post('/api/sessions', { participant: `P-${name}` });
  expect(made.status).toBe(201);
  const { session, token } = (await made.json()) as { session: string; token: string };
  const events: StudyEvent[] = [0, 1].map((seq) => ({ id: `${name}-${seq}-xxxxxxxx`, seq, type: 'edit', step: 'fix-numpy', wall: '2026-01-01T00:00:00.000Z', mono: seq, data: {} }));
  return { post, session, token, events };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-pg-disk-'));
  const { PGlite } = await import('@electric-sql/pglite');
  db = await PGlite.create(dir);
}, 120_000);

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a PostgreSQL server's full disk", () => {
  it('is a StorageFullError from the client, told to the operator once a minute; other errors pass as they are', async () => {
    const failing = { when: /INSERT INTO t/ as RegExp | null, error: serverError('53100', 'could not extend file "base/16384/16385": No space left on device') as Error | null };
    const log: string[] = [];
    const client = postgresClient(poolOver(db, failing), (line) => log.push(line));
    await client.query('CREATE TABLE t (x int)');

    const refused = client.query('INSERT INTO t VALUES ($1)', [1]);
    await expect(refused).rejects.toThrow(StorageFullError);
    await expect(refused).rejects.toThrow("The database server's disk is full, so this was not stored");
    await expect(client.query('INSERT INTO t VALUES ($1)', [2])).rejects.toThrow(StorageFullError);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/failed for want of disk space \(could not extend file .*No space left on device\); it was undone/);

    // In a transaction (a migration) too, and the transaction is rolled back.
    await expect(client.execInTransaction('CREATE TABLE u (y int)', async (tx) => void (await tx.query('INSERT INTO t VALUES ($1)', [3])))).rejects.toThrow(StorageFullError);
    expect(await client.query("SELECT to_regclass('u') AS u")).toEqual([{ u: null }]);

    for (const other of [serverError('23505', 'duplicate key'), serverError('42P01', 'relation "nowhere" does not exist'), new Error('something else')]) {
      failing.error = other;
      await expect(client.query('INSERT INTO t VALUES ($1)', [4])).rejects.toBe(other);
    }
    failing.when = null;
    expect(await client.query('INSERT INTO t VALUES ($1) RETURNING x', [5])).toEqual([{ x: 5 }]);
  });

  it('is answered 507 naming the storage, and the page holds the batch; the events are taken once there is room', async () => {
    const failing = { when: null as RegExp | null, error: serverError('53100', 'could not extend file "base/16384/16390": No space left on device') as Error | null };
    const { post, session, token, events } = await sessionOver(failing, 'pg-full');

    failing.when = /INSERT INTO (events|sessions)/;
    const refused = await post(`/api/sessions/${session}/events`, { events }, token);
    expect(refused.status).toBe(507);
    const body = (await refused.json()) as { error: string; field: string };
    expect(body).toEqual({ field: 'storage', error: expect.stringContaining("The database server's disk is full") });
    expect(afterFailure(new ServerError(refused.status, body.error, null, body.field), events.length)).toMatchObject({ kind: 'hold' });
    const newcomer = await post('/api/sessions', { participant: 'P-pg-full-2' });
    expect(newcomer.status).toBe(507);

    failing.when = null;
    const later = await post(`/api/sessions/${session}/events`, { events }, token);
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ stored: 2 });
  });
});

describe("a PostgreSQL server that can't take a statement now", () => {
  const busy = [
    serverError('53300', 'sorry, too many clients already'),
    serverError('53000', 'insufficient resources'),
    serverError('53200', 'out of memory'),
    serverError('57P03', 'the database system is starting up'),
    serverError('57P01', 'terminating connection due to administrator command'),
    serverError('08006', 'connection failure'),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
  ];

  it('is a StorageUnavailableError from the client, in a query, a transaction or on connecting, told to the operator once a minute', async () => {
    const failing = { when: /INSERT INTO busy/ as RegExp | null, error: null as Error | null, connect: false };
    const log: string[] = [];
    const pool = poolOver(db, failing);
    const client = postgresClient(pool, (line) => log.push(line));
    await client.query('CREATE TABLE busy (x int)');
    for (const error of busy) {
      failing.error = error;
      const refused = client.query('INSERT INTO busy VALUES ($1)', [1]);
      await expect(refused).rejects.toThrow(StorageUnavailableError);
      await expect(refused).rejects.toThrow("The database server can't take this now");
    }
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/could not take a statement \(sorry, too many clients already\); the pages keep their events/);

    // A connection that failed inside a transaction is destroyed, not given back to the pool.
    await expect(client.execInTransaction('CREATE TABLE w (z int)', async (tx) => void (await tx.query('INSERT INTO busy VALUES ($1)', [3])))).rejects.toThrow(StorageUnavailableError);
    expect(pool.released.at(-1)).toBe(failing.error);
    failing.connect = true;
    await expect(client.execInTransaction('CREATE TABLE v (y int)', async () => undefined)).rejects.toThrow(StorageUnavailableError);
    failing.connect = false;
    failing.when = null;
    expect(await client.query('INSERT INTO busy VALUES ($1) RETURNING x', [2])).toEqual([{ x: 2 }]);
  });

  it('is answered 503 with Retry-After, the page tries again, and the events are taken once the server can', async () => {
    const failing = { when: null as RegExp | null, error: serverError('53300', 'sorry, too many clients already') as Error | null };
    const { post, session, token, events } = await sessionOver(failing, 'pg-busy');

    failing.when = /INSERT INTO (events|sessions)/;
    const refused = await post(`/api/sessions/${session}/events`, { events }, token);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    const body = (await refused.json()) as { error: string; field: string };
    expect(body).toEqual({ field: 'storage', error: expect.stringContaining("The database server can't take this now") });
    expect(afterFailure(new ServerError(refused.status, body.error, null, body.field), events.length)).toEqual({ kind: 'retry' });

    failing.when = null;
    const later = await post(`/api/sessions/${session}/events`, { events }, token);
    expect(later.status).toBe(200);
    expect(await later.json()).toMatchObject({ stored: 2 });
  });
});
