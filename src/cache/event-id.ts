/**
 * A study event's id, made on the device that makes the event: the participant's page
 * (study-log.ts) and the researcher's panel (ui/views/study/researcher-proof.ts), which the
 * server's tests run without IndexedDB, so this stays apart from the log's storage.
 */
export function newEventId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
