/**
 * The moderated session's link between the participant's window and the researcher panel in
 * a second window of the same browser (BroadcastChannel: same origin, no server involved).
 * A note or mark comes with its id, its times and the panel's proof (researcher-proof.ts), logged as they are.
 */
import type { ResearcherOutcome, StudyEvent, StudyEventType } from '../../../core/index.ts';

export interface ParticipantScreen {
  readonly studyId: string;
  readonly participant: string;
  readonly session: string;
  readonly condition: string;
  readonly source: string;
  readonly position: number;
  readonly total: number;
  readonly stepId: string | null;
  readonly stepTitle: string;
  readonly text: string;
  readonly lastOutcome: string | null;
  readonly pending: number;
  /** Events the server refused for good, kept on the participant's device. */
  readonly refused: number;
  /** What the participant's header says of the sending (sync-line.ts): why events wait, and till when; null when all is sent. */
  readonly syncLine: string | null;
  readonly updatedAt: string;
}

export interface LoggedEvent {
  /** The key: a `refused` event shares its seq with the event it stands in for. */
  readonly id: string;
  readonly seq: number;
  readonly type: StudyEventType;
  readonly step: string | null;
  readonly wall: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export function loggedEvent({ id, seq, type, step, wall, data }: StudyEvent): LoggedEvent {
  return { id, seq, type, step, wall, data };
}

export type ToPanel = { readonly kind: 'screen'; readonly screen: ParticipantScreen } | { readonly kind: 'event'; readonly session: string; readonly event: LoggedEvent };
export type ToParticipant =
  | { readonly kind: 'hello' }
  | { readonly kind: 'note'; readonly session: string; readonly id: string; readonly step: string | null; readonly text: string; readonly wall: string; readonly mono: number; readonly proof: string }
  | { readonly kind: 'mark'; readonly session: string; readonly id: string; readonly step: string; readonly outcome: ResearcherOutcome; readonly wall: string; readonly mono: number; readonly proof: string };

export function studyChannel(studyId: string): BroadcastChannel {
  return new BroadcastChannel(`pipette-study:${studyId}`);
}
