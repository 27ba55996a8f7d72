/**
 * A session's log as this device keeps it, for the participant's page to download: every event,
 * with whether the server has it, it is still waiting, or the server refused it (and why). The
 * events the server refused are kept only here, so this file is how they reach the researcher.
 */
import type { Refusal, StoredStudyEvent } from '../../../cache/study-records.ts';
import type { StudyEvent } from '../../../core/index.ts';

export const DEVICE_LOG_FORMAT = 'pipette-study-device-log/1';

export interface DeviceLogEvent extends StudyEvent {
  readonly state: 'sent' | 'waiting' | 'refused';
  readonly proof?: string;
  readonly refused?: Refusal;
}

export interface DeviceLog {
  readonly format: typeof DEVICE_LOG_FORMAT;
  readonly study: string;
  readonly session: string;
  readonly participant: string;
  readonly condition: string;
  readonly savedAt: string;
  readonly events: readonly DeviceLogEvent[];
}

export function deviceLog(
  of: { readonly studyId: string; readonly session: string; readonly participant: string; readonly condition: string },
  events: readonly StoredStudyEvent[],
  savedAt = new Date().toISOString(),
): DeviceLog {
  return {
    format: DEVICE_LOG_FORMAT,
    study: of.studyId,
    session: of.session,
    participant: of.participant,
    condition: of.condition,
    savedAt,
    events: events.map(({ id, seq, type, step, wall, mono, data, proof, sent, refused }) => ({
      id,
      seq,
      type,
      step,
      wall,
      mono,
      data,
      state: refused !== undefined ? 'refused' : sent === 1 ? 'sent' : 'waiting',
      ...(proof === undefined ? {} : { proof }),
      ...(refused === undefined ? {} : { refused }),
    })),
  };
}

/** The file's name: the study and the participant, as far as a file name takes them. */
export function deviceLogName(log: DeviceLog): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64);
  return `${safe(log.study)}-${safe(log.participant)}-device-log.json`;
}
