import { describe, expect, it } from 'vitest';
import { countSentences, fleschKincaidGrade, measureMessage, readability, syllables, findJargon } from '../../../src/core/index.ts';

describe('Flesch–Kincaid on published reference texts', () => {
  // Reading ease and grade as published with the formula (Wikipedia, "Flesch–Kincaid readability tests").
  it.each([
    ['The cat sat on the mat.', 116, -1.45],
    ['This sentence, taken as a reading passage unto itself, is being used to prove a point.', 69, 7.6],
    ['The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.', 24.4, 13.1],
  ])('%s', (text, ease, grade) => {
    const r = readability(text);
    expect(r.readingEase!).toBeCloseTo(ease, 0);
    expect(r.grade!).toBeCloseTo(grade, 1);
  });

  it('computes the grade from the counts: Green Eggs and Ham (5.7 words a sentence, 1.02 syllables a word) is grade −1.3', () => {
    expect(fleschKincaidGrade(5.7, 1, 1.02 * 5.7)).toBeCloseTo(-1.33, 2);
  });
});

describe('the syllable rule', () => {
  // Syllable counts as a dictionary gives them (Merriam-Webster's hyphenation).
  const dictionary: [string, number][] = [
    ['cat', 1], ['the', 1], ['table', 2], ['wanted', 2], ['boxes', 2], ['changes', 2], ['special', 2], ['nation', 2],
    ['region', 2], ['violin', 3], ['period', 3], ['video', 3], ['idea', 3], ['being', 2], ['australian', 4],
    ['reptilian', 4], ['creature', 2], ['seemingly', 3], ['requirement', 3], ['dependency', 4], ['dependencies', 4],
    ['installed', 2], ['version', 2], ['conflict', 2], ['conflicting', 3], ['package', 2], ['python', 2],
    ['release', 2], ['because', 2], ['cannot', 2], ['satisfies', 3], ['satisfy', 3], ['available', 4], ['required', 2],
    ['yanked', 1], ['resolution', 4], ['incompatible', 5], ['metadata', 4], ['platform', 2], ['interpreter', 4],
    ['distribution', 4], ['matching', 2], ['specified', 3], ['remove', 2], ['attempt', 2], ['wheels', 1], ['source', 1],
  ];
  it.each(dictionary)('%s has %i', (word, count) => {
    expect(syllables(word)).toBe(count);
  });

  it('has the documented misses, and never counts zero', () => {
    expect(syllables('create')).toBe(1);
    expect(syllables('business')).toBe(3);
    expect(syllables('b')).toBe(1);
  });
});

describe('sentences and measures of terminal messages', () => {
  it('ends a sentence at a full stop, a colon before a space, and each line with words', () => {
    expect(countSentences('ERROR: Cannot install a.\nThe conflict is caused by:\n    a 1.0 depends on b>=2\n\n')).toBe(4);
    expect(countSentences('a==1.0')).toBe(1);
    expect(countSentences('3.10')).toBe(0);
  });

  it('measures lines, words, rows on an 80-column screen and jargon', () => {
    const long = 'word '.repeat(40).trim();
    const m = measureMessage(`${long}\nshort line\n`, { clashing: ['a>=2', 'b<1'] });
    expect(m.lines).toBe(3);
    expect(m.words).toBe(42);
    expect(m.longestLine).toBe(199);
    expect(m.rows).toBe(3 + 1 + 1);
    expect(m.fitsScreen).toBe(true);
    expect(m.namesClash).toBe(false);
    expect(measureMessage('x\n'.repeat(30)).fitsScreen).toBe(false);
    expect(findJargon('The ResolutionImpossible: no wheel, only a Wheelhouse and dependency-free code.', ['wheel', 'ResolutionImpossible', 'dependency', 'resolution'])).toEqual(['wheel', 'ResolutionImpossible', 'dependency']);
  });
});
