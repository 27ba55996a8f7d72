// Which of an index's file hashes reach the exports: pip 23.2's hash functions, with a hex
// digest of the right length; anything else is left out, and nothing fails because of it.
import { describe, expect, it } from 'vitest';
import { SUPPORTED_HASHES, wellFormedHashes } from '../../../src/core/index.ts';

const SHA256 = 'ccc7b99a56aa02619b924e1858507b1cbc3c984ec712357eab190a9b41c4da7c';
const hex = (length: number) => 'ab'.repeat(length / 2);

describe('wellFormedHashes', () => {
  it.each([
    ['a sha256', { sha256: SHA256 }, { sha256: SHA256 }],
    ['every function pip 23.2 knows', Object.fromEntries([...SUPPORTED_HASHES].map(([name, length]) => [name, hex(length)])), Object.fromEntries([...SUPPORTED_HASHES].map(([name, length]) => [name, hex(length)]))],
    ['upper case, lower-cased', { SHA256: SHA256.toUpperCase() }, { sha256: SHA256 }],
    ['nothing', {}, {}],
    ['an unknown function (blake2b_256, sha3_256)', { blake2b_256: SHA256, sha3_256: SHA256, sha256: SHA256 }, { sha256: SHA256 }],
    ['a digest too short', { sha256: 'abc' }, {}],
    ['a digest of another length (a sha1 named sha256)', { sha256: hex(40) }, {}],
    ['a digest that is not hex', { sha256: `${SHA256.slice(0, 63)}g` }, {}],
    ['an empty digest', { sha256: '' }, {}],
    ['spaces around the digest', { sha256: ` ${SHA256}` }, {}],
    ['an absurdly long digest', { sha256: 'a'.repeat(1_000_000) }, {}],
    ['a digest that is not a string', { sha256: 64, sha512: null, md5: ['x'] }, {}],
    ['a __proto__ key', JSON.parse(`{"__proto__": "${SHA256}", "sha1": "${hex(40)}"}`) as Record<string, unknown>, { sha1: hex(40) }],
  ])('%s', (_what, given, kept) => {
    const hashes = wellFormedHashes(given);
    expect(hashes).toEqual(kept);
    expect(Object.getPrototypeOf(hashes)).toBe(Object.prototype);
  });

  it('keeps the order the index gave (pip writes the first in its report), and the first spelling of a name', () => {
    const hashes = wellFormedHashes({ md5: hex(32), sha512: hex(128), sha256: SHA256, SHA256: hex(64) });
    expect(Object.keys(hashes)).toEqual(['md5', 'sha512', 'sha256']);
    expect(hashes.sha256).toBe(SHA256);
  });
});
