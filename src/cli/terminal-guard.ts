/**
 * Text from an index, a file or a participant reaches the terminal through the CLI's output: a
 * yanked reason or a requirement line holding ESC or BEL could recolour, retitle or rewrite the
 * terminal. On a terminal, every control character but tab and line ends is shown as a \u00XX
 * escape instead (terminalSafe). Only on a terminal: output sent to a pipe or a file is left as it is.
 */
import { terminalSafe } from '../core/index.ts';

interface Guardable {
  readonly isTTY?: boolean;
  write(chunk: unknown, ...rest: unknown[]): boolean;
}

/** The stream's own write, kept for the CLI's own control sequences (the progress line). */
const rawWrites = new WeakMap<object, (text: string) => unknown>();

/** Makes every string written to `stream` terminalSafe when it is a terminal. */
export function guardTerminal(stream: Guardable): void {
  if (!stream.isTTY || rawWrites.has(stream)) return;
  const raw = stream.write.bind(stream);
  rawWrites.set(stream, raw);
  stream.write = (chunk: unknown, ...rest: unknown[]) => raw(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest);
}

/** Writes the CLI's own `text` (control sequences included) past the guard. */
export function writeRaw(stream: { write(text: string): unknown }, text: string): void {
  const raw = rawWrites.get(stream);
  if (raw) raw(text);
  else stream.write(text);
}
