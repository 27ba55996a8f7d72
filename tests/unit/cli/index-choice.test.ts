/**
 * Which indexes a command reads when files name indexes, against what pip 23.2.1 printed as
 * "Looking in indexes:" for the same command lines and files (run here with unreachable URLs,
 * `--dry-run`, pip's own configuration aside).
 */
import { describe, expect, it } from 'vitest';
import { chooseIndexes, type FileIndexOption } from '../../../src/cli/index-choice.ts';

const A = 'http://127.0.0.1:9/cmdline/';
const EXTRA = 'http://127.0.0.1:9/cmdextra/';
const FILE_INDEX = 'http://127.0.0.1:9/fromfile/';
const CONSTRAINT_EXTRA = 'http://127.0.0.1:9/fromconstraint/';

const option = (file: string, line: number, kind: FileIndexOption['option'], url: string | null = null): FileIndexOption => ({ file, line, column: 1, option: kind, url });

describe('chooseIndexes, as pip 23.2.1 chose', () => {
  it('`--index-url A --extra-index-url E -c c.txt -r req.txt`: the file replaces all before it', () => {
    // c.txt: --extra-index-url CONSTRAINT_EXTRA; req.txt: --index-url FILE_INDEX. pip: "Looking in indexes: FILE_INDEX".
    const choice = chooseIndexes({ indexUrl: A, extraIndexUrls: [EXTRA] }, [option('c.txt', 1, 'extra-index-url', CONSTRAINT_EXTRA), option('req.txt', 1, 'index-url', FILE_INDEX)]);
    expect(choice).toMatchObject({ indexUrl: FILE_INDEX, extraIndexUrls: [], noIndexAt: null });
    expect(choice.notes).toEqual([`note: req.txt:1: --index-url ${FILE_INDEX} replaces the indexes named before it (${A}, ${EXTRA}, ${CONSTRAINT_EXTRA}), as in pip`]);
  });

  it('`--extra-index-url E -r req3.txt` (--index-url, then -c c.txt): the constraint file’s extra index after it stays', () => {
    // pip: "Looking in indexes: FILE_INDEX, CONSTRAINT_EXTRA".
    const choice = chooseIndexes({ indexUrl: null, extraIndexUrls: [EXTRA] }, [option('req3.txt', 1, 'index-url', FILE_INDEX), option('c.txt', 1, 'extra-index-url', CONSTRAINT_EXTRA)]);
    expect(choice).toMatchObject({ indexUrl: FILE_INDEX, extraIndexUrls: [CONSTRAINT_EXTRA] });
  });

  it('`--index-url A -r req4.txt` (--extra-index-url): added after the command line’s', () => {
    expect(chooseIndexes({ indexUrl: A, extraIndexUrls: [] }, [option('req4.txt', 1, 'extra-index-url', 'http://127.0.0.1:9/e/')])).toMatchObject({ indexUrl: A, extraIndexUrls: ['http://127.0.0.1:9/e/'], notes: [] });
  });

  it('an extra index alone reads PyPI as the main index; nothing named reads no live index', () => {
    expect(chooseIndexes({ indexUrl: null, extraIndexUrls: [] }, [option('r.txt', 3, 'extra-index-url', EXTRA)])).toMatchObject({ indexUrl: 'https://pypi.org/simple/', extraIndexUrls: [EXTRA] });
    expect(chooseIndexes({ indexUrl: null, extraIndexUrls: [] }, [])).toMatchObject({ indexUrl: null, extraIndexUrls: [] });
  });

  it('--no-index leaves no index, and nothing after it adds one', () => {
    const choice = chooseIndexes({ indexUrl: A, extraIndexUrls: [] }, [option('r.txt', 2, 'no-index'), option('r.txt', 3, 'index-url', FILE_INDEX)]);
    expect(choice).toMatchObject({ indexUrl: null, extraIndexUrls: [], noIndexAt: 'r.txt:2' });
  });

  it('masks a login in its note', () => {
    const choice = chooseIndexes({ indexUrl: 'https://ci:secret@private.example/simple/', extraIndexUrls: [] }, [option('r.txt', 1, 'index-url', FILE_INDEX)]);
    expect(choice.notes.join('\n')).not.toContain('secret');
    expect(choice.notes[0]).toContain('https://ci:****@private.example/simple/');
  });
});
