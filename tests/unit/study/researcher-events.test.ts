/** Which events are the researcher's, their data, and the text a proof is made of. */
import { describe, expect, it } from 'vitest';
import { MAX_NOTE_CHARS, markData, noteData, researcherKind, researcherProofText, type StudyEvent } from '../../../src/core/index.ts';

describe('researcherKind', () => {
  it.each([
    [{ type: 'note', data: { text: 'x', by: 'researcher' } }, 'note'],
    // A note is the researcher's whatever its data says.
    [{ type: 'note', data: {} }, 'note'],
    [{ type: 'step-end', data: { outcome: 'marked-success' } }, 'marked-success'],
    [{ type: 'step-end', data: { outcome: 'marked-failure' } }, 'marked-failure'],
    [{ type: 'step-end', data: { outcome: 'success' } }, null],
    [{ type: 'step-end', data: { outcome: 'done' } }, null],
    [{ type: 'answer', data: { by: 'researcher', outcome: 'marked-success' } }, null],
    [{ type: 'edit', data: {} }, null],
  ] as [Pick<StudyEvent, 'type' | 'data'>, string | null][])('%j is %s', (event, kind) => {
    expect(researcherKind(event)).toBe(kind);
  });
});

describe('noteData', () => {
  it('clips and makes storable once, so the panel and the page make the same data', () => {
    const long = `${'a'.repeat(MAX_NOTE_CHARS - 1)}😀`;
    const once = noteData(long);
    expect(once.text).toHaveLength(MAX_NOTE_CHARS - 1);
    expect(noteData(once.text)).toEqual(once);
    expect(noteData('a\u0000b')).toEqual({ text: 'a\uFFFDb', by: 'researcher' });
  });
});

describe('researcherProofText', () => {
  const e = { id: 'note-0-xxxxxxxx', type: 'note' as const, step: 'fix-numpy', wall: '2026-01-01T00:00:05.000Z', mono: 1_767_225_605_000.125, data: { text: 'Hm “quoted”', by: 'researcher' } };

  it('does not depend on the order of the data’s keys', () => {
    expect(researcherProofText('s1', { ...e, data: { by: 'researcher', text: 'Hm “quoted”' } })).toBe(researcherProofText('s1', e));
  });

  it('changes with the session, the id, the type, the step, the times and the data', () => {
    const base = researcherProofText('s1', e);
    for (const other of [
      researcherProofText('s2', e),
      researcherProofText('s1', { ...e, id: 'note-1-xxxxxxxx' }),
      researcherProofText('s1', { ...e, type: 'step-end' }),
      researcherProofText('s1', { ...e, step: null }),
      researcherProofText('s1', { ...e, wall: '2026-01-01T00:00:06.000Z' }),
      researcherProofText('s1', { ...e, mono: e.mono + 0.001 }),
      researcherProofText('s1', { ...e, data: { ...e.data, text: 'Hm' } }),
      researcherProofText('s1', { ...e, data: markData('marked-success') }),
    ]) expect(other).not.toBe(base);
  });
});
