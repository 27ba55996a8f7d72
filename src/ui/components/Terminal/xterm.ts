/** An xterm.js terminal showing a fixed transcript, themed from the page's colours. Loaded lazily. */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { colouredTerminalSafe } from '../../../core/index.ts';

export interface TranscriptTerminal {
  show(lines: readonly string[]): void;
  /** Lets the person type a line (a prompt's answer); `onLine` gets it on Enter. Null stops input. */
  acceptLine(onLine: ((line: string) => void) | null): void;
  destroy(): void;
}

/** A dark terminal in both themes, as people know it; ANSI colours bright enough for 4.5:1 contrast. */
export const TERMINAL_THEME = {
  background: '#1c1d1f',
  foreground: '#ececea',
  cursor: '#1c1d1f',
  red: '#ff7b72',
  green: '#7ee787',
  yellow: '#f2cc60',
  blue: '#79c0ff',
  brightBlack: '#a0a0a0',
};

export function createTerminal(parent: HTMLElement): TranscriptTerminal {
  const cols = Math.max(60, Math.floor((parent.clientWidth - 24) / 7.8));
  const terminal = new Terminal({
    cols,
    rows: 24,
    convertEol: true,
    disableStdin: true,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
    fontSize: 13,
    scrollback: 5000,
    theme: TERMINAL_THEME,
    // Dim text (HINT lines) stays readable.
    minimumContrastRatio: 4.5,
  });
  terminal.open(parent);
  let typed: { dispose(): void } | null = null;
  // Output only: the helper text area would be a tab stop that does nothing (and is hidden from screen readers, which get the plain text).
  terminal.textarea?.setAttribute('tabindex', '-1');
  return {
    show(lines) {
      terminal.reset();
      terminal.resize(cols, Math.min(40, Math.max(12, lines.reduce((n, l) => n + Math.ceil(Math.max(1, l.length) / cols), 0) + 1)));
      // The transcript's data are terminalSafe already; this keeps any line that is not from turning into commands.
      terminal.write(lines.map(colouredTerminalSafe).join('\r\n'));
    },
    acceptLine(onLine) {
      typed?.dispose();
      typed = null;
      terminal.options.disableStdin = onLine === null;
      if (!onLine) return;
      let line = '';
      typed = terminal.onData((data) => {
        for (const ch of data) {
          if (ch === '\r') {
            onLine(line);
            line = '';
          } else if (ch === '\x7f') {
            if (line) terminal.write('\b \b');
            line = line.slice(0, -1);
          } else if (ch >= ' ' && line.length < 40) {
            line += ch;
            terminal.write(ch);
          }
        }
      });
      terminal.focus();
    },
    destroy: () => {
      typed?.dispose();
      terminal.dispose();
    },
  };
}
