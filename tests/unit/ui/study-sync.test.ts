/**
 * When the page's sender tries again, and what the participant's header says meanwhile. The
 * server's storage full (507) is tried again by itself after a wait (the server's Retry-After,
 * else 30 s doubling up to 5 minutes), so a participant who has finished and only waits on the
 * last page still gets their events stored once there is room; a refusal no wait heals (a token
 * that is not the session's) waits for the page's next event; a 5xx is retried and its reason
 * shown, not as fatal. Timers are vitest's; the queue is in memory.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredStudyEvent } from '../../../src/cache/study-records.ts';
import { ServerError } from '../../../src/ui/views/study/api.ts';
import { syncLine } from '../../../src/ui/views/study/sync-line.ts';
import { EventSender, FIRST_HOLD_DELAY_MS, MAX_HOLD_DELAY_MS, type SendBatch, type SyncStatus } from '../../../src/ui/views/study/sync.ts';
import { MemoryQueue } from '../../support/study-queue.ts';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const FULL = "The server's disk is nearly full: 100 MiB free, the server keeps 256 MiB free …";
const STOPPED = "The server's database stopped after a write failed (its disk is full, or failing); nothing it stored is lost, and it is opened again once the disk has room.";
/** Seconds since START, as the header would write them. */
const at = (ms: number) => `+${(ms - START) / 1000}s`;

function event(seq: number): StoredStudyEvent {
  return { id: `ev-${seq}-xxxxxxxx`, seq, type: 'edit', step: 'fix-numpy', wall: new Date(START).toISOString(), mono: seq, data: {}, session: 's1', condition: 'lab', sent: 0 };
}

/** A server that answers its first tries with `failures` (thrown) and acknowledges the rest; `tries` are the seconds since START of each. */
function server(failures: unknown[]): { send: SendBatch; tries: number[]; stored: string[] } {
  const tries: number[] = [];
  const stored: string[] = [];
  const send: SendBatch = async (events) => {
    tries.push((Date.now() - START) / 1000);
    const failure = failures.shift();
    if (failure) throw failure;
    stored.push(...events.map((e) => e.id));
    return events.map((e) => e.id);
  };
  return { send, tries, stored };
}

function start(queue: MemoryQueue, send: SendBatch): { sender: EventSender; statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const sender = new EventSender(queue, send, (status) => statuses.push(status));
  sender.kick();
  return { sender, statuses };
}

let senders: EventSender[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  // No jitter: each wait is the middle of its range.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
});

afterEach(() => {
  for (const sender of senders) sender.stop();
  senders = [];
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the server’s storage full (507)', () => {
  it('is tried again by itself after 30 s, then twice as long each time up to 5 minutes, and everything is sent once there is room', async () => {
    const queue = new MemoryQueue();
    queue.events = [event(0), event(1)];
    const full = () => new ServerError(507, FULL, null, 'storage');
    const answers = server([full(), full(), full(), full(), full(), full()]);
    const { sender, statuses } = start(queue, answers.send);
    senders.push(sender);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ pending: 2, failing: true, fatal: FULL, reason: null, retryAt: START + FIRST_HOLD_DELAY_MS, refused: 0 });
    expect(syncLine(statuses.at(-1)!, at)).toEqual({ text: `Your answers are kept on this device; the study server can’t store them now: ${FULL} Trying again at +30s.`, bad: true });

    // The page logs an event meanwhile: it waits with the rest, the server is not asked sooner.
    await vi.advanceTimersByTimeAsync(FIRST_HOLD_DELAY_MS - 1);
    queue.events.push(event(2));
    sender.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(answers.tries).toEqual([0]);

    await vi.advanceTimersByTimeAsync(20 * 60_000);
    // 30 s, 60 s, 120 s, 240 s, then 300 s (not 480 s) and 300 s.
    expect(answers.tries).toEqual([0, 30, 90, 210, 450, 750, 1050]);
    expect(MAX_HOLD_DELAY_MS).toBe(300_000);
    expect(answers.stored).toEqual(['ev-0-xxxxxxxx', 'ev-1-xxxxxxxx', 'ev-2-xxxxxxxx']);
    expect(statuses.at(-1)).toEqual({ pending: 0, failing: false, fatal: null, reason: null, retryAt: null, refused: 0 });
    expect(syncLine(statuses.at(-1)!)).toBeNull();
  });

  it('waits as long as the server’s Retry-After says, and starts from 30 s again after a success', async () => {
    const queue = new MemoryQueue();
    queue.events = [event(0)];
    const answers = server([new ServerError(507, FULL, 120, 'storage'), undefined, new ServerError(507, FULL, null, 'storage')]);
    const { sender, statuses } = start(queue, answers.send);
    senders.push(sender);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ fatal: FULL, retryAt: START + 120_000 });
    await vi.advanceTimersByTimeAsync(119_999);
    expect(answers.tries).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(answers.tries).toEqual([0, 120]);
    expect(statuses.at(-1)).toMatchObject({ pending: 0, fatal: null });

    queue.events.push(event(1));
    sender.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ pending: 1, fatal: FULL, retryAt: START + 150_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(answers.tries).toEqual([0, 120, 120, 150]);
    expect(answers.stored).toEqual(['ev-0-xxxxxxxx', 'ev-1-xxxxxxxx']);
  });
});

describe('a refusal no wait heals', () => {
  it('holds the events on no timer, and tries again with the page’s next event', async () => {
    const queue = new MemoryQueue();
    queue.events = [event(0)];
    const wrongToken = "This token is not the session's.";
    const answers = server([new ServerError(403, wrongToken, null, 'authorization')]);
    const { sender, statuses } = start(queue, answers.send);
    senders.push(sender);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(answers.tries).toEqual([0]);
    expect(statuses.at(-1)).toEqual({ pending: 1, failing: true, fatal: wrongToken, reason: null, retryAt: null, refused: 0 });
    expect(syncLine(statuses.at(-1)!)).toEqual({ text: `Your answers are kept on this device but the study server refused them: ${wrongToken}`, bad: true });

    queue.events.push(event(1));
    sender.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(answers.tries).toEqual([0, 3600]);
    expect(statuses.at(-1)).toMatchObject({ pending: 0, fatal: null });
  });
});

describe('a failure that is retried', () => {
  it('shows the server’s reason for a 503, not as fatal, retries after its Retry-After, and loses nothing', async () => {
    const queue = new MemoryQueue();
    queue.events = [event(0), event(1)];
    const answers = server([new ServerError(503, STOPPED, 30, 'storage')]);
    const { sender, statuses } = start(queue, answers.send);
    senders.push(sender);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toEqual({ pending: 2, failing: true, fatal: null, reason: STOPPED, retryAt: START + 30_000, refused: 0 });
    expect(syncLine(statuses.at(-1)!, at)).toEqual({ text: `Saved on this device; 2 waiting to be sent (the study server answered “${STOPPED}”; trying again at +30s).`, bad: false });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(answers.tries).toEqual([0, 30]);
    expect(answers.stored).toEqual(['ev-0-xxxxxxxx', 'ev-1-xxxxxxxx']);
    expect(statuses.at(-1)).toEqual({ pending: 0, failing: false, fatal: null, reason: null, retryAt: null, refused: 0 });
  });

  it('says the server can’t be reached when nothing answered, and cuts a long reason', async () => {
    const queue = new MemoryQueue();
    queue.events = [event(0)];
    const answers = server([new TypeError('Failed to fetch'), new ServerError(500, 'x'.repeat(5000))]);
    const { sender, statuses } = start(queue, answers.send);
    senders.push(sender);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ fatal: null, reason: null, retryAt: START + 500 });
    expect(syncLine(statuses.at(-1)!, at)?.text).toBe('Saved on this device; 1 waiting to be sent (the study server can’t be reached; trying again at +0.5s).');
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses.at(-1)).toMatchObject({ fatal: null, retryAt: START + 1500 });
    expect(statuses.at(-1)!.reason).toHaveLength(500);
    await vi.advanceTimersByTimeAsync(1000);
    expect(answers.tries).toEqual([0, 0.5, 1.5]);
    expect(statuses.at(-1)).toMatchObject({ pending: 0, failing: false });
  });
});
