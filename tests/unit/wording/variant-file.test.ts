/**
 * A variant file from its bytes, as the CLI and the page's import both read it: PO files by
 * their declared charset, bytes that are no text refused at their line, ids made from file names.
 */
import { describe, expect, it } from 'vitest';
import { readVariantFile } from '../../../src/core/index.ts';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(text, encoding));

function po(charset: string, translation: string): string {
  return ['msgid ""', 'msgstr ""', `"Content-Type: text/plain; charset=${charset}\\n"`, '"Language: fr\\n"', '', 'msgctxt "pip|conflict.caused"', 'msgid "The conflict is caused by:"', `msgstr "${translation}"`, ''].join('\n');
}

describe('readVariantFile', () => {
  it('decodes a PO file by the charset its header declares', () => {
    const check = readVariantFile('Français.po', bytes(po('ISO-8859-1', 'Le conflit est causé par :'), 'latin1'));
    expect(check.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(check.variant?.templates.pip?.['conflict.caused']).toBe('Le conflit est causé par :');
    expect(check.variant?.id).toBe('francais');
  });

  it('refuses bytes that are not valid UTF-8 at their line, rather than replacing them', () => {
    const check = readVariantFile('fr.po', bytes(po('UTF-8', 'Le conflit est caus\u00e9 par :'), 'latin1'));
    expect(check.variant).toBeNull();
    expect(check.issues).toEqual([expect.objectContaining({ severity: 'error', path: 'line 8', message: expect.stringContaining('not valid UTF-8') })]);
    expect(readVariantFile('v.json', new Uint8Array([0x7b, 0xff, 0x7d])).issues[0]).toMatchObject({ path: 'line 1', message: 'not valid UTF-8; save it as UTF-8' });
  });

  it('refuses a charset it cannot decode, at the line of the header', () => {
    expect(readVariantFile('x.po', bytes(po('KOI8-Q', 'x'))).issues[0]).toMatchObject({ path: 'line 3', message: expect.stringContaining('"KOI8-Q" is not one Pipette can read') });
  });

  it('reads JSON with a byte-order mark, UTF-8 or UTF-16', () => {
    const json = JSON.stringify({ format: 'pipette-wording/1', id: 'bom', name: 'Bom' });
    expect(readVariantFile('a.json', bytes(`\ufeff${json}`)).variant?.id).toBe('bom');
    expect(readVariantFile('a.json', new Uint8Array([0xff, 0xfe, ...Buffer.from(json, 'utf16le')])).variant?.id).toBe('bom');
  });
});
