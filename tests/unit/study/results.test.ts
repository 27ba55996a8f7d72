import { describe, expect, it } from 'vitest';
import { attemptsCsv, csvField, eventsCsv, formatDuplicates, formatGaps, integrityCsv, parseStudy, quantile, sessionIntegrity, stepAttempts, summarizeStudy, type RecordedEvent, type StudyEventType } from '../../../src/core/index.ts';
import { studyJson } from './fixtures.ts';

let counter = 0;
function log(session: string, condition: string, entries: [StudyEventType, string | null, number, Record<string, unknown>?][]): RecordedEvent[] {
  return entries.map(([type, step, second, data], seq) => ({ id: `e${counter++}`, session, participant: `p-${session}`, condition, seq, type, step, wall: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(), mono: second * 1000, data: data ?? {} }));
}

const events = [
  ...log('s1', 'pip-voice', [
    ['session-start', null, 0],
    ['step-start', 'fix-numpy', 1],
    ['edit', 'fix-numpy', 5, { size: 40 }],
    ['resolve', 'fix-numpy', 6, { outcome: 'failed' }],
    ['view', 'fix-numpy', 7, { voice: 'pip' }],
    ['fix-applied', 'fix-numpy', 8],
    ['step-end', 'fix-numpy', 11, { outcome: 'success' }],
    ['step-start', 'name-click', 12],
    ['give-up', 'name-click', 42],
    ['step-end', 'name-click', 42, { outcome: 'gave-up' }],
    ['step-start', 'python-experience', 43],
    ['answer', 'python-experience', 50, { value: '2–5 years' }],
    ['step-end', 'python-experience', 50, { outcome: 'answered' }],
  ]),
  ...log('s2', 'pip-voice', [
    ['step-start', 'fix-numpy', 0],
    ['step-end', 'fix-numpy', 30, { outcome: 'success' }],
    // A reload restarts nothing: the next start of the same step is a second attempt.
    ['step-start', 'name-click', 31],
  ]),
];

describe('study results', () => {
  it('makes one attempt per step start, with what happened in it', () => {
    const attempts = stepAttempts(events);
    expect(attempts.map((a) => [a.session, a.step, a.outcome, a.durationMs])).toEqual([
      ['s1', 'fix-numpy', 'success', 10_000],
      ['s1', 'name-click', 'gave-up', 30_000],
      ['s1', 'python-experience', 'answered', 7_000],
      ['s2', 'fix-numpy', 'success', 30_000],
      ['s2', 'name-click', null, null],
    ]);
    expect(attempts[0]).toMatchObject({ edits: 1, resolves: 1, fixesApplied: 1, voices: ['pip'] });
  });

  it('times a step by the page’s monotonic clock, not by a wall clock set back during it', () => {
    const [start, end] = log('s3', 'pip-voice', [
      ['step-start', 'fix-numpy', 0],
      ['step-end', 'fix-numpy', 0, { outcome: 'success' }],
    ]);
    // The wall clock went back 30 s while 45 s passed.
    const attempts = stepAttempts([
      { ...start!, wall: '2026-01-01T00:01:00.000Z', mono: 5_000 },
      { ...end!, wall: '2026-01-01T00:00:30.000Z', mono: 50_000 },
    ]);
    expect(attempts.map((a) => a.durationMs)).toEqual([45_000]);
  });

  it('leaves a step unfinished when the server refused the mark that ended it, and counts the refused event as nothing', () => {
    const attempts = stepAttempts(
      log('s4', 'pip-voice', [
        ['step-start', 'fix-numpy', 0],
        ['edit', 'fix-numpy', 3],
        ['refused', 'fix-numpy', 9, { eventId: 'mark-xxxxxxxx', eventType: 'step-end', status: 403, reason: 'no proof' }],
        ['step-start', 'name-click', 10],
      ]),
    );
    expect(attempts.map((a) => [a.step, a.outcome, a.durationMs, a.edits])).toEqual([
      ['fix-numpy', null, null, 1],
      ['name-click', null, null, 0],
    ]);
  });

  it('marks a pilot’s overridden session in both CSVs and counts such participants apart', () => {
    const pilot = log('s-pilot', 'terminal', [
      ['step-start', 'fix-numpy', 0],
      ['step-end', 'fix-numpy', 4, { outcome: 'success' }],
    ]).map((e) => ({ ...e, assignedBy: 'override' as const }));
    const all = [...events.map((e) => ({ ...e, assignedBy: 'hash' as const })), ...pilot];
    const rows = eventsCsv(all).trim().split('\r\n');
    expect(rows[0]).toBe('id,session,participant,condition,assigned_by,seq,type,step,wall,mono,data');
    expect(rows.filter((r) => r.includes(',s-pilot,')).every((r) => r.includes(',terminal,override,'))).toBe(true);
    const attempts = attemptsCsv(all).trim().split('\r\n');
    expect(attempts[0]!.startsWith('session,participant,condition,assigned_by,step,')).toBe(true);
    expect(attempts.find((r) => r.startsWith('s-pilot,'))).toContain(',terminal,override,fix-numpy,');
    expect(summarizeStudy(parseStudy(studyJson()), all).conditions).toEqual([{ name: 'pip-voice', participants: 2, overridden: 0 }, { name: 'terminal', participants: 1, overridden: 1 }]);
  });

  it('lists apart the conditions and steps that events name but the study no longer has', () => {
    const edited = log('s9', 'gone-condition', [
      ['step-start', 'renamed-step', 0],
      ['step-end', 'renamed-step', 3, { outcome: 'success' }],
    ]);
    const results = summarizeStudy(parseStudy(studyJson()), [...events, ...edited]);
    expect(results.notInStudy).toEqual({ conditions: ['gone-condition'], steps: ['renamed-step'] });
    expect(summarizeStudy(parseStudy(studyJson()), events).notInStudy).toEqual({ conditions: [], steps: [] });
  });

  it('summarises per condition and step', () => {
    const results = summarizeStudy(parseStudy(studyJson()), events);
    const fix = results.steps.find((s) => s.condition === 'pip-voice' && s.step === 'fix-numpy')!;
    expect(fix).toMatchObject({ participants: 2, completed: 2, completionRate: 1, fixesApplied: 1, voices: { pip: 1 } });
    expect(fix.timeOnTask).toEqual({ n: 2, q1: 15_000, median: 20_000, q3: 25_000 });
    const name = results.steps.find((s) => s.condition === 'pip-voice' && s.step === 'name-click')!;
    expect(name).toMatchObject({ participants: 2, completed: 0, completionRate: 0, gaveUp: 1, finished: 1 });
    expect(results.steps.find((s) => s.step === 'python-experience' && s.condition === 'pip-voice')!.answers).toEqual({ '2–5 years': 1 });
    expect(results.steps.find((s) => s.condition === 'terminal' && s.step === 'fix-numpy')!.completionRate).toBeNull();
    expect(results.conditions).toEqual([{ name: 'pip-voice', participants: 2, overridden: 0 }, { name: 'terminal', participants: 0, overridden: 0 }]);
  });

  it.each([
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[7], 0.75, 7],
    [[], 0.5, null],
  ])('quantile of %j at %f is %s (numpy’s linear method)', (values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });

  it('writes CSV one row per event and per attempt, quoted as RFC 4180 wants', () => {
    expect(eventsCsv(events).split('\r\n').filter(Boolean)).toHaveLength(events.length + 1);
    expect(attemptsCsv(events).split('\r\n').filter(Boolean)).toHaveLength(6);
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField({ x: 1 })).toBe('"{""x"":1}"');
    // A participant's text can't become a spreadsheet formula.
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

describe('each session’s seqs', () => {
  /** Events of session `session` with the given seqs (and ids, types and data where given). */
  function at(session: string, entries: [number, string, StudyEventType?, Record<string, unknown>?][]): RecordedEvent[] {
    return entries.map(([seq, id, type, data]) => ({ id, session, participant: `p-${session}`, condition: 'pip-voice', seq, type: type ?? 'edit', step: 'fix-numpy', wall: '2026-01-01T00:00:00.000Z', mono: seq, data: data ?? {} }));
  }
  const standsFor = (eventId: string) => ({ eventId, eventType: 'note', status: 403, reason: 'no proof', setAsideAt: '2026-01-01T00:00:00.000Z' });

  it('finds nothing in a session that runs 0, 1, 2…, a refused event in its place included', () => {
    const clean = at('c', [[0, 'c0'], [1, 'c1'], [2, 'c2-marker', 'refused', standsFor('c2-note')], [3, 'c3']]);
    expect(sessionIntegrity(clean)).toEqual([{ session: 'c', participant: 'p-c', condition: 'pip-voice', events: 4, lastSeq: 3, gaps: [], duplicates: [] }]);
  });

  it('names the seqs missing from 0 to the last, as ranges, whatever order the events come in', () => {
    const gappy = at('g', [[10, 'g10'], [2, 'g2'], [6, 'g6'], [1, 'g1'], [7, 'g7'], [8, 'g8']]);
    const [integrity] = sessionIntegrity(gappy);
    expect(integrity).toMatchObject({ events: 6, lastSeq: 10, gaps: [{ from: 0, to: 0 }, { from: 3, to: 5 }, { from: 9, to: 9 }], duplicates: [] });
    expect(formatGaps(integrity!.gaps)).toBe('0 3-5 9');
  });

  it('names a seq two different events share, and a refused event whose event the server has after all, but not one standing in for an event it never got', () => {
    const shared = at('d', [
      [0, 'd0'],
      [1, 'd1-a'],
      [1, 'd1-b'],
      // Standing in for an event the server never stored: that event's place, not a second event.
      [2, 'd2-marker', 'refused', standsFor('d2-never-stored')],
      // The refused event was stored all the same (another tab sent it): two events under 3.
      [3, 'd3-note', 'note'],
      [3, 'd3-marker', 'refused', standsFor('d3-note')],
      // Two events set aside under one seq: each stands in for its own, so two events had seq 4.
      [4, 'd4-marker-a', 'refused', standsFor('d4-a')],
      [4, 'd4-marker-b', 'refused', standsFor('d4-b')],
    ]);
    const [integrity] = sessionIntegrity(shared);
    expect(integrity!.gaps).toEqual([]);
    expect(integrity!.duplicates).toEqual([
      { seq: 1, ids: ['d1-a', 'd1-b'] },
      { seq: 3, ids: ['d3-marker', 'd3-note'] },
      { seq: 4, ids: ['d4-marker-a', 'd4-marker-b'] },
    ]);
    expect(formatDuplicates(integrity!.duplicates)).toBe('1 (d1-a d1-b); 3 (d3-marker d3-note); 4 (d4-marker-a d4-marker-b)');
  });

  it('is in the results, per session, and in a CSV of its own', () => {
    const all = [...at('b', [[0, 'b0'], [2, 'b2-again'], [2, 'b2']]), ...events];
    const results = summarizeStudy(parseStudy(studyJson()), all);
    expect(results.integrity.map((i) => [i.session, i.gaps, i.duplicates])).toEqual([
      ['b', [{ from: 1, to: 1 }], [{ seq: 2, ids: ['b2', 'b2-again'] }]],
      ['s1', [], []],
      ['s2', [], []],
    ]);
    expect(integrityCsv(all).split('\r\n')).toEqual([
      'session,participant,condition,events,last_seq,missing_seqs,duplicate_seqs',
      'b,p-b,pip-voice,3,2,1,2 (b2 b2-again)',
      's1,p-s1,pip-voice,13,12,,',
      's2,p-s2,pip-voice,3,2,,',
      '',
    ]);
  });
});

