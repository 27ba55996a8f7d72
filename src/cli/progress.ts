/**
 * A long resolve on a terminal: one status line on stderr, redrawn as the solver reports (only
 * when stderr is a TTY, so pipes and logs stay clean), and `--max-seconds`, which ends the run
 * with what it tried and the last fact it proved.
 */
import { pubgrubReport, ResolveTimeLimitError, type Progress, type ResolveHooks } from '../core/index.ts';
import { InputError } from './files.ts';
import { writeRaw } from './terminal-guard.ts';

/** The line shown while resolving: "Resolving… 12.3 s · 1,234 decisions · 56 conflicts · 78 packages". */
export function progressLine(p: Progress): string {
  const n = (value: number) => value.toLocaleString('en');
  return `Resolving… ${(p.elapsedMs / 1000).toFixed(1)} s · ${n(p.decisions)} decisions · ${n(p.conflicts)} conflicts · ${n(p.packagesSeen)} packages${p.round > 1 ? ` · round ${p.round}` : ''}`;
}

interface StatusStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Hooks that draw progress on `stream` when it is a terminal (nothing otherwise), and a way to clear the line. */
export function terminalProgress(stream: StatusStream = process.stderr, intervalMs = 250): { hooks: Pick<ResolveHooks, 'onProgress' | 'progressIntervalMs'>; done: () => void } {
  if (!stream.isTTY) return { hooks: {}, done: () => {} };
  let shown = false;
  return {
    hooks: {
      progressIntervalMs: intervalMs,
      onProgress: (p) => {
        const line = progressLine(p).slice(0, Math.max(20, (stream.columns ?? 80) - 1));
        writeRaw(stream, `\r\x1b[2K${line}`);
        shown = true;
      },
    },
    done: () => {
      if (shown) writeRaw(stream, '\r\x1b[2K');
      shown = false;
    },
  };
}

/** `--max-seconds N`: milliseconds, or undefined when not given. */
export function maxMsFrom(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new InputError(`--max-seconds ${String(value)}: expected a number of seconds above 0`);
  }
  return seconds * 1000;
}

/** Exit status of a resolve stopped by --max-seconds: neither solved (0) nor proven impossible (1). */
export const TIME_LIMIT_EXIT = 4;

/** What the CLI prints when the time limit ends a resolve: the message, then the partial proof. */
export function timeLimitText(error: ResolveTimeLimitError): string {
  const partial = error.report.partial;
  const proof = partial ? `\n\nWhat it had proved so far:\n${pubgrubReport(partial)}` : '';
  return `${error.message}${proof}\n\nAllow more time with --max-seconds, or narrow the requirements (pin the packages in the most conflicts).`;
}

/** The same as JSON fields. */
export function timeLimitJson(error: ResolveTimeLimitError): Record<string, unknown> {
  const { report } = error;
  return {
    satisfiable: null,
    timeLimit: {
      limitSeconds: report.limitMs / 1000,
      message: error.message,
      stats: report.progress,
      mostConflicted: report.mostConflicted,
      partialExplanation: report.partial ? pubgrubReport(report.partial) : null,
    },
  };
}
