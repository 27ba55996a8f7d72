/**
 * The server's side of the researcher's proofs (core/study/researcher-events.ts): a batch from a
 * participant's page may hold the researcher's notes and marks only with a proof made with the
 * researcher token, so a participant who posts a batch of their own can't make one up.
 */
import { createHmac } from 'node:crypto';
import { describeResearcherKind, researcherKind, researcherProofText, type SentEvent, type SignedPart } from '../core/index.ts';
import { sameHash } from './store.ts';

export function researcherProof(researcherToken: string, session: string, event: SignedPart): string {
  return createHmac('sha256', researcherToken).update(researcherProofText(session, event)).digest('hex');
}

/** The first researcher's event in the batch without a good proof, as the field and reason to refuse it with; null when there is none. */
export function unprovenResearcherEvent(researcherToken: string, session: string, events: readonly SentEvent[]): { field: string; message: string } | null {
  for (const [i, event] of events.entries()) {
    const kind = researcherKind(event);
    if (kind === null) continue;
    const what = `events.${i}: ${describeResearcherKind(kind)}`;
    if (event.proof === undefined) return { field: `events.${i}.proof`, message: `${what} is taken only from the researcher panel, with a proof made with the researcher token; this one has none. Nothing in this batch was stored.` };
    if (!sameHash(event.proof, researcherProof(researcherToken, session, event))) {
      return { field: `events.${i}.proof`, message: `${what} has a proof that does not match it: not made with this study's researcher token, or for another session or event, or the event was changed since (its type, step, times or data). Nothing in this batch was stored.` };
    }
  }
  return null;
}
