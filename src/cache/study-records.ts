/** What the study stores in IndexedDB hold (plain data; the log's functions are in study-log.ts). */
import type { Assignment, StudyEvent } from '../core/index.ts';

/** The draft of the step in progress, so a reload brings back the participant's own text. */
export interface StepDraft {
  readonly step: string;
  readonly text: string;
  /** The text of the last resolve, and its outcome kind. */
  readonly resolvedText: string;
  readonly lastOutcome: string | null;
  readonly startedWall: string;
  /** A question's answer is logged (another tab of the session must not log one too). */
  readonly answered?: boolean;
}

export interface StudySessionRecord {
  /** `origin|study|participant`: one session per participant and study on this device. */
  readonly key: string;
  readonly studyId: string;
  readonly participant: string;
  /** The server's session id and this session's token. */
  readonly session: string;
  readonly token: string;
  readonly assignment: Assignment;
  readonly nextSeq: number;
  readonly consented: boolean;
  /** Index into assignment.stepOrder; stepOrder.length when finished. */
  readonly position: number;
  readonly draft: StepDraft | null;
  readonly createdAt: string;
}

/** What the study server said when it refused an event for good (ui/views/study/refusal.ts). */
export interface Refusal {
  readonly status: number;
  /** The field its answer named (`events.2.proof`), or null. */
  readonly field: string | null;
  readonly reason: string;
  /** When the page set the event aside (ISO 8601, the page's clock). */
  readonly at: string;
}

export interface StoredStudyEvent extends StudyEvent {
  /** A researcher's note or mark: the panel's proof, sent with it (core/study/researcher-events.ts). */
  readonly proof?: string;
  readonly session: string;
  readonly condition: string;
  /** 0 until the server acknowledged it, then 1 (IndexedDB can't index booleans). */
  readonly sent: 0 | 1;
  /** Refused by the server for good: kept here, never sent again (a `refused` event went in its place). */
  readonly refused?: Refusal;
}
