/** What the participant's header says of the sending (ParticipantView), from the sender's status (sync.ts). */
import type { SyncStatus } from './sync.ts';

export interface SyncLine {
  readonly text: string;
  /** Nothing can be sent until the server or the session changes. */
  readonly bad: boolean;
}

function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The line for `status`; null when everything is sent. `time` writes when the sender tries again. */
export function syncLine(status: SyncStatus, time: (at: number) => string = clockTime): SyncLine | null {
  const { pending, failing, fatal, reason, retryAt } = status;
  if (fatal !== null) {
    // The server's storage is full: it is tried again by itself, and may well take them.
    if (retryAt !== null) return { text: `Your answers are kept on this device; the study server can’t store them now: ${fatal} Trying again at ${time(retryAt)}.`, bad: true };
    return { text: `Your answers are kept on this device but the study server refused them: ${fatal}`, bad: true };
  }
  if (pending > 0 && failing) {
    const again = retryAt === null ? 'retrying' : `trying again at ${time(retryAt)}`;
    const why = reason === null ? 'the study server can’t be reached' : `the study server answered “${reason}”`;
    return { text: `Saved on this device; ${pending} waiting to be sent (${why}; ${again}).`, bad: false };
  }
  if (pending > 0) return { text: 'Saving…', bad: false };
  return null;
}

/** The line while the session can't be started yet (session-start.ts): the server's reason, and when the page tries again. */
export function startWaitLine(reason: string, retryAt: number, time: (at: number) => string = clockTime): string {
  return `The study server can’t start your session yet: ${reason} This page tries again at ${time(retryAt)}; please keep it open.`;
}
