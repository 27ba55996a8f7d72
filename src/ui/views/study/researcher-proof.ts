/**
 * The researcher panel's notes and marks, each with its proof (core/study/researcher-events.ts):
 * made here with the researcher token, so what the participant's window gets is the event and
 * its proof, never the token. WebCrypto only, so the server's tests can run it as it is.
 */
import { markData, noteData, researcherProofText, type ResearcherOutcome, type SignedPart, type StudyEvent } from '../../../core/index.ts';
import type { ToParticipant } from './channel.ts';
import { newEventId } from '../../../cache/event-id.ts';

/** Browsers offer WebCrypto only to pages on HTTPS or this machine: say so rather than fail on undefined. */
function needSecureContext(): void {
  if (!crypto?.subtle || typeof crypto.randomUUID !== 'function') throw new Error('this browser signs notes only on a page served over HTTPS or from localhost');
}

/** When the researcher made a note or a mark, on the panel's clocks (as the participant's page times its own events). */
export type EventTime = Pick<StudyEvent, 'wall' | 'mono'>;

export async function proveResearcherEvent(token: string, session: string, event: SignedPart): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(researcherProofText(session, event))));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A note on `step` (the step the panel shows), made `at`, for the participant's window to log. */
export async function provenNote(token: string, session: string, step: string | null, text: string, at: EventTime): Promise<ToParticipant> {
  needSecureContext();
  const id = newEventId();
  const data = noteData(text);
  return { kind: 'note', session, id, step, text: data.text, ...at, proof: await proveResearcherEvent(token, session, { id, type: 'note', step, ...at, data }) };
}

/** `step` marked succeeded or failed `at`, for the participant's window to end the step with. */
export async function provenMark(token: string, session: string, step: string, outcome: ResearcherOutcome, at: EventTime): Promise<ToParticipant> {
  needSecureContext();
  const id = newEventId();
  return { kind: 'mark', session, id, step, outcome, ...at, proof: await proveResearcherEvent(token, session, { id, type: 'step-end', step, ...at, data: markData(outcome) }) };
}
