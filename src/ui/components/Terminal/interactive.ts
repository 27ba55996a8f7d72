/**
 * An xterm.js terminal the participant types into: a prompt, line editing (backspace, left and
 * right arrows, history with up and down), Ctrl+C and Ctrl+L. Each line entered goes to
 * `onCommand`, whose answer lines are printed before the next prompt. Loaded lazily.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { colouredTerminalSafe, terminalSafe } from '../../../core/index.ts';
import { TERMINAL_THEME } from './xterm.ts';

export interface InteractiveTerminal {
  /** Prints lines (ANSI colours allowed) above the prompt. */
  print(lines: readonly string[]): void;
  focus(): void;
  destroy(): void;
}

export interface InteractiveOptions {
  readonly prompt: string;
  readonly greeting: readonly string[];
  /** Runs a command line; returns the lines to print. */
  readonly onCommand: (line: string) => Promise<readonly string[]>;
  readonly onClear?: () => void;
}

const MAX_LINE = 2000;

export function createInteractiveTerminal(parent: HTMLElement, options: InteractiveOptions): InteractiveTerminal {
  const terminal = new Terminal({
    cols: Math.max(60, Math.floor((parent.clientWidth - 24) / 7.8)),
    rows: 26,
    convertEol: true,
    cursorBlink: true,
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    fontSize: 13,
    scrollback: 5000,
    theme: { ...TERMINAL_THEME, cursor: '#ececea' },
    minimumContrastRatio: 4.5,
    screenReaderMode: true,
  });
  terminal.open(parent);
  let line = '';
  let cursor = 0;
  let busy = false;
  const history: string[] = [];
  let historyAt = 0;

  const redraw = () => {
    terminal.write(`\r\x1b[2K${options.prompt}${line}`);
    const back = line.length - cursor;
    if (back > 0) terminal.write(`\x1b[${back}D`);
  };
  const prompt = () => {
    line = '';
    cursor = 0;
    terminal.write(options.prompt);
  };

  terminal.write(options.greeting.join('\r\n') + '\r\n');
  prompt();

  terminal.onData((data) => {
    if (busy) return;
    if (data === '\r') {
      const entered = line;
      terminal.write('\r\n');
      if (entered.trim()) {
        history.push(entered);
        historyAt = history.length;
      }
      busy = true;
      void options
        .onCommand(entered)
        .then(
          (lines) => {
            if (lines.length) terminal.write(lines.map(colouredTerminalSafe).join('\r\n') + '\r\n');
          },
          (error: Error) => terminal.write(`\x1b[31m${terminalSafe(error.message)}\x1b[0m\r\n`),
        )
        .finally(() => {
          busy = false;
          prompt();
        });
    } else if (data === '\x7f' || data === '\b') {
      if (cursor > 0) {
        line = line.slice(0, cursor - 1) + line.slice(cursor);
        cursor--;
        redraw();
      }
    } else if (data === '\x03') {
      terminal.write('^C\r\n');
      prompt();
    } else if (data === '\x0c') {
      terminal.clear();
      options.onClear?.();
      redraw();
    } else if (data === '\x1b[A' || data === '\x1b[B') {
      if (history.length === 0) return;
      historyAt = Math.max(0, Math.min(history.length, historyAt + (data === '\x1b[A' ? -1 : 1)));
      line = history[historyAt] ?? '';
      cursor = line.length;
      redraw();
    } else if (data === '\x1b[D') {
      if (cursor > 0) {
        cursor--;
        terminal.write(data);
      }
    } else if (data === '\x1b[C') {
      if (cursor < line.length) {
        cursor++;
        terminal.write(data);
      }
    } else if (!data.startsWith('\x1b')) {
      // Typed or pasted text: printable characters only, one line at most.
      const text = data.replace(/[\r\n]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
      if (!text || line.length + text.length > MAX_LINE) return;
      line = line.slice(0, cursor) + text + line.slice(cursor);
      cursor += text.length;
      redraw();
    }
  });

  return {
    print(lines) {
      terminal.write(`\r\x1b[2K${lines.join('\r\n')}\r\n`);
      redraw();
    },
    focus: () => terminal.focus(),
    destroy: () => terminal.dispose(),
  };
}
