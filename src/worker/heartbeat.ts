/**
 * The worker's sign of life. A worker can die without an error event (closed, killed by the
 * browser under memory pressure); then a call in flight would wait forever. The worker posts this
 * message every second while its event loop turns (a resolve's progress reports count too), and
 * the bridge restarts a worker that has been silent too long with calls in flight.
 */
export const HEARTBEAT_MESSAGE = 'pipette-heartbeat';
export const HEARTBEAT_INTERVAL_MS = 1000;
/** Longer than the longest stretch a busy worker may go without a message (a 10 s explanation search against a live index). */
export const HEARTBEAT_SILENCE_MS = 20_000;
