/**
 * The moderated session's link between the participant's window and the researcher panel in
 * a second window of the same browser (BroadcastChannel: same origin, no server involved).
 * A note or mark comes with its id and the panel's proof (researcher-proof.ts), logged as they are.
 */
import type { ResearcherOutcome, StudyEventType } from '../../../core/index.ts';

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
  readonly updatedAt: string;
}

export interface LoggedEvent {
  readonly seq: number;
  readonly type: StudyEventType;
  readonly step: string | null;
  readonly wall: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type ToPanel = { readonly kind: 'screen'; readonly screen: ParticipantScreen } | { readonly kind: 'event'; readonly session: string; readonly event: LoggedEvent };
export type ToParticipant =
  | { readonly kind: 'hello' }
  | { readonly kind: 'note'; readonly session: string; readonly id: string; readonly step: string | null; readonly text: string; readonly proof: string }
  | { readonly kind: 'mark'; readonly session: string; readonly id: string; readonly step: string; readonly outcome: ResearcherOutcome; readonly proof: string };

export function studyChannel(studyId: string): BroadcastChannel {
  return new BroadcastChannel(`pipette-study:${studyId}`);
}
