/** Files read for the suite and advisory imports: each left out is named with why, never dropped in silence or read with U+FFFD. */
import { describe, expect, it } from 'vitest';
import { readTextFiles } from '../../../src/ui/state/text-file.ts';

describe('readTextFiles', () => {
  it('reads the wanted files, names those over the limit or not UTF-8, and skips other kinds', async () => {
    const files = [
      new File(['name = "ok"\n'], 'ok.toml'),
      new File([new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d])], 'latin1.json'),
      new File(['x'.repeat(2000)], 'big.json'),
      new File(['# notes'], 'README.md'),
    ];
    const { texts, refused } = await readTextFiles(files, /\.(toml|json)$/i, 1000);
    expect(texts).toEqual([{ name: 'ok.toml', text: 'name = "ok"\n' }]);
    expect(refused).toEqual(['latin1.json: not UTF-8 text (the bytes at 3 are not a character)', 'big.json: 2000 bytes, over the limit of 1000']);
  });
});
