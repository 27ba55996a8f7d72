/**
 * Behind a reverse proxy the operator trusts (`study serve --trust-proxy`), the rate limit on new
 * sessions and each address's share of the study count the client its X-Forwarded-For names;
 * without the option, or on a connection from anywhere else, the header changes nothing.
 * Requests carry the address the socket would report (the env @hono/node-server passes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStudy } from '../../../src/core/index.ts';
import { createStudyApp } from '../../../src/server/app.ts';
import { trustProxies } from '../../../src/server/client-address.ts';
import { openPglite } from '../../../src/server/sql.ts';
import type { StorageLimits } from '../../../src/server/storage-limits.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { studyJson } from '../study/fixtures.ts';

const RESEARCHER = 'researcher-token-for-tests-0123456789';
const study = parseStudy(studyJson());
/** Two sessions an address. */
const LIMITS: Partial<StorageLimits> = { addressShare: 0.05, addressSessions: 2 };
/** Two new sessions an address, then hardly any. */
const TWO_SESSIONS = { burst: 2, perSecond: 0.001 };
const dirs: string[] = [];
let store: StudyStore;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipette-study-proxy-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  store = await StudyStore.open(await openPglite(tempDir()), LIMITS);
  await store.putStudy(study);
}, 120_000);

afterAll(async () => {
  await store?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type App = ReturnType<typeof createStudyApp>;

/** An app on the shared store; behind trusted proxies at this machine's addresses when `behindProxy`. */
function studyApp(behindProxy: boolean, sessionRate = { burst: 300, perSecond: 10 }): App {
  return createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null, sessionRate, trustedProxies: behindProxy ? trustProxies(['loopback']) : null });
}

/** A new session's status, asked for over a connection from `from` with X-Forwarded-For `forwardedFor`. */
async function newSession(app: App, participant: string, from: string, forwardedFor?: string): Promise<number> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor }) };
  const response = await app.request('http://localhost/api/sessions', { method: 'POST', headers, body: JSON.stringify({ participant }) }, { incoming: { socket: { remoteAddress: from } } });
  return response.status;
}

/** The statuses of `n` new sessions, one after another. */
async function sessions(app: App, n: number, name: string, from: string, forwardedFor?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push(await newSession(app, `${name}-${i}`, from, forwardedFor));
  return statuses;
}

/** How many stored sessions count under `address`. */
async function sessionsCountedUnder(address: string): Promise<number> {
  const rows = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE address_hash = $1', [await store.hashAddress(address)]);
  return rows[0]!.n;
}

describe('the rate limit on new sessions', () => {
  it('gives each client behind a trusted proxy its own bucket', async () => {
    const app = studyApp(true, TWO_SESSIONS);
    expect(await sessions(app, 3, 'P-rate-a', '127.0.0.1', '203.0.113.1')).toEqual([201, 201, 429]);
    expect(await sessions(app, 2, 'P-rate-b', '127.0.0.1', '203.0.113.2')).toEqual([201, 201]);
    // What a client writes left of its address, as the proxy appended it, changes nothing.
    expect(await newSession(app, 'P-rate-a-forged', '127.0.0.1', '198.51.100.1, 203.0.113.1')).toBe(429);
  });

  it('gives everyone behind a proxy one bucket without --trust-proxy, whatever X-Forwarded-For says', async () => {
    const app = studyApp(false, TWO_SESSIONS);
    expect(await sessions(app, 2, 'P-plain-a', '127.0.0.1', '203.0.113.3')).toEqual([201, 201]);
    expect(await newSession(app, 'P-plain-b', '127.0.0.1', '203.0.113.4')).toBe(429);
  });

  it("gives an IPv6 client's /64 one bucket: stepping through its addresses gains nothing", async () => {
    const app = studyApp(false, TWO_SESSIONS);
    expect(await newSession(app, 'P-v6-a', '2001:db8:1:2::1')).toBe(201);
    expect(await newSession(app, 'P-v6-b', '2001:db8:1:2::2')).toBe(201);
    expect(await newSession(app, 'P-v6-c', '2001:db8:1:2:ffff::3')).toBe(429);
    expect(await newSession(app, 'P-v6-other', '2001:db8:1:3::1')).toBe(201);
  });

  it('counts a connection from an untrusted address as itself, whatever its header names', async () => {
    const app = studyApp(true, TWO_SESSIONS);
    expect(await sessions(app, 2, 'P-direct-a', '198.51.100.20', '203.0.113.5')).toEqual([201, 201]);
    expect(await newSession(app, 'P-direct-b', '198.51.100.20', '203.0.113.6')).toBe(429);
  });
});

describe("an address's share of the study", () => {
  it('counts each client behind a trusted proxy under its own address', async () => {
    const app = studyApp(true);
    expect(await sessions(app, 3, 'P-share-a', '127.0.0.1', '203.0.113.11')).toEqual([201, 201, 507]);
    expect(await sessions(app, 2, 'P-share-b', '::1', '203.0.113.12')).toEqual([201, 201]);
    // A client can't move to another address, nor out of counting, by writing one into the header itself.
    expect(await newSession(app, 'P-share-a-forged', '127.0.0.1', '198.51.100.99, 203.0.113.11')).toBe(507);
    expect(await newSession(app, 'P-share-a-private', '127.0.0.1', '10.0.0.1, 203.0.113.11')).toBe(507);
    expect(await sessionsCountedUnder('203.0.113.11')).toBe(2);
    expect(await sessionsCountedUnder('203.0.113.12')).toBe(2);
    expect(await sessionsCountedUnder('127.0.0.1')).toBe(0);
  });

  it('counts a private client that the trusted proxy names, as one machine on the study’s network', async () => {
    const app = studyApp(true);
    expect(await sessions(app, 3, 'P-lan', '127.0.0.1', '192.168.1.20')).toEqual([201, 201, 507]);
    // The same address connecting itself may be a proxy for many, and is not counted.
    expect(await sessions(app, 3, 'P-lan-direct', '192.168.1.20')).toEqual([201, 201, 201]);
  });

  it('counts no one behind a proxy without --trust-proxy, whatever X-Forwarded-For says', async () => {
    const app = studyApp(false);
    expect(await sessions(app, 3, 'P-unproxied', '127.0.0.1', '203.0.113.13')).toEqual([201, 201, 201]);
    expect(await sessionsCountedUnder('203.0.113.13')).toBe(0);
  });

  it('counts a connection from an untrusted address as itself, whatever its header names', async () => {
    const app = studyApp(true);
    expect(await sessions(app, 2, 'P-untrusted-a', '198.51.100.30', '203.0.113.14')).toEqual([201, 201]);
    expect(await newSession(app, 'P-untrusted-b', '198.51.100.30', '10.0.0.1')).toBe(507);
    expect(await sessionsCountedUnder('198.51.100.30')).toBe(2);
    expect(await sessionsCountedUnder('203.0.113.14')).toBe(0);
  });
});

describe('the server as `study serve --trust-proxy loopback` starts it', () => {
  /** Sends `head` (the request line and headers) and the JSON body over a socket of its own; the status. */
  function rawPost(port: number, head: string[], body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])));
      socket.on('error', reject);
      socket.end([...head, `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
    });
  }

  it('reads every X-Forwarded-For line of a request, in order, as one list', async () => {
    const { startStudyServer } = await import('../../../src/server/serve.ts');
    const server = await startStudyServer({ study, port: 0, dataDir: tempDir(), distDir: null, trustedProxies: trustProxies(['loopback']), limits: { sessionRate: { burst: 1, perSecond: 0.001 } } });
    try {
      const post = (participant: string, ...forwardedFor: string[]) => rawPost(server.port, ['POST /api/sessions HTTP/1.1', ...forwardedFor.map((line) => `X-Forwarded-For: ${line}`)], JSON.stringify({ participant }));
      expect(await post('P-raw-a', '203.0.113.70')).toBe(201);
      // The later line is the nearer proxy's: its address is the client, who made a session already.
      expect(await post('P-raw-b', '198.51.100.70', '203.0.113.70')).toBe(429);
      expect(await post('P-raw-c', '198.51.100.70')).toBe(201);
    } finally {
      await server.close();
    }
  }, 120_000);
});
