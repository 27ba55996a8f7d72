/**
 * The study server under load: 200 simulated participants each send 50 events (in batches of
 * 5, as a page does, with one batch sent twice as after a lost acknowledgement), all at once,
 * to the server on 127.0.0.1, for embedded PGlite and for a PostgreSQL server (a throwaway
 * one from scripts/postgres.mjs). Reports events per second, p50/p99 acknowledgement latency,
 * and checks that every event was stored exactly once, in order. The 200 sessions are made
 * first (their time is shown apart); then all participants send at once. Each run is bounded in time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseStudy, type StudyEvent } from '../src/core/index.ts';
import { startStudyServer, type StorageChoice } from '../src/server/serve.ts';
// @ts-expect-error: a plain ES module script, without types.
import { binDir, startPostgres } from '../scripts/postgres.mjs';

const PARTICIPANTS = 200;
const EVENTS = 50;
const BATCH = 5;
const TIME_LIMIT_MS = 180_000;
const TOKEN = 'bench-researcher-token-0123456789';

const STUDY = parseStudy({
  format: 'pipette-study/1',
  id: 'load',
  title: 'Load',
  consent: 'Simulated participants.',
  conditions: [
    { name: 'a', rollout: 50 },
    { name: 'b', rollout: 50 },
  ],
  steps: [{ type: 'task', id: 't1', title: 'T', scenario: 'direct-clash', instructions: 'Fix it.', success: { kind: 'resolves' } }],
});

export interface LoadFigures {
  readonly storage: string;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly stored: number;
  readonly expected: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly seconds: number;
  /** Time for the 200 sessions to be created, before the events. */
  readonly sessionSeconds: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

interface Session {
  readonly session: string;
  readonly token: string;
}

async function join(url: string, n: number): Promise<Session> {
  const created = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ participant: `load-${n}` }) });
  if (created.status !== 201) throw new Error(`session ${n}: ${created.status} ${await created.text()}`);
  return (await created.json()) as Session;
}

async function participant(url: string, n: number, { session, token }: Session, latencies: number[], deadline: number): Promise<void> {
  const events: StudyEvent[] = Array.from({ length: EVENTS }, (_, seq) => ({ id: `load-${n}-${seq}-${'x'.repeat(6)}`, seq, type: 'edit', step: 't1', wall: new Date().toISOString(), mono: performance.now(), data: { size: seq } }));
  const batches: StudyEvent[][] = [];
  for (let i = 0; i < EVENTS; i += BATCH) batches.push(events.slice(i, i + BATCH));
  batches.splice(3, 0, batches[2]!); // a retry after a lost acknowledgement
  for (const batch of batches) {
    for (let attempt = 0; ; attempt++) {
      if (performance.now() > deadline) throw new Error('time limit');
      const started = performance.now();
      const response = await fetch(`${url}/api/sessions/${session}/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ events: batch }) });
      const body = await response.text();
      if (response.ok) {
        latencies.push(performance.now() - started);
        break;
      }
      // As a page does: wait and send again (429 asks for it; anything else is a failure here).
      if (response.status !== 429 || attempt > 20) throw new Error(`events ${n}: ${response.status} ${body}`);
      await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
    }
  }
}

export async function loadOnce(storage: StorageChoice, label: string): Promise<LoadFigures> {
  const server = await startStudyServer({ study: STUDY, port: 0, distDir: null, researcherToken: TOKEN, ...storage });
  try {
    const latencies: number[] = [];
    const joining = performance.now();
    // Everyone opens the link, then everyone works at once: the events are what is measured.
    const sessions = await Promise.all(Array.from({ length: PARTICIPANTS }, (_, n) => join(server.url, n)));
    const sessionSeconds = (performance.now() - joining) / 1000;
    const started = performance.now();
    await Promise.all(sessions.map((session, n) => participant(server.url, n, session, latencies, started + TIME_LIMIT_MS)));
    const seconds = (performance.now() - started) / 1000;
    const results = (await (await fetch(`${server.url}/api/results`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { events: { id: string; session: string; seq: number }[] };
    const ids = new Set(results.events.map((e) => e.id));
    let outOfOrder = 0;
    const bySession = new Map<string, number[]>();
    for (const e of results.events) bySession.set(e.session, [...(bySession.get(e.session) ?? []), e.seq]);
    for (const seqs of bySession.values()) if (seqs.some((s, i) => s !== i)) outOfOrder++;
    latencies.sort((a, b) => a - b);
    return {
      storage: label,
      eventsPerSecond: (PARTICIPANTS * EVENTS) / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      stored: results.events.length,
      expected: PARTICIPANTS * EVENTS,
      duplicates: results.events.length - ids.size,
      outOfOrder,
      seconds,
      sessionSeconds,
    };
  } finally {
    await server.close();
  }
}

function line(f: LoadFigures): string {
  const verdict = f.stored === f.expected && f.duplicates === 0 && f.outOfOrder === 0 ? 'none lost or duplicated' : `LOST ${f.expected - f.stored + f.duplicates}, duplicated ${f.duplicates}, out of order ${f.outOfOrder}`;
  return `  ${f.storage.padEnd(11)} ${f.eventsPerSecond.toFixed(0).padStart(8)} ${f.p50Ms.toFixed(1).padStart(8)} ${f.p99Ms.toFixed(1).padStart(8)} ${f.seconds.toFixed(1).padStart(7)} ${f.sessionSeconds.toFixed(1).padStart(9)}  ${f.stored}/${f.expected} stored, ${verdict}`;
}

export async function benchStudyLoad(): Promise<void> {
  console.log(`\nStudy server: ${PARTICIPANTS} participants × ${EVENTS} events at once on 127.0.0.1 (batches of ${BATCH}, one sent twice), per storage`);
  console.log(`  ${'storage'.padEnd(11)} ${'events/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'seconds'.padStart(7)} ${'sessions'.padStart(9)}  check`);
  const dir = mkdtempSync(joinPath(tmpdir(), 'pipette-bench-study-'));
  const figures: LoadFigures[] = [];
  try {
    try {
      figures.push(await loadOnce({ dataDir: joinPath(dir, 'pglite') }, 'PGlite'));
      console.log(line(figures.at(-1)!));
    } catch (error) {
      console.log(`  PGlite      did not finish: ${(error as Error).message}`);
    }
    if (!(binDir as () => string | null)()) {
      console.log('  PostgreSQL  skipped: no PostgreSQL server binaries (npm test installs Debian’s postgresql package)');
    } else {
      const pg = (await startPostgres()) as { url: string; stop: () => Promise<void> };
      try {
        figures.push(await loadOnce({ dataDir: dir, databaseUrl: pg.url }, 'PostgreSQL'));
        console.log(line(figures.at(-1)!));
      } catch (error) {
        console.log(`  PostgreSQL  did not finish: ${(error as Error).message}`);
      } finally {
        await pg.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (figures.length === 2) console.log(`  PostgreSQL against PGlite: ${(figures[1]!.eventsPerSecond / figures[0]!.eventsPerSecond).toFixed(2)}× the events per second, p99 ${(figures[1]!.p99Ms / figures[0]!.p99Ms).toFixed(2)}×`);
}
