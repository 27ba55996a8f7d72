/**
 * Files that name other files, read as pip reads them: `-r` lines in requirements files, `-c`
 * and `-r` lines in constraints files, `-r` lines in overrides files. A named file is relative to
 * the file naming it; each file is read once (one that names itself, or one named twice, adds
 * nothing more); a command reads at most MAX_FOLLOWED_FILES of a kind.
 */
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { FileReference } from '../core/index.ts';
import { InputError } from './input-error.ts';

export const MAX_FOLLOWED_FILES = 100;

/** Where a problem of a file is: `FILE:LINE:COLUMN`, or `FILE` alone for one placed by a JSON path (line 0: pip inspect, pip list). */
export function at(path: string, problem: { readonly line: number; readonly column: number }): string {
  return problem.line > 0 ? `${path}:${problem.line}:${problem.column}` : path;
}

/**
 * Calls `read` on each of `paths`, and on every file a read follows: `read` calls `follow` where
 * the named file's contents belong (a requirements file's, in place of its `-r` line).
 */
export function readFollowing(paths: readonly string[], kind: string, read: (path: string, follow: (ref: FileReference) => void) => void): void {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    const key = resolvePath(path);
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > MAX_FOLLOWED_FILES) throw new InputError(`${path}: more than ${MAX_FOLLOWED_FILES} ${kind} files through the lines that name them`);
    read(path, (ref) => visit(isAbsolute(ref.path) ? ref.path : join(dirname(path), ref.path)));
  };
  for (const path of paths) visit(path);
}
