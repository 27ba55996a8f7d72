/**
 * From the event log to results: each step attempt (from its step-start to its step-end,
 * with what happened in between), then per condition and step the completion rate, time on
 * task (median and quartiles), fixes applied, voices looked at and answers; and per session
 * whether its seqs run without a gap or a duplicate. Also the CSV forms of the export: one row
 * per event, one row per step attempt, one row per session's seqs.
 */
import type { Study } from './format.ts';
import { sortEvents, type RecordedEvent, type StepOutcome } from './events.ts';
import { csvField } from '../export/csv.ts';

export interface StepAttempt {
  readonly session: string;
  readonly participant: string;
  readonly condition: string;
  /** 'override' for a pilot's session put in its condition by hand; '' when not known. */
  readonly assignedBy: string;
  readonly step: string;
  readonly attempt: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** null while the step is not finished (the participant left, or is still on it). */
  readonly outcome: StepOutcome | null;
  readonly durationMs: number | null;
  readonly edits: number;
  readonly resolves: number;
  readonly fixesApplied: number;
  readonly voices: readonly string[];
  readonly answer: unknown;
}

const SUCCESS: readonly (StepOutcome | null)[] = ['success', 'marked-success', 'answered'];

/** Every attempt at every step, per session in event order. */
export function stepAttempts(events: readonly RecordedEvent[]): StepAttempt[] {
  const out: StepAttempt[] = [];
  let open: { -readonly [K in keyof StepAttempt]: StepAttempt[K] } | null = null;
  let voices = new Set<string>();
  let session = '';
  /** The open attempt's step-start on the page's monotonic clock. */
  let startMono = 0;
  const counts = new Map<string, number>();
  const close = (): void => {
    if (open) out.push({ ...open, voices: [...voices] });
    open = null;
  };
  for (const e of sortEvents(events)) {
    if (e.session !== session) {
      close();
      session = e.session;
      counts.clear();
    }
    if (e.type === 'step-start' && e.step) {
      close();
      const attempt = (counts.get(e.step) ?? 0) + 1;
      counts.set(e.step, attempt);
      voices = new Set();
      startMono = e.mono;
      open = { session: e.session, participant: e.participant, condition: e.condition, assignedBy: e.assignedBy ?? '', step: e.step, attempt, startedAt: e.wall, endedAt: null, outcome: null, durationMs: null, edits: 0, resolves: 0, fixesApplied: 0, voices: [], answer: null };
      continue;
    }
    if (!open || e.step !== open.step) continue;
    switch (e.type) {
      case 'edit':
        open.edits++;
        break;
      case 'resolve':
        open.resolves++;
        break;
      case 'fix-applied':
        open.fixesApplied++;
        break;
      case 'view':
        if (typeof e.data.voice === 'string') voices.add(e.data.voice);
        break;
      case 'answer':
        open.answer = e.data.value ?? null;
        break;
      case 'step-end':
        open.endedAt = e.wall;
        open.outcome = (e.data.outcome as StepOutcome | undefined) ?? 'done';
        // By the page's monotonic clock: a wall clock set back mid-task (NTP, a time zone change
        // on some systems) gave 0, and pulled the step's quartiles down.
        open.durationMs = Math.max(0, Math.round(e.mono - startMono));
        close();
        break;
      default:
        break;
    }
  }
  close();
  return out;
}

export interface Spread {
  readonly n: number;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
}

/** Quartiles by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75) };
}

export interface StepResult {
  readonly condition: string;
  readonly step: string;
  readonly kind: 'task' | 'question';
  readonly participants: number;
  readonly attempts: number;
  readonly finished: number;
  readonly completed: number;
  /** completed / participants who started the step, 0–1; null when none started it. */
  readonly completionRate: number | null;
  readonly gaveUp: number;
  readonly timedOut: number;
  /** Milliseconds, over finished attempts. */
  readonly timeOnTask: Spread;
  readonly fixesApplied: number;
  /** How many attempts looked at each voice. */
  readonly voices: Readonly<Record<string, number>>;
  /** Each answer (or each chosen option) and how often it was given. */
  readonly answers: Readonly<Record<string, number>>;
}

export interface StudyResults {
  /** `overridden`: of the participants, those a pilot's override put in the condition (not the study's assignment). */
  readonly conditions: readonly { readonly name: string; readonly participants: number; readonly overridden: number }[];
  readonly steps: readonly StepResult[];
  /**
   * Conditions and steps that events name but the study no longer has (its file was edited
   * after sessions ran): their events are in the exports, not in the rows above.
   */
  readonly notInStudy: { readonly conditions: readonly string[]; readonly steps: readonly string[] };
  /** Each session's seqs: what is missing, what two events share (sessionIntegrity). */
  readonly integrity: readonly SessionIntegrity[];
}

/** Seqs `from` to `to` (both included) that no stored event has. */
export interface SeqGap {
  readonly from: number;
  readonly to: number;
}

/** A seq that two or more different events were stored under, with their ids. */
export interface SeqDuplicate {
  readonly seq: number;
  readonly ids: readonly string[];
}

/**
 * One session's seqs as the server stored them. The page numbers a session's events 0, 1, 2…
 * and puts a `refused` event in the place of one the server refused, so `gaps` (from 0 up to
 * the highest seq stored; what came after that can't be known) are events the server never got:
 * a batch lost, or a `refused` event refused in turn. `duplicates` are seqs two different events
 * share (two tabs of the session numbering at once, or a page that is not Pipette's); a
 * `refused` event standing in for an event the server never stored is that event, not a second
 * one. The server takes events whatever their seq, so a lost one never holds the rest back.
 */
export interface SessionIntegrity {
  readonly session: string;
  readonly participant: string;
  readonly condition: string;
  readonly events: number;
  readonly lastSeq: number;
  readonly gaps: readonly SeqGap[];
  readonly duplicates: readonly SeqDuplicate[];
}

/** Every session's seqs that has events, in the export's order. */
export function sessionIntegrity(events: readonly RecordedEvent[]): SessionIntegrity[] {
  const sessions = new Map<string, RecordedEvent[]>();
  for (const e of sortEvents(events)) {
    let list = sessions.get(e.session);
    if (!list) sessions.set(e.session, (list = []));
    list.push(e);
  }
  return [...sessions.values()].map((list) => {
    const stored = new Set(list.map((e) => e.id));
    // What each seq holds: an event by its id, a `refused` event standing in by the event it stands for.
    const bySeq = new Map<number, { readonly held: Set<string>; readonly ids: string[] }>();
    for (const e of list) {
      const standsFor = e.type === 'refused' && typeof e.data.eventId === 'string' && !stored.has(e.data.eventId) ? e.data.eventId : null;
      let place = bySeq.get(e.seq);
      if (!place) bySeq.set(e.seq, (place = { held: new Set(), ids: [] }));
      place.held.add(standsFor === null ? `id ${e.id}` : `for ${standsFor}`);
      place.ids.push(e.id);
    }
    const gaps: SeqGap[] = [];
    let next = 0;
    for (const seq of bySeq.keys()) {
      if (seq > next) gaps.push({ from: next, to: seq - 1 });
      next = seq + 1;
    }
    // Ids in order: the storage returns the events of one seq in no order of its own.
    const duplicates = [...bySeq].filter(([, place]) => place.held.size > 1).map(([seq, place]) => ({ seq, ids: [...place.ids].sort() }));
    const first = list[0]!;
    return { session: first.session, participant: first.participant, condition: first.condition, events: list.length, lastSeq: list.at(-1)!.seq, gaps, duplicates };
  });
}

export function summarizeStudy(study: Study, events: readonly RecordedEvent[]): StudyResults {
  const attempts = stepAttempts(events);
  const participantsByCondition = new Map<string, Set<string>>();
  const overriddenByCondition = new Map<string, Set<string>>();
  for (const e of events) {
    let set = participantsByCondition.get(e.condition);
    if (!set) participantsByCondition.set(e.condition, (set = new Set()));
    // People, not sessions: a participant who comes back in a new session counts once.
    set.add(e.participant);
    if (e.assignedBy === 'override') {
      let overridden = overriddenByCondition.get(e.condition);
      if (!overridden) overriddenByCondition.set(e.condition, (overridden = new Set()));
      overridden.add(e.participant);
    }
  }
  const steps: StepResult[] = [];
  for (const condition of study.conditions) {
    for (const step of study.steps) {
      const mine = attempts.filter((a) => a.condition === condition.name && a.step === step.id);
      const finished = mine.filter((a) => a.outcome !== null);
      const people = new Set(mine.map((a) => a.participant));
      const completedPeople = new Set(mine.filter((a) => SUCCESS.includes(a.outcome)).map((a) => a.participant));
      // Counted in Maps: a participant's answer may be "constructor" or "__proto__".
      const voices = new Map<string, number>();
      for (const a of mine) for (const v of a.voices) voices.set(v, (voices.get(v) ?? 0) + 1);
      const answers = new Map<string, number>();
      for (const a of finished) {
        if (a.answer === null || a.answer === undefined) continue;
        for (const value of Array.isArray(a.answer) ? a.answer : [a.answer]) answers.set(String(value), (answers.get(String(value)) ?? 0) + 1);
      }
      steps.push({
        condition: condition.name,
        step: step.id,
        kind: step.type,
        participants: people.size,
        attempts: mine.length,
        finished: finished.length,
        completed: completedPeople.size,
        completionRate: people.size ? completedPeople.size / people.size : null,
        gaveUp: finished.filter((a) => a.outcome === 'gave-up').length,
        timedOut: finished.filter((a) => a.outcome === 'timeout').length,
        timeOnTask: spread(finished.map((a) => a.durationMs!)),
        fixesApplied: mine.reduce((n, a) => n + a.fixesApplied, 0),
        // Object.fromEntries defines each key as an own property, "__proto__" included.
        voices: Object.fromEntries(voices),
        answers: Object.fromEntries(answers),
      });
    }
  }
  const conditionNames = new Set(study.conditions.map((c) => c.name));
  const stepIds = new Set(study.steps.map((step) => step.id));
  const notInStudy = {
    conditions: [...participantsByCondition.keys()].filter((name) => !conditionNames.has(name)).sort(),
    steps: [...new Set(attempts.map((a) => a.step))].filter((id) => !stepIds.has(id)).sort(),
  };
  return {
    conditions: study.conditions.map((c) => ({ name: c.name, participants: participantsByCondition.get(c.name)?.size ?? 0, overridden: overriddenByCondition.get(c.name)?.size ?? 0 })),
    steps,
    notInStudy,
    integrity: sessionIntegrity(events),
  };
}

/** A header line and one line per row, each field written by csvField. */
function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}

export const EVENT_COLUMNS = ['id', 'session', 'participant', 'condition', 'assigned_by', 'seq', 'type', 'step', 'wall', 'mono', 'data'] as const;
export const INTEGRITY_COLUMNS = ['session', 'participant', 'condition', 'events', 'last_seq', 'missing_seqs', 'duplicate_seqs'] as const;
export const ATTEMPT_COLUMNS = ['session', 'participant', 'condition', 'assigned_by', 'step', 'attempt', 'started_at', 'ended_at', 'outcome', 'duration_ms', 'edits', 'resolves', 'fixes_applied', 'voices', 'answer'] as const;

export function eventsCsv(events: readonly RecordedEvent[]): string {
  return csv(EVENT_COLUMNS, sortEvents(events).map((e) => [e.id, e.session, e.participant, e.condition, e.assignedBy ?? '', e.seq, e.type, e.step, e.wall, e.mono, e.data]));
}

export function attemptsCsv(events: readonly RecordedEvent[]): string {
  return csv(
    ATTEMPT_COLUMNS,
    stepAttempts(events).map((a) => [a.session, a.participant, a.condition, a.assignedBy, a.step, a.attempt, a.startedAt, a.endedAt, a.outcome, a.durationMs, a.edits, a.resolves, a.fixesApplied, a.voices.join(' '), a.answer]),
  );
}

/** `3-5 9`: the missing seqs, a range or one seq each. */
export function formatGaps(gaps: readonly SeqGap[]): string {
  return gaps.map((g) => (g.from === g.to ? `${g.from}` : `${g.from}-${g.to}`)).join(' ');
}

/** `7 (e1 e2); 12 (e5 e6)`: each seq that events share, with their ids. */
export function formatDuplicates(duplicates: readonly SeqDuplicate[]): string {
  return duplicates.map((d) => `${d.seq} (${d.ids.join(' ')})`).join('; ');
}

/** One row per session with events: how many, its highest seq, the seqs missing and the seqs shared. */
export function integrityCsv(events: readonly RecordedEvent[]): string {
  return csv(
    INTEGRITY_COLUMNS,
    sessionIntegrity(events).map((s) => [s.session, s.participant, s.condition, s.events, s.lastSeq, formatGaps(s.gaps), formatDuplicates(s.duplicates)]),
  );
}
