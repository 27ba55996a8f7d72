/**
 * Messages for the person: failed saves, import errors, what a file turned out to be.
 * At most MAX_SHOWN at once (errors are the last to make room); news and good news leave on
 * their own after a while (the clock stops while the pointer or focus is on the message);
 * errors and warnings stay until dismissed. The policy is plain code (notice-queue.ts).
 */
import { admit, lifetimeMs, withoutBidiControls, type NoticeKind } from './notice-queue.ts';

export type { NoticeKind };

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
  readonly details: readonly string[];
  readonly action: NoticeAction | null;
}

interface Timer {
  handle: ReturnType<typeof setTimeout> | undefined;
  remainingMs: number;
  startedAt: number;
}

class Notices {
  items = $state.raw<Notice[]>([]);
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  push(kind: NoticeKind, text: string, options: { details?: readonly string[]; action?: NoticeAction } = {}): number {
    const id = this.nextId++;
    const notice: Notice = { id, kind, text: withoutBidiControls(text), details: (options.details ?? []).map(withoutBidiControls), action: options.action ?? null };
    const { kept, dropped } = admit(this.items, notice);
    for (const old of dropped) this.clearTimer(old.id);
    this.items = kept;
    const life = lifetimeMs(notice);
    if (life !== null) {
      this.timers.set(id, { handle: undefined, remainingMs: life, startedAt: 0 });
      this.resume(id);
    }
    return id;
  }

  dismiss(id: number): void {
    this.clearTimer(id);
    this.items = this.items.filter((n) => n.id !== id);
  }

  /** Holds a message that leaves on its own while the person reads it. */
  pause(id: number): void {
    const timer = this.timers.get(id);
    if (!timer || timer.handle === undefined) return;
    clearTimeout(timer.handle);
    timer.handle = undefined;
    timer.remainingMs = Math.max(2000, timer.remainingMs - (Date.now() - timer.startedAt));
  }

  resume(id: number): void {
    const timer = this.timers.get(id);
    if (!timer || timer.handle !== undefined) return;
    timer.startedAt = Date.now();
    timer.handle = setTimeout(() => this.dismiss(id), timer.remainingMs);
  }

  private clearTimer(id: number): void {
    const timer = this.timers.get(id);
    if (timer?.handle !== undefined) clearTimeout(timer.handle);
    this.timers.delete(id);
  }
}

export const notices = new Notices();
