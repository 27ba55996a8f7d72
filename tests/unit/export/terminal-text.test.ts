// Text from an index, a file or a participant on a terminal: control characters are shown as
// escapes, never acted on; the page's transcripts keep their colours and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colouredTerminalSafe, terminalSafe } from '../../../src/core/index.ts';

describe('terminalSafe', () => {
  it('shows ESC, BEL, a lone CR, DEL and C1 controls as escapes', () => {
    expect(terminalSafe('bad\x1b[31mRED\x1b]0;pwned\x07')).toBe('bad\\u001b[31mRED\\u001b]0;pwned\\u0007');
    expect(terminalSafe('a\rb')).toBe('a\\u000db');
    expect(terminalSafe('x\x7fy\x9bz\x00')).toBe('x\\u007fy\\u009bz\\u0000');
  });

  it('keeps tab, line feeds, CR LF and everything printable, accents and emoji included', () => {
    const text = 'name\tversion\r\nsix\t1.16.0\nZoë’s index 🙂 ~ ÿ\u00a0';
    expect(terminalSafe(text)).toBe(text);
  });

  it('leaves no control character but tab and line ends, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const safe = terminalSafe(text);
        expect(safe.replace(/\r\n/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
        // Nothing else changes: undoing the escapes that were made gives the text back.
        if (!/\\u00[0-9a-f]{2}/.test(text)) expect(safe.replace(/\\u00([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(text);
      }),
    );
  });
});

describe('colouredTerminalSafe (the page\'s transcripts)', () => {
  it('keeps colour sequences and escapes every other control', () => {
    expect(colouredTerminalSafe('\x1b[31mERROR: x\x1b[0m')).toBe('\x1b[31mERROR: x\x1b[0m');
    expect(colouredTerminalSafe('a\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\x1b[2J\x1b[1;1H')).toBe(
      'a\\u001b]8;;https://evil.example\\u0007link\\u001b]8;;\\u0007\\u001b[2J\\u001b[1;1H',
    );
  });

  it('leaves no sequence but colours, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const withoutColours = colouredTerminalSafe(text).replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '');
        expect(withoutColours).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      }),
    );
  });
});
