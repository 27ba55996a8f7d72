/**
 * A run's progress as the page sees it: the phase, the solver's counters and, against a live
 * index, what was downloaded. The two sources report on their own (the solver between steps,
 * the index at every request's start and end, which is far too often to post to the page), so
 * the relay merges them and sends the newest at most once per interval, and at once when the
 * phase changes.
 */
import type { Progress } from '../core/index.ts';
import type { LiveIndexProgress } from '../sources/index.ts';

export type RunPhase = 'loading' | 'resolving' | 'explaining';

export interface RunProgress extends Progress {
  readonly phase: RunPhase;
  /** Downloads and cache hits so far; null unless the index is a live one. */
  readonly index: LiveIndexProgress | null;
}

export const NO_PROGRESS: Progress = { decisions: 0, conflicts: 0, backtracks: 0, packagesSeen: 0, elapsedMs: 0, round: 0 };

export class RunProgressRelay {
  private phase: RunPhase = 'loading';
  private solver: Progress = NO_PROGRESS;
  private index: LiveIndexProgress | null = null;
  private lastSentAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly send: (progress: RunProgress) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a phase; the page hears of it at once. */
  enter(phase: RunPhase, solver: Progress = this.solver): void {
    this.phase = phase;
    this.solver = solver;
    this.sendNow();
  }

  /** The solver's callback (`onProgress`). */
  readonly solverProgress = (progress: Progress): void => {
    this.solver = progress;
    this.schedule();
  };

  /** The live index's callback (`onProgress`). */
  readonly indexProgress = (progress: LiveIndexProgress): void => {
    this.index = progress;
    this.schedule();
  };

  /** The run is over: nothing more is sent (downloads started for later may still report). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined) return;
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) this.sendNow();
    else this.timer = setTimeout(() => this.sendNow(), wait);
  }

  private sendNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    this.lastSentAt = this.now();
    this.send({ ...this.solver, phase: this.phase, index: this.index });
  }
}
