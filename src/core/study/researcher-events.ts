/**
 * The researcher's events: a note, and a task marked succeeded or failed. In a moderated
 * session the participant's page logs them (the panel sits in a second window of the same
 * browser and hands them over), so who sent a batch can't tell a researcher's note from one a
 * participant made up. Each of them carries a proof instead: an HMAC-SHA256, keyed with the
 * researcher token, of the event's session, id, type, step, times (wall and mono) and data: all
 * that the panel decides. The panel makes it (it has the token; the participant's page never
 * does) and the server checks it. Here: which events need a proof, their data, and the exact
 * text a proof is made of.
 *
 * The proof can't cover `seq`: the participant's page numbers the event when it logs it, after
 * the panel signed it (study-log.ts), and the panel can't know the number a queue in another
 * window will give. So a participant can move a note or a mark elsewhere in their session's
 * order, and no further: it stays that event (the same id, so it is stored once), of that type,
 * on that step, with that data and at the times the panel gave it. Read a researcher's event by
 * its own step and times, not by its neighbours in `seq`.
 */
import { clipText } from '../clip-text.ts';
import { storableText, type StudyEvent, type StepOutcome } from './events.ts';

export const RESEARCHER_OUTCOMES = ['marked-success', 'marked-failure'] as const satisfies readonly StepOutcome[];
export type ResearcherOutcome = (typeof RESEARCHER_OUTCOMES)[number];
export type ResearcherKind = 'note' | ResearcherOutcome;

/** The longest note the panel takes. */
export const MAX_NOTE_CHARS = 4000;

export function isResearcherOutcome(value: unknown): value is ResearcherOutcome {
  return (RESEARCHER_OUTCOMES as readonly unknown[]).includes(value);
}

/** Which of the researcher's events this is, or null for a participant's own. */
export function researcherKind(event: Pick<StudyEvent, 'type' | 'data'>): ResearcherKind | null {
  if (event.type === 'note') return 'note';
  if (event.type === 'step-end' && isResearcherOutcome(event.data.outcome)) return event.data.outcome;
  return null;
}

/** How an error names the kind: `a "note" event (the researcher's note)`. */
export function describeResearcherKind(kind: ResearcherKind): string {
  return kind === 'note' ? 'a "note" event (the researcher’s note)' : `a "step-end" event with outcome "${kind}" (the researcher’s mark)`;
}

/** A note's data, as the panel signs it and the participant's page logs it (the same either way, so the proof holds). */
export function noteData(text: string): { readonly text: string; readonly by: 'researcher' } {
  return { text: storableText(clipText(text, MAX_NOTE_CHARS)), by: 'researcher' };
}

/** A mark's data: the step-end's outcome. */
export function markData(outcome: ResearcherOutcome): { readonly outcome: ResearcherOutcome } {
  return { outcome };
}

/** What the panel decides of a researcher's event, and so what its proof covers: all but `seq`. */
export type SignedPart = Pick<StudyEvent, 'id' | 'type' | 'step' | 'wall' | 'mono' | 'data'>;

/**
 * What a proof is made of: one line of JSON, object keys sorted, so both sides write the same
 * bytes (`mono` as JSON writes the number, which reads back to the very same number).
 */
export function researcherProofText(session: string, event: SignedPart): string {
  return canonicalJson(['pipette-researcher-event/2', session, event.id, event.type, event.step, event.wall, event.mono, event.data]);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
