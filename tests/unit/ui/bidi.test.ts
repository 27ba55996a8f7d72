/** Bidirectional controls from a file can't reverse the page's own words: notices neutralise them, variant names refuse them. */
import { describe, expect, it } from 'vitest';
import { checkWordingVariant, emptyVariant } from '../../../src/core/index.ts';
import { withoutBidiControls } from '../../../src/ui/state/notice-queue.ts';

describe('bidirectional controls', () => {
  it('are shown as U+FFFD in a notice', () => {
    expect(withoutBidiControls('Imported the wording variant “abc\u202etxt.exe”.')).toBe('Imported the wording variant “abc\ufffdtxt.exe”.');
    expect(withoutBidiControls('a\u2066b\u2069 \u202ac\u202c')).toBe('a\ufffdb\ufffd \ufffdc\ufffd');
    expect(withoutBidiControls('שלום, English')).toBe('שלום, English');
  });

  it('are refused in a wording variant’s name', () => {
    const check = checkWordingVariant({ ...emptyVariant('bidi', 'abc\u202etxt.exe') });
    expect(check.variant).toBeNull();
    expect(check.issues[0]).toMatchObject({ severity: 'error', path: 'name' });
  });
});
