import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAGS, studyWording, parseStudy, parseStudyText, participantStudy, PRESET_IDS, StudyError } from '../../../src/core/index.ts';
import { studyJson } from './fixtures.ts';

function withChange(change: (s: Record<string, any>) => void): Record<string, unknown> {
  const s = studyJson() as Record<string, any>;
  change(s);
  return s;
}

function errorOf(value: unknown): StudyError {
  try {
    parseStudy(value);
  } catch (error) {
    if (error instanceof StudyError) return error;
    throw error;
  }
  throw new Error('expected a StudyError');
}

describe('pipette-study/1', () => {
  it('reads a valid study, with defaults and the preset question filled in', () => {
    const study = parseStudy(studyJson());
    expect(study.steps.map((s) => s.id)).toEqual(['fix-numpy', 'name-click', 'python-experience']);
    expect(study.conditions[0]!.flags).toEqual({ ...DEFAULT_FLAGS, voices: ['pip'] });
    expect(study.conditions[1]!.flags.terminalOnly).toBe(true);
    const preset = study.steps[2]!;
    expect(preset.type === 'question' && preset.answer.kind === 'choice' && preset.answer.options[0]).toBe('Less than 1 year');
  });

  it('gives every preset a valid question', () => {
    for (const preset of PRESET_IDS) {
      const s = withChange((j) => (j.steps = [{ type: 'question', preset }]));
      expect(parseStudy(s).steps[0]!.id).toBe(preset);
    }
  });

  it.each([
    ['format', (s: Record<string, any>) => (s.format = 'pipette-study/2'), 'format', 'a newer Pipette'],
    ['an unknown field', (s: Record<string, any>) => (s.colour = 'red'), 'colour', 'unknown field'],
    ['a bad voice', (s: Record<string, any>) => (s.conditions[0].flags.voices = ['loud']), 'conditions.0.flags.voices.0', 'unknown voice'],
    ['rollouts not adding up', (s: Record<string, any>) => (s.conditions[1].rollout = 40), 'conditions', 'add up to 90%'],
    ['a step type', (s: Record<string, any>) => (s.steps[1].type = 'quiz'), 'steps.1.type', 'expected task or question'],
    ['a success kind', (s: Record<string, any>) => (s.steps[0].success = { kind: 'vibes' }), 'steps.0.success.kind', 'unknown success'],
    ['a duplicated step id', (s: Record<string, any>) => (s.steps[1].id = 'fix-numpy'), 'steps.1.id', 'earlier step'],
    ['a time limit', (s: Record<string, any>) => (s.steps[1].timeLimitSeconds = 2.5), 'steps.1.timeLimitSeconds', 'whole seconds'],
    ['a missing scenario', (s: Record<string, any>) => delete s.steps[0].scenario, 'steps.0.scenario', 'missing'],
    ['likert labels', (s: Record<string, any>) => s.steps.push({ type: 'question', id: 'q', prompt: 'How clear?', answer: { kind: 'likert', points: 5, labels: ['a', 'b'] } }), 'steps.3.answer.labels', '2 labels for 5 points'],
    ['a choice with one option', (s: Record<string, any>) => s.steps.push({ type: 'question', id: 'q', prompt: 'Pick', answer: { kind: 'choice', options: ['only'] } }), 'steps.3.answer.options', 'at least two'],
    ['an unknown preset', (s: Record<string, any>) => s.steps.push({ type: 'question', preset: 'shoe-size' }), 'steps.3.preset', 'unknown preset'],
    ['an id with spaces', (s: Record<string, any>) => (s.id = 'my study'), 'id', 'not an id'],
  ])('names the field when %s is wrong', (_what, change, path, reason) => {
    const error = errorOf(withChange(change));
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
  });

  it('reads back what it wrote (the server sends studies as parsed)', () => {
    const study = parseStudy(studyJson());
    expect(parseStudy(JSON.parse(JSON.stringify(study)))).toEqual(study);
    expect(parseStudy(JSON.parse(JSON.stringify(participantStudy(study))))).toEqual(participantStudy(study));
  });

  it('says where JSON text is broken', () => {
    expect(() => parseStudyText('{"format": ')).toThrow(/not JSON/);
  });

  it('keeps annotations from participants', () => {
    const study = participantStudy(parseStudy(studyJson()));
    expect(study.steps.every((s) => s.annotation === '')).toBe(true);
  });
});

describe('a study’s wordings', () => {
  const variant = { format: 'pipette-wording/1', id: 'short-pip', name: 'Short pip', language: 'en', description: '', templates: { pip: { 'conflict.caused': 'Because:' } } };

  it('carries wording variants that conditions name, through the participant’s copy', () => {
    const s = withChange((j) => {
      j.wordings = [variant];
      j.conditions[0].flags.wording = 'short-pip';
    });
    const study = parseStudy(s);
    expect(study.wordings.map((w) => w.id)).toEqual(['short-pip']);
    expect(studyWording(study, study.conditions[0]!.flags)?.templates.pip?.['conflict.caused']).toBe('Because:');
    expect(studyWording(study, study.conditions[1]!.flags)).toBeNull();
    // The server sends the study back as JSON; the page reads it again with the same checks.
    expect(parseStudy(JSON.parse(JSON.stringify(participantStudy(study)))).wordings).toEqual(study.wordings);
  });

  it.each([
    ['a condition naming a wording the study lacks', (j: Record<string, any>) => (j.conditions[0].flags.wording = 'short-pip'), 'conditions.0.flags.wording', 'it has none'],
    ['a wording with an unknown slot', (j: Record<string, any>) => (j.wordings = [{ ...variant, templates: { pip: { 'conflict.caused': 'Because {nonsense}:' } } }]), 'wordings.0.templates.pip.conflict.caused', 'nonsense'],
    ['a wording that is not a variant', (j: Record<string, any>) => (j.wordings = [{ format: 'pipette-wording/9', id: 'x' }]), 'wordings.0.format', 'pipette-wording/9'],
    ['two wordings with one id', (j: Record<string, any>) => (j.wordings = [variant, variant]), 'wordings.1.id', 'earlier wording'],
  ])('refuses %s, naming where', (_name, change, path, reason) => {
    const error = errorOf(withChange(change));
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
  });
});
