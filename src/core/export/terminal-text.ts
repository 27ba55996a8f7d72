/**
 * Text from an index, a file or a participant shown on a terminal (the CLI's, or the page's
 * xterm.js transcript): a yanked reason or a requirement line holding ESC or BEL could recolour,
 * retitle, move the cursor or rewrite what is shown. Control characters are shown as \u00XX
 * escapes instead, tab and line ends kept.
 */

/** C0 controls but tab, line feed and CR LF; DEL; C1 controls (U+0080–U+009F, which some terminals read as ESC sequences). */
const CONTROL = /[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;
/** The same, sparing colour sequences (SGR: ESC [ digits m), the only ones transcripts make. */
const CONTROL_BUT_COLOUR = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with its control characters shown as \u00XX escapes (tab, \n and \r\n kept). */
export function terminalSafe(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escaped) : text;
}

/**
 * `terminalSafe`, keeping colour sequences: for a transcript whose colours are added by Pipette
 * around data already made terminalSafe. A colour is all a sequence left here can do.
 */
export function colouredTerminalSafe(text: string): string {
  return text.replace(CONTROL_BUT_COLOUR, (c) => (c.length > 1 ? c : escaped(c)));
}
