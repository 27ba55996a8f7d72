/** A session's events in this browser's IndexedDB (study-log.ts), as the sender's queue. */
import { markSent, pendingEvents, refusedEvents, setAsideStudyEvent } from '../../../cache/study-log.ts';
import { newEventId } from '../../../cache/event-id.ts';
import { setAside } from './refusal.ts';
import type { EventQueue } from './sync.ts';

/** More than a session logs: a count of all that wait. */
const ALL = 1_000_000;

export function deviceQueue(session: string): EventQueue {
  return {
    waiting: (limit) => pendingEvents(session, limit),
    countWaiting: async () => (await pendingEvents(session, ALL)).length,
    countRefused: async () => (await refusedEvents(session)).length,
    markSent,
    setAside: (event, refusal) => setAsideStudyEvent(event.id, (current) => setAside(current, refusal, newEventId())),
  };
}
