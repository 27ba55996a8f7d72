/**
 * A wording variant file (JSON or PO) from its bytes: one reading for the CLI (`wording check`,
 * `wording render`, `--wording`) and the page's import, so a file gives the same variant, or
 * the same refusal, everywhere.
 *
 * JSON is UTF-8 (a UTF-16 file with its byte-order mark is read too); a PO file is decoded by
 * the charset its header declares, UTF-8 when it declares none. Bytes that are not valid in
 * that charset are refused at their line, never replaced by U+FFFD behind the user's back.
 */
import { parseWordingFile, variantIdFrom, type WordingCheck } from './format.ts';
import { poCharset, variantFromPo } from './po.ts';

/** The web's TextDecoder, global in browsers, workers and Node alike (core's ES2022 lib has no type for it). */
declare const TextDecoder: new (label: string, options?: { readonly fatal?: boolean }) => { decode(bytes: Uint8Array): string };

function refuse(path: string, message: string): WordingCheck {
  return { variant: null, issues: [{ severity: 'error', path, voice: null, key: null, message }] };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first line (1-based) holding bytes that are not UTF-8; a line feed is never part of a UTF-8 sequence. */
function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (!isUtf8(bytes.subarray(start, end < 0 ? bytes.length : end))) return line;
    if (end < 0) return line;
    start = end + 1;
    line++;
  }
}

const UTF8 = /^utf-?8$/i;

/** Each byte as the character of the same number: enough to find an ASCII header in any charset PO files use. */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/** The file's text, or a check that refuses it (with the line of the problem). */
function decode(bytes: Uint8Array, isPo: boolean): { text: string } | { refused: WordingCheck } {
  // UTF-16 with its byte-order mark, as Windows tools write it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes) };
    } catch {
      return { refused: refuse('', 'starts with a UTF-16 byte-order mark but is not valid UTF-16') };
    }
  }
  const declared = isPo ? poCharset(latin1(bytes)) : null;
  if (declared && !UTF8.test(declared.charset)) {
    let decoder: { decode(bytes: Uint8Array): string };
    try {
      decoder = new TextDecoder(declared.charset, { fatal: true });
    } catch {
      return { refused: refuse(`line ${declared.line}`, `the header's charset ${JSON.stringify(declared.charset)} is not one Pipette can read; convert the file to UTF-8 (msgconv --to-code=UTF-8)`) };
    }
    try {
      return { text: decoder.decode(bytes) };
    } catch {
      return { refused: refuse('', `not valid ${declared.charset}, the charset its header declares at line ${declared.line}`) };
    }
  }
  if (!isUtf8(bytes)) {
    const how = isPo ? 'save it as UTF-8, or declare its charset in the header (Content-Type: text/plain; charset=...)' : 'save it as UTF-8';
    return { refused: refuse(`line ${firstInvalidUtf8Line(bytes)}`, `not valid UTF-8; ${how}`) };
  }
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

/**
 * Reads and checks a variant file by its name and bytes. A PO file without an
 * `X-Pipette-Variant` header is named after the file, made into a valid id.
 */
export function readVariantFile(fileName: string, bytes: Uint8Array): WordingCheck {
  const po = /\.po$/i.exec(fileName);
  const decoded = decode(bytes, po !== null);
  if ('refused' in decoded) return decoded.refused;
  if (!po) return parseWordingFile(decoded.text);
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1, po.index);
  return variantFromPo(decoded.text, variantIdFrom(base, 'translated'));
}
