/**
 * UTF-8 and base64url (RFC 4648 §5, without padding) by hand: the core's lib is ES2022 only,
 * with no TextEncoder or btoa, and the same code must run in the worker, the page and Node.
 * Decoding is strict, so a damaged link is reported rather than half-read.
 */

export class ByteFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ByteFormatError';
  }
}

export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    // A lone surrogate cannot be written in UTF-8: U+FFFD, as TextEncoder does.
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) {
      out[n++] = code;
    } else if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** Strict UTF-8: overlong forms, surrogates, out-of-range code points and cut-off sequences are errors. */
export function utf8Decode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let units: number[] = [];
  const flush = () => {
    parts.push(String.fromCharCode(...units));
    units = [];
  };
  for (let i = 0; i < bytes.length; ) {
    const first = bytes[i]!;
    let length: number;
    let code: number;
    let minimum: number;
    if (first < 0x80) {
      units.push(first);
      i++;
      if (units.length >= 8192) flush();
      continue;
    } else if (first >= 0xc2 && first <= 0xdf) {
      [length, code, minimum] = [2, first & 0x1f, 0x80];
    } else if (first >= 0xe0 && first <= 0xef) {
      [length, code, minimum] = [3, first & 0x0f, 0x800];
    } else if (first >= 0xf0 && first <= 0xf4) {
      [length, code, minimum] = [4, first & 0x07, 0x10000];
    } else {
      throw new ByteFormatError(`byte ${i} (0x${first.toString(16)}) cannot start a UTF-8 character`);
    }
    if (i + length > bytes.length) throw new ByteFormatError(`the text ends inside a UTF-8 character at byte ${i}`);
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) throw new ByteFormatError(`byte ${i + k} does not continue the UTF-8 character at byte ${i}`);
      code = (code << 6) | (next & 0x3f);
    }
    if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new ByteFormatError(`the UTF-8 character at byte ${i} is not a valid code point`);
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
    } else {
      units.push(code);
    }
    i += length;
    if (units.length >= 8192) flush();
  }
  flush();
  return parts.join('');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

/** base64url without padding: safe in a URL fragment as it is. */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict base64url: only the 64 URL-safe characters, no padding, no impossible length or trailing bits. */
export function base64urlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ByteFormatError(`${text.length} characters cannot be base64url (the text looks cut short)`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let n = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const value = VALUES.get(text[i]!);
    if (value === undefined) {
      throw new ByteFormatError(`character ${i + 1} (${JSON.stringify(text[i])}) is not base64url`);
    }
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >> bits) & 0xff;
    }
  }
  // The bits left over must be zero, or two texts would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new ByteFormatError('the last character has bits set that no byte uses');
  return out.slice(0, n);
}
