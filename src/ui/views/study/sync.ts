/**
 * Sends a session's events to the study server in batches, oldest first, and marks them sent
 * only when the server acknowledges them. A failure (offline, the server restarting, 5xx,
 * 429) waits with exponential backoff and jitter, then tries again; nothing is dropped, and the
 * status carries the server's reason. A refusal of the whole session holds every event on the
 * device: the server's storage full (507) is tried again after a longer wait (its Retry-After,
 * else 30 s doubling up to 5 minutes), so a participant who has finished and waits on the last
 * page still gets their events stored once there is room; a refusal that no wait heals (the
 * session's token, no such session) waits for the page's next event. An event the server
 * refuses for good is set aside on the device and the rest go on (refusal.ts). The queue
 * (device-queue.ts: IndexedDB) and the send (api.ts) are given, so tests can run it as it is.
 */
import type { StoredStudyEvent } from '../../../cache/study-records.ts';
import { clipText, withinBatchSize, type SentEvent } from '../../../core/index.ts';
import { ServerError } from './api.ts';
import { afterFailure, refusalOf, type Refusal } from './refusal.ts';

const BATCH = 100;
/** A failure that is retried (offline, 5xx, 429): after about 0.5 s, then twice as long each time, up to about 15 s. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
/** The server's storage full (507), when it names no wait: after about 30 s, then twice as long each time, up to 5 minutes. */
export const FIRST_HOLD_DELAY_MS = 30_000;
export const MAX_HOLD_DELAY_MS = 5 * 60_000;
/** The longest Retry-After taken as it is: a longer one is the server's mistake (and setTimeout's limit is some 24 days). */
const MAX_ASKED_MS = 60 * 60_000;
/** The longest server reason the status carries. */
const MAX_REASON_CHARS = 500;

/** One session's events on this device, as the sender needs them. */
export interface EventQueue {
  /** The oldest events neither acknowledged nor set aside, in order, at most `limit`. */
  waiting(limit: number): Promise<StoredStudyEvent[]>;
  /** How many are waiting. */
  countWaiting(): Promise<number>;
  /** How many the server refused (kept on the device, set aside). */
  countRefused(): Promise<number>;
  markSent(ids: readonly string[]): Promise<void>;
  /** Keeps `event` as refused and queues a `refused` event in its place (refusal.ts's setAside); resolves to that one, null when there is none. */
  setAside(event: StoredStudyEvent, refusal: Refusal): Promise<StoredStudyEvent | null>;
}

/** Sends one batch; resolves to the ids the server acknowledged, throws a ServerError (or a network error). */
export type SendBatch = (events: readonly SentEvent[]) => Promise<readonly string[]>;

export interface SyncStatus {
  readonly pending: number;
  readonly failing: boolean;
  /** Why no event can be sent now (the session is unknown to the server, the server is full); they are all kept. */
  readonly fatal: string | null;
  /** The server's words for the last failure that is retried (a 5xx, as the 503 while its database is opened again; a 429); null when it said nothing (offline) or nothing failed. */
  readonly reason: string | null;
  /** When (Date.now()) the sender tries again by itself; null when nothing failed, or it waits for the page's next event. */
  readonly retryAt: number | null;
  /** Events the server refused for good, kept on the device. */
  readonly refused: number;
}

/** A refusal that holds every event on the device (refusal.ts), with the server's words. */
class Held extends Error {
  constructor(
    message: string,
    /** Tried again after a wait (refusal.ts's `heals`). */
    readonly heals: boolean,
    /** Seconds the server asked for (Retry-After), or null. */
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

/** The wait the server asked for, in milliseconds (at most MAX_ASKED_MS), or null. */
function askedMs(retryAfter: number | null): number | null {
  return retryAfter !== null && retryAfter > 0 ? Math.min(MAX_ASKED_MS, retryAfter * 1000) : null;
}

/** ±25%, so that pages held together don't all come back at once. */
function jitter(): number {
  return 0.75 + Math.random() * 0.5;
}

/** An event as it is sent: without what only this device keeps (its session, its state). */
function sentForm({ id, seq, type, step, wall, mono, data, proof }: StoredStudyEvent): SentEvent {
  return { id, seq, type, step, wall, mono, data, ...(proof === undefined ? {} : { proof }) };
}

export class EventSender {
  private running = false;
  private again = false;
  private failures = 0;
  /** 507s in a row: the wait before the next try grows with them. */
  private holds = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Events still to send one at a time, after a batch was refused without naming an event. */
  private oneAtATime = 0;

  constructor(
    private readonly queue: EventQueue,
    private readonly send: SendBatch,
    private readonly onStatus: (status: SyncStatus) => void,
    /** A `refused` event queued in place of one the server refused. */
    private readonly onSetAside: (marker: StoredStudyEvent) => void = () => {},
  ) {}

  /** Sends what is pending now (or soon, when a send is already under way, or at the end of a wait after a failure: the server asked for it, or is full). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer && this.failures > 0) return;
    void this.drain();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async drain(): Promise<void> {
    this.running = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let pending: StoredStudyEvent[] = [];
    try {
      for (;;) {
        this.again = false;
        pending = await this.queue.waiting(this.oneAtATime > 0 ? 1 : BATCH);
        if (pending.length === 0) break;
        const batch = withinBatchSize(pending.map(sentForm));
        const acked = await this.sendOrSetAside(batch, pending);
        if (acked === null) continue;
        await this.queue.markSent(acked);
        this.failures = 0;
        this.holds = 0;
        this.oneAtATime = Math.max(0, this.oneAtATime - 1);
        if (acked.length === 0) break;
      }
      this.onStatus({ pending: await this.queue.countWaiting(), failing: false, fatal: null, reason: null, retryAt: null, refused: await this.queue.countRefused() });
    } catch (error) {
      const held = error instanceof Held ? error : null;
      this.failures++;
      if (held?.heals) this.holds++;
      // A hold no wait heals (the session's token, no such session) is tried again when the page logs its next event or comes back online (kick), not on a timer.
      const delay = held === null ? this.retryDelay(error) : held.heals ? this.holdDelay(held.retryAfter) : null;
      const [waiting, refused] = await Promise.all([this.queue.countWaiting().catch(() => pending.length), this.queue.countRefused().catch(() => 0)]);
      const retryAt = delay === null || this.stopped ? null : Date.now() + delay;
      const reason = held === null && error instanceof ServerError ? clipText(error.message, MAX_REASON_CHARS) : null;
      this.onStatus({ pending: waiting, failing: true, fatal: held?.message ?? null, reason, retryAt, refused });
      if (delay !== null && !this.stopped) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.drain();
        }, delay);
      }
    } finally {
      this.running = false;
    }
    if (this.again && !this.timer && !this.stopped) void this.drain();
  }

  /** The wait before a failure that says nothing about the events is retried: the server's Retry-After, or longer. */
  private retryDelay(error: unknown): number {
    const backoff = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (this.failures - 1)) * jitter();
    return Math.max(askedMs(error instanceof ServerError ? error.retryAfter : null) ?? 0, backoff);
  }

  /** The wait before the server's storage is tried again: its Retry-After, else 30 s doubling up to 5 minutes. */
  private holdDelay(retryAfter: number | null): number {
    return askedMs(retryAfter) ?? Math.min(MAX_HOLD_DELAY_MS, FIRST_HOLD_DELAY_MS * 2 ** (this.holds - 1) * jitter());
  }

  /**
   * Sends `batch` (made from `pending`, in order) and answers the ids acknowledged; null when the
   * server refused it for good and the sender set an event aside or will send one at a time.
   * Throws what is to be retried or held.
   */
  private async sendOrSetAside(batch: readonly SentEvent[], pending: readonly StoredStudyEvent[]): Promise<readonly string[] | null> {
    try {
      return await this.send(batch);
    } catch (error) {
      const next = afterFailure(error, batch.length);
      if (next.kind === 'one-at-a-time') {
        this.oneAtATime = batch.length;
        return null;
      }
      if (next.kind === 'hold') throw new Held((error as Error).message, next.heals, error instanceof ServerError ? error.retryAfter : null);
      if (next.kind === 'retry') throw error;
      const marker = await this.queue.setAside(pending[next.index]!, refusalOf(error as ServerError, new Date().toISOString()));
      // The server answered: it is there, and what follows the refused event goes at once.
      this.failures = 0;
      this.oneAtATime = Math.max(0, this.oneAtATime - 1);
      if (marker) this.onSetAside(marker);
      return null;
    }
  }
}
