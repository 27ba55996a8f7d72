// Index data on a terminal: control characters are shown as escapes, never acted on; the CLI's
// own progress line still draws; output to a pipe or a file is left as it is.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { progressLine, terminalProgress } from '../../../src/cli/progress.ts';
import { guardTerminal, terminalSafe } from '../../../src/cli/terminal-guard.ts';

function fakeStream(isTTY: boolean) {
  const stream = {
    isTTY,
    written: [] as unknown[],
    write(chunk: unknown): boolean {
      stream.written.push(chunk);
      return true;
    },
  };
  return stream;
}

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

describe('guardTerminal', () => {
  it('makes what is written to a terminal safe', () => {
    const stream = fakeStream(true);
    guardTerminal(stream);
    stream.write('yanked (reason: "\x1b]0;pwned\x07")\n');
    expect(stream.written).toEqual(['yanked (reason: "\\u001b]0;pwned\\u0007")\n']);
  });

  it('leaves a pipe or a file alone: the bytes are the data', () => {
    const stream = fakeStream(false);
    guardTerminal(stream);
    stream.write('a\x1bb');
    expect(stream.written).toEqual(['a\x1bb']);
  });

  it('is installed once, however often it is asked', () => {
    const stream = fakeStream(true);
    guardTerminal(stream);
    guardTerminal(stream);
    stream.write('\x07');
    expect(stream.written).toEqual(['\\u0007']);
  });

  it("lets the CLI's own progress line through, escapes and all", () => {
    const stream = Object.assign(fakeStream(true), { columns: 100 });
    guardTerminal(stream);
    const status = terminalProgress(stream);
    const progress = { decisions: 3, conflicts: 1, backtracks: 1, packagesSeen: 4, elapsedMs: 1500, round: 1 };
    status.hooks.onProgress!(progress);
    status.done();
    expect(stream.written.join('')).toBe(`\r\x1b[2K${progressLine(progress)}\r\x1b[2K`);
  });
});
