/**
 * Which indexes a command reads when files name indexes, as pip 23.2 decides
 * (`pip/_internal/req/req_file.py`, `handle_option_line`): the command line's `--index-url` (or
 * PyPI) and `--extra-index-url`s come first; then each index option of the files, in the order
 * pip reads them (constraints files named with `-c` first, then the requirements files, a named
 * file's lines in place of the line naming it), changes them: `--index-url` replaces every index
 * so far, `--extra-index-url` adds one, `--no-index` leaves none, and nothing after it adds one.
 */
import type { IndexOptionLine } from '../core/index.ts';
import { redactLogins } from '../sources/credentials.ts';
import { DEFAULT_INDEX_URL } from '../sources/simple-client.ts';

/** An index option of a file, with the file. */
export interface FileIndexOption extends IndexOptionLine {
  readonly file: string;
}

export interface IndexChoice {
  /** The main index; null when none was named anywhere (then there is no live index). */
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
  /** Where `--no-index` was read (`FILE:LINE`), or null. */
  readonly noIndexAt: string | null;
  /** What the files changed that the command line had asked for, for a note (logins masked). */
  readonly notes: readonly string[];
}

export function chooseIndexes(commandLine: { readonly indexUrl: string | null; readonly extraIndexUrls: readonly string[] }, options: readonly FileIndexOption[]): IndexChoice {
  // pip starts from PyPI when no --index-url is given; Pipette reads no live index unless one is named.
  let indexUrl = commandLine.indexUrl;
  let named = commandLine.indexUrl !== null || commandLine.extraIndexUrls.length > 0;
  let extraIndexUrls = [...commandLine.extraIndexUrls];
  let noIndexAt: string | null = null;
  const notes: string[] = [];
  for (const option of options) {
    const where = `${option.file}:${option.line}`;
    if (noIndexAt !== null) continue;
    if (option.option === 'no-index') {
      noIndexAt = where;
      indexUrl = null;
      extraIndexUrls = [];
      continue;
    }
    const url = option.url!;
    if (option.option === 'index-url') {
      const replaced = named ? [indexUrl ?? DEFAULT_INDEX_URL, ...extraIndexUrls] : [];
      if (replaced.length > 0 && !(replaced.length === 1 && replaced[0] === url)) {
        notes.push(`note: ${where}: --index-url ${redactLogins(url)} replaces the indexes named before it (${replaced.map(redactLogins).join(', ')}), as in pip`);
      }
      indexUrl = url;
      extraIndexUrls = [];
    } else {
      extraIndexUrls.push(url);
    }
    named = true;
  }
  if (named && noIndexAt === null && indexUrl === null) indexUrl = DEFAULT_INDEX_URL;
  extraIndexUrls = [...new Set(extraIndexUrls)].filter((url) => url !== indexUrl);
  return { indexUrl: named || noIndexAt !== null ? indexUrl : null, extraIndexUrls, noIndexAt, notes };
}
