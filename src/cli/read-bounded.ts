/**
 * Reading a file the user named, within a size limit, with an error that says what went wrong.
 *
 * A file's stated size is not enough to enforce the limit: `/dev/zero` and a FIFO (`-r <(cmd)`)
 * state 0 and `/dev/zero` never ends, so the bytes are counted as they come and the read stops
 * one byte past the limit. A regular file is read in one call, as before.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { InputError } from './input-error.ts';

/** What Node's file errors mean to someone who typed the path. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EISDIR: 'a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  ENXIO: 'not a file that can be read',
};

/** Further errors of writing a file (--out, --csv, --junit, a data folder). */
const WRITE_ERRORS: Readonly<Record<string, string>> = {
  EROFS: 'on a read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'already exists',
};

/**
 * What a file error of Node's that escaped to the top means, as `PATH: reason`, or null when it
 * is not one: whether it came from reading or writing is not known there, so a missing path is
 * "no such file or folder".
 */
export function fileSystemProblem(error: unknown): string | null {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof path !== 'string') return null;
  const reason = reasonOf(code, 'no such file or folder');
  return reason ? `${path}: ${reason}` : null;
}

/** What an error code of reading or writing means; `missing` says what ENOENT means where it came from. */
function reasonOf(code: string, missing: string): string | undefined {
  return code === 'ENOENT' ? missing : (FILE_ERRORS[code] ?? WRITE_ERRORS[code]);
}

/**
 * An InputError for a file error of Node's: in words for the common ones, else with the
 * system's own code and words (EIO reading /proc/self/mem), never as an internal error.
 */
export function fileError(path: string, error: unknown): unknown {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const reason = FILE_ERRORS[code ?? ''];
  if (reason) return new InputError(`${path}: ${reason}`);
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return new InputError(`${path}: could not be ${syscall === 'open' ? 'opened' : 'read'} (${code})`);
  return error;
}

/**
 * Writes `text` to the file the user named for output (`--out`). Node's write errors carry no
 * path (ENOSPC on /dev/full), so the path is put back here, with what the error means.
 */
export function writeOutput(path: string, text: string | Iterable<string>): void {
  let fd: number | null = null;
  try {
    if (typeof text === 'string') writeFileSync(path, text);
    else {
      // In pieces: an export can be longer than the longest string V8 makes.
      fd = openSync(path, 'w');
      for (const piece of text) writeSync(fd, piece);
    }
  } catch (error) {
    const reason = reasonOf((error as NodeJS.ErrnoException | null)?.code ?? '', 'no such folder');
    throw reason ? new InputError(`${path}: ${reason}`) : error;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Opens `path` for reading; file errors become InputErrors (fileError). */
export function openForReading(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
}

/** The error for a file over `limit` bytes (`size` when known). */
export function overLimit(path: string, limit: number, size?: number): InputError {
  return new InputError(size === undefined ? `${path}: more than ${limit} bytes, over the limit of ${limit}` : `${path}: ${size} bytes, over the limit of ${limit}`);
}

/** The whole of the open file `fd` (`stats` its fstat), at most `limit` bytes. */
export function readOpenFile(fd: number, path: string, stats: Stats, limit: number): Buffer {
  if (stats.isDirectory()) throw new InputError(`${path}: ${FILE_ERRORS.EISDIR}`);
  if (stats.size > limit) throw overLimit(path, limit, stats.size);
  try {
    // A regular file in one read of its size (plus a byte, to notice one that grew); anything
    // else, or a file still growing, in chunks until it ends or passes the limit.
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stats.isFile() && stats.size > 0 ? stats.size + 1 : 64 * 1024));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw overLimit(path, limit);
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > limit) throw overLimit(path, limit);
    return length === buffer.length ? buffer : buffer.subarray(0, length);
  } catch (error) {
    throw fileError(path, error);
  }
}

/** The whole of the file at `path`, at most `limit` bytes; a clear InputError otherwise. */
export function readBounded(path: string, limit: number): Buffer {
  const fd = openForReading(path);
  try {
    let stats: Stats;
    try {
      stats = fstatSync(fd);
    } catch (error) {
      throw fileError(path, error);
    }
    return readOpenFile(fd, path, stats, limit);
  } finally {
    closeSync(fd);
  }
}
