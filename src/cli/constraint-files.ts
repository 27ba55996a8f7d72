/**
 * The constraints files of one command (`-c FILE`, and `-c` lines of -r files), each read once for
 * everything the command takes from it: its constraints, its index options and `--pre`. A pipe
 * (`-c <(cmd)`, `-c /dev/stdin`) can be read only once: read a second time it was empty, and its
 * constraints were dropped without a word.
 */
import { resolve as resolvePath } from 'node:path';
import { parseConstraints, type Constraint, type FileReference } from '../core/index.ts';
import { environmentVariable, readText } from './files.ts';
import { at, readFollowing } from './followed-files.ts';
import type { FileIndexOption } from './index-choice.ts';

const MAX_FILE = 1024 * 1024;

export class ConstraintFileReader {
  /** Every constraint read, in the order pip reads the files. */
  readonly constraints: Constraint[] = [];
  /** Errors as `FILE:LINE:COLUMN: error: …`; the caller stops the command on any. */
  readonly errors: string[] = [];
  /** Whether some file says `--pre`. */
  pre = false;
  /** Files read already (by absolute path): one named again adds nothing more. */
  private readonly read = new Set<string>();

  /** Reads `paths` and the files they name; returns their index options in the order pip reads them. Warnings go to `warn`. */
  readFiles(paths: readonly string[], warn: (line: string) => void): FileIndexOption[] {
    const options: FileIndexOption[] = [];
    readFollowing(paths, 'constraints', (file, follow) => {
      const key = resolvePath(file);
      if (this.read.has(key)) return;
      this.read.add(key);
      const parsed = parseConstraints(readText(file, MAX_FILE), file, { follow: true, environment: environmentVariable });
      for (const problem of parsed.problems) {
        const line = `${at(file, problem)}: ${problem.severity}: ${problem.message}`;
        if (problem.severity === 'error') this.errors.push(line);
        else warn(line);
      }
      this.constraints.push(...parsed.constraints);
      this.pre ||= parsed.pre;
      // Index options and named files in line order: a named file's options come at its line.
      const items: { line: number; option: FileIndexOption | null; ref: FileReference | null }[] = [
        ...parsed.indexOptions.map((option) => ({ line: option.line, option: { ...option, file }, ref: null })),
        ...parsed.files.map((ref) => ({ line: ref.line, option: null, ref })),
      ].sort((a, b) => a.line - b.line);
      for (const item of items) {
        if (item.option) options.push(item.option);
        else follow(item.ref!);
      }
    });
    return options;
  }
}
