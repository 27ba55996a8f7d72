/**
 * Whether a file is text Pipette can open: UTF-8 with no NUL bytes and no control characters
 * that text files don't hold. A binary file is refused with what gave it away; it never
 * reaches the editor or the importers.
 */
export type TextFileCheck = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Control characters a text file may hold: tab, line feed, form feed, carriage return (and ESC, seen in pasted colour output). */
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);

export function checkTextFile(bytes: Uint8Array): TextFileCheck {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'it is UTF-16 text; save it as UTF-8 and import it again' };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, reason: `it is not a text file (it holds a NUL byte at byte ${nul + 1})` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: `it is not UTF-8 text (the bytes at ${firstInvalidUtf8(bytes) + 1} are not a character)` };
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !ALLOWED_CONTROLS.has(code)) || code === 0x7f) {
      const line = text.slice(0, i).split('\n').length;
      return { ok: false, reason: `it is not a text file (it holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')} on line ${line})` };
    }
  }
  return { ok: true, text };
}

/** The byte offset where UTF-8 decoding first fails. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    if (length > 1 && new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(i, i + length)).includes('\ufffd')) return i;
    i += length;
  }
  return bytes.length;
}

/** Files read as UTF-8 text for an import, and those left out, each with why. */
export interface TextFiles {
  readonly texts: { readonly name: string; readonly text: string }[];
  readonly refused: string[];
}

/**
 * The files among `files` whose names match `wanted`, read as UTF-8: one over `maxBytes`, or
 * whose bytes are not UTF-8, is left out and named with why, never dropped in silence nor read
 * with U+FFFD in place of what it holds. Files of other kinds (a folder's stray files) are skipped.
 */
export async function readTextFiles(files: readonly File[], wanted: RegExp, maxBytes: number): Promise<TextFiles> {
  const texts: { name: string; text: string }[] = [];
  const refused: string[] = [];
  for (const file of files) {
    const name = file.webkitRelativePath || file.name;
    if (!wanted.test(file.name)) continue;
    if (file.size > maxBytes) {
      refused.push(`${name}: ${file.size} bytes, over the limit of ${maxBytes}`);
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      texts.push({ name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
    } catch {
      refused.push(`${name}: not UTF-8 text (the bytes at ${firstInvalidUtf8(bytes) + 1} are not a character)`);
    }
  }
  return { texts, refused };
}
