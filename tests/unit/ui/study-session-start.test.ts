/**
 * The participant's page starting its session against the real study app (embedded PGlite),
 * through the page's own `createSession` (fetch routed to the app): a request the server took but
 * whose answer was lost, sent again, finds the session it made, also after a reload; a server
 * that can't take it yet is waited out, with its reason; a refusal ends the start.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSession, ServerError } from '../../../src/ui/views/study/api.ts';
import { keptToken, startSession, type TokenStorage } from '../../../src/ui/views/study/session-start.ts';
import { MemoryStorage } from '../../support/memory-storage.ts';
import { openStudyApp, type StudyAppUnderTest } from '../../support/study-app.ts';

let lab: StudyAppUnderTest;

beforeAll(async () => {
  lab = await openStudyApp('pipette-session-start-');
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * The page's fetch, to the app: `lose` answers are dropped after the app has handled their
 * request (thrown as the network error a dropped connection gives); `before` answers come from
 * in front of the app without reaching it.
 */
function routeFetch({ lose = 0, before = [] as Response[] } = {}): { requests: number } {
  const seen = { requests: 0 };
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    seen.requests++;
    const early = before.shift();
    if (early) return early;
    const response = await lab.app.request(url, init);
    if (lose > 0) {
      lose--;
      throw new TypeError('Failed to fetch');
    }
    return response;
  });
  return seen;
}

async function sessionsOf(participant: string): Promise<string[]> {
  return (await lab.store.listSessions(lab.study.id)).filter((s) => s.participant === participant).map((s) => s.id);
}

const noSleep = async () => {};

describe('starting a participant’s session', () => {
  it('sends again after a lost answer and gets the session the server made, not a second one', async () => {
    const routed = routeFetch({ lose: 2 });
    const storage = new MemoryStorage();
    const waits: string[] = [];
    const made = await startSession('key-lost', 'P-lost', null, { create: createSession, storage, sleep: noSleep, onWait: (reason) => waits.push(reason) });
    expect(routed.requests).toBe(3);
    expect(waits).toEqual(['The study server could not be reached.', 'The study server could not be reached.']);
    expect(await sessionsOf('P-lost')).toEqual([made.session]);
    // The session's token is the one the page made, and it is the session's.
    expect(made.token).toBe(keptToken(storage, 'key-lost'));
    expect(await lab.store.sessionToken(made.session)).toMatchObject({ studyId: lab.study.id });
  });

  it('with a storage that refuses (disabled, full), still sends the same token again within the page', async () => {
    routeFetch({ lose: 1 });
    const refusing: TokenStorage = {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    const made = await startSession('key-refusing', 'P-refusing', null, { create: createSession, storage: refusing, sleep: noSleep });
    expect(await sessionsOf('P-refusing')).toEqual([made.session]);
  });

  it('after a reload while the answer was lost, the kept token finds the same session', async () => {
    const storage = new MemoryStorage();
    routeFetch({ lose: 1 });
    // The page is closed during its wait: its start never ends.
    const closed = startSession('key-reload', 'P-reload', null, { create: createSession, storage, sleep: () => new Promise<void>(() => {}) });
    await vi.waitFor(async () => expect(await sessionsOf('P-reload')).toHaveLength(1));
    void closed;
    routeFetch();
    const made = await startSession('key-reload', 'P-reload', null, { create: createSession, storage, sleep: noSleep });
    expect(await sessionsOf('P-reload')).toEqual([made.session]);
  });

  it('waits out a busy server as long as it asks, saying why, and ends at a refusal', async () => {
    const busy = () => new Response(JSON.stringify({ error: 'The study server is restarting.', field: 'storage' }), { status: 503, headers: { 'Retry-After': '30', 'Content-Type': 'application/json' } });
    routeFetch({ before: [busy(), new Response('<html>Bad gateway</html>', { status: 502 }), busy()] });
    const slept: number[] = [];
    const reasons: string[] = [];
    const made = await startSession('key-busy', 'P-busy', null, { create: createSession, storage: new MemoryStorage(), sleep: async (ms) => void slept.push(ms), onWait: (reason) => reasons.push(reason) });
    expect(slept).toEqual([30_000, 4000, 30_000]);
    expect(reasons).toEqual(['The study server is restarting.', 'The study server answered 502.', 'The study server is restarting.']);
    expect(await sessionsOf('P-busy')).toEqual([made.session]);

    routeFetch();
    const refused = startSession('key-refused', 'P-refused', 'no-such-condition', { create: createSession, storage: new MemoryStorage(), sleep: noSleep });
    await expect(refused).rejects.toThrow(ServerError);
    await expect(refused).rejects.toMatchObject({ status: 400, field: 'condition' });
  });

  it('makes a new token, once, when its kept one is another participant’s', async () => {
    routeFetch();
    const storage = new MemoryStorage();
    const first = await startSession('key-a', 'P-token-a', null, { create: createSession, storage, sleep: noSleep });
    // A copied browser profile: another participant's page holds the same token.
    storage.setItem('pipette-study-token:key-b', first.token);
    const second = await startSession('key-b', 'P-token-b', null, { create: createSession, storage, sleep: noSleep });
    expect(second.token).not.toBe(first.token);
    expect(second.session).not.toBe(first.session);
    expect(await sessionsOf('P-token-b')).toEqual([second.session]);
  });
});
