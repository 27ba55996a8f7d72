import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, ByteFormatError, utf8Decode, utf8Encode } from '../../../src/core/export/bytes.ts';

describe('utf8Encode and utf8Decode', () => {
  it('agree with TextEncoder and TextDecoder on any well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const bytes = utf8Encode(text);
        expect(bytes).toEqual(new TextEncoder().encode(text));
        expect(utf8Decode(bytes)).toBe(text);
      }),
    );
  });

  it('writes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(utf8Encode('a\ud800b')).toEqual(new TextEncoder().encode('a\ud800b'));
    expect(utf8Decode(utf8Encode('\udc00'))).toBe('\ufffd');
  });

  it('decodes long text in pieces without overflowing the stack', () => {
    const text = 'é'.repeat(100_000);
    expect(utf8Decode(utf8Encode(text))).toBe(text);
  });

  it.each([
    ['a stray continuation byte', [0x80]],
    ['an overlong form of "/"', [0xc0, 0xaf]],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a character cut short', [0x61, 0xe2, 0x82]],
    ['a broken continuation', [0xe2, 0x28, 0xa1]],
  ])('rejects %s', (_, bytes) => {
    expect(() => utf8Decode(Uint8Array.from(bytes))).toThrow(ByteFormatError);
  });
});

describe('base64urlEncode and base64urlDecode', () => {
  it('agree with Node’s base64url on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(text)).toEqual(bytes);
      }),
    );
  });

  it('uses only URL-safe characters and no padding', () => {
    expect(base64urlEncode(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(base64urlEncode(Uint8Array.from([1]))).toBe('AQ');
  });

  it.each([
    ['a character outside the alphabet', 'ab+d', /character 3 \("\+"\) is not base64url/],
    ['padding', 'AQ==', /character 3 \("="\) is not base64url/],
    ['a length no bytes can have', 'AQIDB', /cannot be base64url/],
    ['leftover bits set', 'AR', /bits set/],
  ])('rejects %s', (_, text, why) => {
    expect(() => base64urlDecode(text)).toThrow(why);
  });
});
