/**
 * A wording variant file (JSON or PO) as the CLI reads it: one function for `wording check`,
 * `wording render` and `--wording`, so the same file gives the same variant everywhere.
 *
 * Bytes become text here and nowhere else. JSON is UTF-8 (a UTF-16 file with its byte-order
 * mark is read too); a PO file is decoded by the charset its header declares, UTF-8 when it
 * declares none. Bytes that are not valid in that charset are refused at their line, never
 * replaced by U+FFFD behind the user's back.
 */
import { isUtf8 } from 'node:buffer';
import { basename, extname } from 'node:path';
import { parseWordingFile, poCharset, variantFromPo, variantIdFrom, type WordingCheck } from '../core/index.ts';
import { readBounded } from './read-bounded.ts';

const MAX_VARIANT_BYTES = 2 * 1024 * 1024;

function refuse(path: string, message: string): WordingCheck {
  return { variant: null, issues: [{ severity: 'error', path, voice: null, key: null, message }] };
}

/** The first line (1-based) holding bytes that are not UTF-8; a line feed is never part of a UTF-8 sequence. */
function firstInvalidUtf8Line(bytes: Buffer): number {
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

/** The file's text, or a check that refuses it (with the line of the problem). */
function decode(bytes: Buffer, isPo: boolean): { text: string } | { refused: WordingCheck } {
  // UTF-16 with its byte-order mark, as Windows tools write it (files.ts reads other files so too).
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      return { text: new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes) };
    } catch {
      return { refused: refuse('', 'starts with a UTF-16 byte-order mark but is not valid UTF-16') };
    }
  }
  const declared = isPo ? poCharset(bytes.toString('latin1')) : null;
  if (declared && !UTF8.test(declared.charset)) {
    let decoder: TextDecoder;
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
  return { text: bytes.toString('utf8') };
}

/**
 * Reads and checks a variant file. A PO file without an `X-Pipette-Variant` header is named
 * after the file, made into a valid id. Throws an InputError only when the file can't be read.
 */
export function checkVariantFile(path: string): WordingCheck {
  const extension = extname(path);
  const isPo = extension.toLowerCase() === '.po';
  const decoded = decode(readBounded(path, MAX_VARIANT_BYTES), isPo);
  if ('refused' in decoded) return decoded.refused;
  return isPo ? variantFromPo(decoded.text, variantIdFrom(basename(path, extension), 'translated')) : parseWordingFile(decoded.text);
}
