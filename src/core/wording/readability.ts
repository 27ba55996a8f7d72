/**
 * Flesch–Kincaid grade level (Kincaid et al. 1975):
 *   grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
 * and Flesch reading ease (206.835 − 1.015 × words/sentence − 84.6 × syllables/word), which
 * shares its counts and has the better-known published reference values.
 *
 * What counts, in terminal messages:
 * - A word is a run of letters (apostrophes inside it allowed): `typer<0.4` is the word
 *   "typer", `3.10` is no word, `pre-release` is two words.
 * - A sentence ends at `.`, `!`, `?` or `:` followed by a space or the end of a line, and at
 *   the end of every line that has words (a terminal line reads as a unit: "ERROR: …",
 *   "  - click>=8"); blank lines end nothing.
 * - Syllables, per word (lower-cased), by rule rather than dictionary:
 *   1. count groups of adjacent vowels (a e i o u y; y only when not first);
 *   2. a final "e" is silent (−1), except in "-le" after a consonant (ta-ble) and in words
 *      whose only vowel group it is (the, be);
 *   3. a final "-es" or "-ed" is silent (−1) except after t or d ("wanted") or, for "-es",
 *      after s, x, z, ch, sh, ce, ge ("boxes", "changes");
 *   4. the vowel pairs "ia", "io", "eo", "ua", "uo" are two syllables (li-an, vi-o-lin)
 *      unless "ia"/"io" follows c, g, s, t or x (spe-cial, na-tion, re-gion); so are a
 *      vowel before a final "-ing" (be-ing, do-ing) and a final "-ea" (i-de-a);
 *   5. an "e" before the suffixes -ment, -ly, -ness, -ful, -less is silent (re-quire-ment);
 *   6. at least one syllable per word.
 *   Known misses: words such as "create" and "business" (counted 1 and 3). The unit tests
 *   check the rule against published reference sentences and a dictionary's counts.
 */

export interface Readability {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  /** Flesch–Kincaid grade; null for a text with no words. */
  readonly grade: number | null;
  readonly readingEase: number | null;
}

const WORD = /[A-Za-z]+(?:'[A-Za-z]+)*/g;
const VOWEL_GROUP = /[aeiouy]+/g;

export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 2) return 1;
  // A leading y is a consonant (yes, yanked).
  if (w.startsWith('y')) w = `_${w.slice(1)}`;
  const groups = w.match(VOWEL_GROUP) ?? [];
  let count = groups.length;
  for (const group of groups) {
    // Rule 4: split pairs, each one counted once more.
    count += (group.match(/ia|io|eo|ua|uo/g) ?? []).length;
  }
  count -= (w.match(/[cgstx]i[ao]/g) ?? []).length;
  if (/[aeiouy]ing$/.test(w)) count++;
  if (/[^aeiouy]ea$/.test(w)) count++;
  if (/[^aeiouy]e(?:ment|ly|ness|ful|less)$/.test(w) && count > 1) count--;
  if (/[^aeiouy]e$/.test(w) && !/[^aeiouy]le$/.test(w) && count > 1) count--;
  else if (/[^aeiouy]es$/.test(w) && !/(?:[sxzcg]|ch|sh|[td])es$/.test(w) && count > 1) count--;
  else if (/[^aeiouy]ed$/.test(w) && !/[td]ed$/.test(w) && count > 1) count--;
  return Math.max(1, count);
}

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

export function countSentences(text: string): number {
  let sentences = 0;
  for (const line of text.split('\n')) {
    if (wordsOf(line).length === 0) continue;
    // Sentence ends inside the line, then the line's own end (unless it just ended one).
    const inner = line.trimEnd().split(/(?<=[.!?:])\s+/).filter((part) => wordsOf(part).length > 0);
    sentences += Math.max(1, inner.length);
  }
  return sentences;
}

export function readability(text: string): Readability {
  const words = wordsOf(text);
  const sentences = countSentences(text);
  const syllableCount = words.reduce((n, w) => n + syllables(w), 0);
  if (words.length === 0 || sentences === 0) return { words: 0, sentences, syllables: 0, grade: null, readingEase: null };
  return {
    words: words.length,
    sentences,
    syllables: syllableCount,
    grade: fleschKincaidGrade(words.length, sentences, syllableCount),
    readingEase: 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syllableCount / words.length),
  };
}

export function fleschKincaidGrade(words: number, sentences: number, syllableCount: number): number {
  return 0.39 * (words / sentences) + 11.8 * (syllableCount / words) - 15.59;
}
