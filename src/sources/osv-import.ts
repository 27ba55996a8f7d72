/**
 * Importing OSV advisories from files: one file (an `osv-list/1` document, a list of records,
 * or one record) or a folder of them, as PyPA's advisory database and osv.dev's exports come.
 * Works on anything with a name and text (a browser File, a file read in Node). Limits on
 * size and count keep a hostile folder from filling memory; a file that can't be read is
 * named with why, and the others still count.
 */
import { mergeAdvisories, OsvError, parseOsvText, type Advisory, type OsvProblem } from '../core/index.ts';

export const MAX_OSV_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_OSV_FILES = 20_000;
export const MAX_OSV_TOTAL_BYTES = 128 * 1024 * 1024;

export interface OsvFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

export interface OsvImport {
  readonly advisories: Advisory[];
  /** Files read (those with at least one record). */
  readonly files: number;
  /** Files or records skipped, with where and why. */
  readonly problems: OsvProblem[];
}

/** Reads OSV files; only `.json` files count when a folder is given (YAML is not read). */
export async function importOsvFiles(files: readonly OsvFile[]): Promise<OsvImport> {
  const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const problems: OsvProblem[] = files
    .filter((f) => !f.name.toLowerCase().endsWith('.json'))
    .slice(0, 20)
    .map((f) => ({ path: f.name, message: `${f.name}: skipped: only OSV JSON files are read (.json)` }));
  if (json.length > MAX_OSV_FILES) throw new OsvError('', `${json.length} files is more than the ${MAX_OSV_FILES} Pipette imports at once`);
  const total = json.reduce((n, f) => n + f.size, 0);
  if (total > MAX_OSV_TOTAL_BYTES) throw new OsvError('', `${total} bytes of advisories is more than the ${MAX_OSV_TOTAL_BYTES} Pipette imports at once`);
  const sets: Advisory[][] = [];
  let read = 0;
  for (const file of json) {
    if (file.size > MAX_OSV_FILE_BYTES) {
      problems.push({ path: file.name, message: `${file.name}: ${file.size} bytes, over the limit of ${MAX_OSV_FILE_BYTES}`, wholeFile: true });
      continue;
    }
    try {
      const result = parseOsvText(await file.text(), file.name);
      sets.push(result.advisories);
      problems.push(...result.problems);
      if (result.advisories.length) read++;
    } catch (error) {
      if (!(error instanceof OsvError)) throw error;
      problems.push({ path: file.name, message: error.message, wholeFile: true });
    }
  }
  return { advisories: mergeAdvisories(...sets), files: read, problems };
}
