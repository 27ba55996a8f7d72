/** Reading OSV advisories from paths on disk (a file or a folder) for the CLI. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { importOsvFiles, MAX_OSV_FILE_BYTES, type OsvFile, type OsvImport } from '../sources/osv-import.ts';
import { InputError } from './files.ts';
import { readBounded } from './read-bounded.ts';

function filesUnder(path: string, out: OsvFile[], depth = 0): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (stat.isDirectory()) {
    if (depth > 4) return;
    for (const entry of readdirSync(path).sort()) filesUnder(join(path, entry), out, depth + 1);
    return;
  }
  // Inside a folder, only regular files: a FIFO there would be waited on (one named directly is read).
  if (depth > 0 && !stat.isFile()) return;
  out.push({ name: path, size: stat.size, text: async () => readBounded(path, MAX_OSV_FILE_BYTES).toString('utf8') });
}

/** Advisories from every path (files, or folders read recursively for `.json` files). */
export async function readAdvisoryPaths(paths: readonly string[]): Promise<OsvImport> {
  const files: OsvFile[] = [];
  for (const path of paths) filesUnder(path, files);
  try {
    return await importOsvFiles(files);
  } catch (error) {
    if (error instanceof InputError) throw error; // a file that could not be read names itself
    throw new InputError(`${paths.join(', ')}: ${(error as Error).message}`);
  }
}

/**
 * Why the audit can't go on, or null: an advisory file named on the command line that can't
 * be used at all. One broken file inside a folder (a database of thousands) is a warning.
 */
export function unusableNamedFiles(paths: readonly string[], imported: Pick<OsvImport, 'problems'>): string | null {
  const unusable = imported.problems.filter((p) => p.wholeFile && paths.includes(p.path));
  return unusable.length === 0 ? null : `the advisory files given could not be used:${unusable.slice(0, 10).map((p) => `\n  ${p.message}`).join('')}`;
}
