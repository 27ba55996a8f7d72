/** isRealIsoTime: the one check of ISO 8601 dates and times, with each field in its range. */
import { describe, expect, it } from 'vitest';
import { isRealIsoTime, type IsoForm } from '../../../src/core/index.ts';

// [text, form, accepted]
const CASES: [string, IsoForm, boolean][] = [
  ['2023-09-01', 'date', true],
  ['2024-02-29', 'date', true], // a leap year
  ['2000-02-29', 'date', true], // divisible by 400
  ['1900-02-29', 'date', false], // a century, not divisible by 400
  ['2023-02-29', 'date', false],
  ['2023-02-30', 'date', false],
  ['2023-04-31', 'date', false],
  ['2023-12-31', 'date', true],
  ['2023-13-01', 'date', false],
  ['2023-00-10', 'date', false],
  ['2023-09-00', 'date', false],
  ['2023-9-1', 'date', false],
  ['2023-09-01T00:00', 'date', false],
  ['2026-01-31T12:00:00.000Z', 'instant', true],
  ['2026-01-31T12:00:00+02:00', 'instant', true],
  ['2026-01-31T12:00:00.1234567Z', 'instant', false], // past microseconds
  ['2026-01-31T12:00Z', 'instant', false], // no seconds
  ['2026-01-31T12:00:00', 'instant', false], // no zone
  ['2026-01-31T12:00:00+0200', 'instant', false],
  ['2026-02-30T12:00:00Z', 'instant', false],
  ['2026-02-28T24:00:00Z', 'instant', false],
  ['2026-02-28T12:60:00Z', 'instant', false],
  ['2026-02-28T12:00:60Z', 'instant', false],
  ['2026-02-28T12:00:00+24:00', 'instant', false],
  ['2026-02-28T12:00:00+02:60', 'instant', false],
  ['2023-09-01', 'dateOrTime', true],
  ['2023-09-01T12:00', 'dateOrTime', true],
  ['2023-09-01 12:00:00', 'dateOrTime', true],
  ['2023-09-01T12:00:00.5+0200', 'dateOrTime', true],
  ['2023-09-01T23:59:59Z', 'dateOrTime', true],
  ['2023-02-30', 'dateOrTime', false],
  ['2023-02-28T25:00', 'dateOrTime', false],
  ['2023-02-28T24:00:00Z', 'dateOrTime', false],
  ['2023-02-28T12:60', 'dateOrTime', false],
  ['2023-02-28T12:00:61Z', 'dateOrTime', false],
  ['2023-02-28T12:00+2400', 'dateOrTime', false],
  ['Sep 1 2023', 'dateOrTime', false],
  ['', 'dateOrTime', false],
];

describe('isRealIsoTime', () => {
  it.each(CASES)('%j as %s: %s', (text, form, accepted) => {
    expect(isRealIsoTime(text, form)).toBe(accepted);
  });
});
