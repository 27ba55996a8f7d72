import { describe, expect, it } from 'vitest';
import { csvField } from '../../../src/core/index.ts';

describe('csvField (every CSV Pipette writes)', () => {
  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula, and only text', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+pip')).toBe("'+pip");
    expect(csvField('-r requirements.txt')).toBe("'-r requirements.txt");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField(-5)).toBe('-5');
  });

  it('writes numbers and booleans as they are, nothing as empty, the rest as JSON', () => {
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(['a', 'b'])).toBe('"[""a"",""b""]"');
  });
});
