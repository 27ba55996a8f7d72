// The CLI's terminal guard: index data on a terminal are shown as escapes (terminalSafe, tested in
// tests/unit/export/terminal-text.test.ts), the progress line still draws, pipes and files are left alone.
import { describe, expect, it } from 'vitest';
import { progressLine, terminalProgress } from '../../../src/cli/progress.ts';
import { guardTerminal } from '../../../src/cli/terminal-guard.ts';

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
