/**
 * Two tabs saving one scenario: each save bumps the stored record's revision, and a tab knows the
 * revision it opened or last saved. A save over a newer stored revision (another tab saved in
 * between) is not done silently: the person is asked.
 */
import type { ScenarioRecord } from '../../cache/schema.ts';

/** The revision this tab has seen, per scenario id. */
const seen = new Map<string, number>();

export function revisionOf(record: Pick<ScenarioRecord, 'revision'> | undefined): number {
  return record?.revision ?? 0;
}

export function noteRevision(record: Pick<ScenarioRecord, 'id' | 'revision'>): void {
  seen.set(record.id, revisionOf(record));
}

/** What this tab last saw of `id`: noted on open and save, else the library's copy as loaded. */
export function seenRevision(id: string, loaded: Pick<ScenarioRecord, 'revision'> | undefined): number {
  return seen.get(id) ?? revisionOf(loaded);
}

/** Another tab saved `stored` after this one last saw it. */
export function savedElsewhere(stored: Pick<ScenarioRecord, 'revision'> | undefined, seenRevision: number): boolean {
  return stored !== undefined && revisionOf(stored) > seenRevision;
}
