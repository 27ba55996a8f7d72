// The CLI's file reading: ASCII files (nearly every snapshot) are read without decoding, and must
// come out exactly as UTF-8 decoding gives them; anything else is decoded as UTF-8.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, readText } from '../../../src/cli/files.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipette-read-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a text file', () => {
  it.each([
    ['ASCII', '{"projects": {"requests": {}}}\n'],
    ['UTF-8 with accents and emoji', '{"source": "Zoë’s index 🙂"}'],
    ['a byte-order mark', '\uFEFF{"a": 1}'],
    ['empty', ''],
  ])('%s: as UTF-8 decoding reads it', (_, text) => {
    const path = join(dir, `${text.length}.json`);
    writeFileSync(path, text, 'utf8');
    expect(readText(path)).toBe(readFileSync(path, 'utf8'));
    expect(readText(path)).toBe(text);
  });

  it('invalid UTF-8 comes out as UTF-8 decoding gives it (replacement characters), not as Latin-1', () => {
    const path = join(dir, 'latin1.txt');
    writeFileSync(path, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(readText(path)).toBe('caf\uFFFD');
  });

  it('reads UTF-16 with its byte-order mark, as PowerShell writes `pip freeze > requirements.txt`', () => {
    const text = 'six==1.16.0\r\nZoë==1.0\r\n';
    const le = join(dir, 'utf16le.txt');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(readText(le)).toBe(text);
    const be = join(dir, 'utf16be.txt');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    expect(readText(be)).toBe(text);
  });

  it('refuses a file over its limit, and a missing file, by name', () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, 'x'.repeat(100));
    expect(() => readText(path, 10)).toThrow(InputError);
    expect(() => readText(join(dir, 'absent.json'))).toThrow(/no such file/);
  });
});
