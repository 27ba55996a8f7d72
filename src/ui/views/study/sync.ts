/**
 * Sends a session's events to the study server in batches, oldest first, and marks them sent
 * only when the server acknowledges them. A failure (offline, the server restarting, 5xx,
 * 429) waits with exponential backoff and jitter, then tries again; nothing is dropped. The
 * queue (device-queue.ts: IndexedDB) and the send (api.ts) are given, so tests can run it as it is.
 */
import type { StoredStudyEvent } from '../../../cache/study-records.ts';
import { withinBatchSize, type SentEvent } from '../../../core/index.ts';
import { ServerError } from './api.ts';

const BATCH = 100;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** One session's events on this device, as the sender needs them. */
export interface EventQueue {
  /** The oldest events the server has not acknowledged, in order, at most `limit`. */
  waiting(limit: number): Promise<StoredStudyEvent[]>;
  /** How many are waiting. */
  countWaiting(): Promise<number>;
  markSent(ids: readonly string[]): Promise<void>;
}

/** Sends one batch; resolves to the ids the server acknowledged, throws a ServerError (or a network error). */
export type SendBatch = (events: readonly SentEvent[]) => Promise<readonly string[]>;

export interface SyncStatus {
  readonly pending: number;
  readonly failing: boolean;
  /** A problem retrying can't fix (the session is unknown to the server, a bad event). */
  readonly fatal: string | null;
}

/** An event as it is sent: without what only this device keeps (its session, its state). */
function sentForm({ id, seq, type, step, wall, mono, data, proof }: StoredStudyEvent): SentEvent {
  return { id, seq, type, step, wall, mono, data, ...(proof === undefined ? {} : { proof }) };
}

export class EventSender {
  private running = false;
  private again = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly queue: EventQueue,
    private readonly send: SendBatch,
    private readonly onStatus: (status: SyncStatus) => void,
  ) {}

  /** Sends what is pending now (or soon, when a send is already under way or backing off). */
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
        pending = await this.queue.waiting(BATCH);
        if (pending.length === 0) break;
        const acked = await this.send(withinBatchSize(pending.map(sentForm)));
        await this.queue.markSent(acked);
        this.failures = 0;
        if (acked.length === 0) break;
      }
      this.onStatus({ pending: await this.queue.countWaiting(), failing: false, fatal: null });
    } catch (error) {
      // 507: the server keeps no more for this session; the events stay here, unsent.
      const fatal = error instanceof ServerError && [400, 401, 403, 404, 413, 507].includes(error.status);
      this.failures++;
      this.onStatus({ pending: await this.queue.countWaiting().catch(() => pending.length), failing: true, fatal: fatal ? (error as Error).message : null });
      if (!fatal && !this.stopped) {
        const asked = error instanceof ServerError && error.retryAfter ? error.retryAfter * 1000 : 0;
        const delay = Math.max(asked, Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (this.failures - 1)) * (0.75 + Math.random() * 0.5));
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
}
