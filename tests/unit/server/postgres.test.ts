/**
 * The study server on a real PostgreSQL server: the same migrations as on PGlite, events
 * stored once under retries, a restart that applies nothing twice, and `pipette study export
 * --database-url`. The server comes from PIPETTE_TEST_DATABASE_URL, else a throwaway cluster
 * (scripts/postgres.mjs, which `npm test` installs Debian's postgresql package for).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudy, type RecordedEvent, type StudyEvent } from '../../../src/core/index.ts';
import { main } from '../../../src/cli/main.ts';
import { listMigrations, migrate } from '../../../src/server/migrate.ts';
import { startStudyServer, type RunningStudyServer } from '../../../src/server/serve.ts';
import { openPostgres } from '../../../src/server/sql.ts';
import { StudyStore } from '../../../src/server/store.ts';
// @ts-expect-error: a plain ES module script, without types.
import { binDir, startPostgres } from '../../../scripts/postgres.mjs';
import { studyJson } from '../study/fixtures.ts';

const given = process.env.PIPETTE_TEST_DATABASE_URL ?? null;
// Tests only look for the server binaries; `npm test` installs them before (ensurePostgres).
const available = given !== null || (binDir as () => string | null)() !== null;

const TOKEN = 'postgres-researcher-token-0123456789';
let pg: { url: string; stop: () => Promise<void> } | null = null;
let server: RunningStudyServer | null = null;
let dir: string;

describe.skipIf(!available)('study server on PostgreSQL (skipped when no PostgreSQL server binaries are here: npm test installs Debian’s postgresql package, or set PIPETTE_TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    pg = given ? { url: given, stop: async () => undefined } : await startPostgres();
    dir = mkdtempSync(join(tmpdir(), 'pipette-pg-test-'));
    server = await startStudyServer({ study: parseStudy(studyJson()), port: 0, dataDir: dir, databaseUrl: pg!.url, distDir: null, researcherToken: TOKEN });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function event(seq: number): StudyEvent {
    return { id: `pg-event-${String(seq).padStart(4, '0')}`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), mono: 10 + seq, data: { size: seq } };
  }

  async function post(path: string, body: unknown, token?: string): Promise<Response> {
    return fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  }

  it('runs on PostgreSQL, with every migration recorded once', async () => {
    expect(server!.storage).toBe('postgres');
    const db = await openPostgres(pg!.url);
    try {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(listMigrations().map((m) => m.version));
    } finally {
      await db.close();
    }
  });

  it('stores each event once across retries and concurrent sessions, and exports them in order', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const response = await post('/api/sessions', { participant: `pg-${i}` });
        expect(response.status).toBe(201);
        return (await response.json()) as { session: string; token: string; assignment: { condition: string } };
      }),
    );
    const events = Array.from({ length: 30 }, (_, i) => event(i));
    await Promise.all(
      sessions.map(async ({ session, token }) => {
        for (let i = 0; i < events.length; i += 10) {
          // Each batch twice, as a page does when an acknowledgement is lost.
          for (let attempt = 0; attempt < 2; attempt++) expect((await post(`/api/sessions/${session}/events`, { events: events.slice(i, i + 10).map((e) => ({ ...e, id: `${e.id}-${session}` })) }, token)).status).toBe(200);
        }
      }),
    );
    const out = join(dir, 'export.json');
    expect(await main(['study', 'export', '--database-url', pg!.url, '--format', 'json', '--out', out])).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { events: RecordedEvent[] };
    expect(exported.events).toHaveLength(sessions.length * events.length);
    for (const { session, assignment } of sessions) {
      const mine = exported.events.filter((e) => e.session === session);
      expect(mine.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
      expect(new Set(mine.map((e) => e.condition))).toEqual(new Set([assignment.condition]));
    }
  });

  it('counts what a session stored against its limit, and lets a retry of stored events through', async () => {
    const store = await StudyStore.open(await openPostgres(pg!.url), { sessionEvents: 2, sessionChars: 1_000_000, studyEvents: 1_000_000, studyChars: 100_000_000 });
    try {
      // A study of its own, so the other tests' counts stay as they are.
      const study = parseStudy({ ...studyJson(), id: 'pg-limits' });
      await store.putStudy(study);
      const session = await store.createSession(study.id, 'pg-limits', 'hash', async () => ({ condition: study.conditions[0]!.name, source: 'override' }) as never);
      // The store counts for sessions whose token it has read, as the server does for each request.
      await store.sessionToken(session.id);
      const stored = [event(900), event(901)].map((e) => ({ ...e, id: `${e.id}-limits` }));
      expect(await store.noRoomFor(session.id, study.id, stored)).toBeNull();
      expect(await store.appendEvents(session.id, stored)).toBe(2);
      expect(await store.noRoomFor(session.id, study.id, stored)).toBeNull();
      expect(await store.noRoomFor(session.id, study.id, [{ ...event(902), id: 'pg-event-0902-limits' }])).toContain('This session has stored as much as one session may (2 events');
    } finally {
      await store.close();
    }
  });

  it('keeps the data and the researcher token over a restart', async () => {
    await server!.close();
    server = await startStudyServer({ study: parseStudy(studyJson()), port: 0, dataDir: dir, databaseUrl: pg!.url, distDir: null });
    const made = server.researcherToken;
    await server.close();
    server = await startStudyServer({ study: parseStudy(studyJson()), port: 0, dataDir: dir, databaseUrl: pg!.url, distDir: null });
    // The token made on the first start without one is kept in the database.
    expect(server.researcherToken).toBe(made);
    const response = await fetch(`${server.url}/api/results`, { headers: { Authorization: `Bearer ${server.researcherToken}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { events: unknown[] }).events).toHaveLength(8 * 30);
  });
});
