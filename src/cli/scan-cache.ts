/**
 * Where each project lies in a large snapshot file, remembered between runs of the CLI. The
 * first lazy read of a file scans all of it (snapshot-scan.ts: it checks the whole text is JSON
 * and notes each project's span); the answer is kept in the user's cache folder under the
 * file's path, stamped with its size, times and inode, and a later run over the unchanged file
 * takes the spans instead of scanning again (on the 9 MB snapshot, most of the load).
 *
 * An ASCII file (nearly every snapshot) is not even read whole on a later run: its offsets in
 * the text are offsets in its bytes, so each project a resolve asks for is read from the file
 * on its own (rememberedScan, spanReader): a resolve on the 9 MB snapshot reads a few hundred kB.
 *
 * Nothing stored is trusted: an entry of another format, for another file or stamp, with spans
 * outside the text or not framing a value, is a miss, and the file is scanned as if there were
 * no cache (a span read from the file that does not frame a value is found only when it is read:
 * the entry is then removed and the run stops, asking to be run again). Writing is best-effort
 * (a read-only home just scans every time).
 *
 * The folder: PIPETTE_CACHE_DIR, else $XDG_CACHE_HOME/pipette, else ~/.cache/pipette;
 * PIPETTE_CACHE_DIR=off turns the cache off.
 */
import { isAscii } from 'node:buffer';
import { fstatSync, mkdirSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { scanSnapshotText, SnapshotError, type ScannedSnapshot, type Span } from '../core/index.ts';
import { readBounded } from './read-bounded.ts';

const FORMAT = 'pipette-snapshot-scan/2';
/** Below this a scan takes a millisecond or two: not worth a file. */
export const SCAN_CACHE_MIN_CHARACTERS = 256 * 1024;
/** The largest entry read (or the snapshot's own size, when larger). */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
/** Entries kept; the least recently written go first. */
const MAX_ENTRIES = 32;

/** The folder of remembered scans, or null when the cache is off. */
export function scanCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.PIPETTE_CACHE_DIR;
  if (chosen === 'off') return null;
  if (chosen) return join(chosen, 'snapshot-scans');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pipette', 'snapshot-scans');
}

/** The folder asked for (null: none), else scanCacheDir(), or null (no cache) where no home folder can be found. */
function cacheDirOr(chosen: string | null | undefined): string | null {
  if (chosen !== undefined) return chosen;
  try {
    return scanCacheDir();
  } catch {
    return null;
  }
}

interface StoredScan {
  readonly format: string;
  readonly file: string;
  readonly stamp: string;
  readonly length: number;
  /** The file is ASCII: offsets in its text are offsets in its bytes. */
  readonly ascii: boolean;
  readonly root: Record<string, unknown>;
  readonly names: readonly string[];
  /** start, end of each name's value, in turn. */
  readonly spans: readonly number[];
}

/** What changes whenever the file's content may have: size, modification and change times, inode. */
function stampOf(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}:${stats.dev}`;
}

/** Two FNV-1a hashes of the path, as the entry's file name. */
function entryName(file: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}.json`;
}

/**
 * The scanner for `file` (an absolute path) as it was when `stats` were taken (before its text
 * was read): the remembered spans when they are for this very file, else a scan, remembered.
 * `cacheDir` defaults to scanCacheDir(); null turns the cache off. `ascii`: the file's bytes are
 * all ASCII, so that a later run may read its projects from the file (rememberedScan).
 */
export function cachedScanner(file: string, stats: Stats, cacheDir?: string | null, ascii = false): (text: string) => ScannedSnapshot | null {
  return (text) => {
    if (text.length < SCAN_CACHE_MIN_CHARACTERS) return scanSnapshotText(text);
    const dir = cacheDirOr(cacheDir);
    if (dir === null) return scanSnapshotText(text);
    const entry = join(dir, entryName(file));
    const stamp = stampOf(stats);
    const remembered = readEntry(entry, file, stamp, text);
    if (remembered) return remembered;
    const scanned = scanSnapshotText(text);
    if (scanned) writeEntry(dir, entry, { format: FORMAT, file, stamp, length: text.length, ascii, root: scanned.root, ...flatten(scanned.projects) });
    return scanned;
  };
}

/**
 * The remembered scan of an ASCII `file` as it is now (`stats` from the open file), for reading
 * its projects from the file with spanReader; null when there is none to take (the file is then
 * read whole and scanned, or its scan taken, by cachedScanner).
 */
export function rememberedScan(file: string, stats: Stats, cacheDir?: string | null): ScannedSnapshot | null {
  if (stats.size < SCAN_CACHE_MIN_CHARACTERS) return null;
  const dir = cacheDirOr(cacheDir);
  if (dir === null) return null;
  const stored = storedScan(join(dir, entryName(file)), file, stampOf(stats), stats.size);
  if (stored?.ascii !== true) return null;
  return spansOf(stored, stats.size, () => true);
}

/**
 * Reads the text of a span of the open file `fd` (an ASCII file of rememberedScan, `stats` taken
 * when it was opened). A file changed since, or a span that does not frame a value or is not
 * ASCII (a damaged entry: it is removed), stops the run with an error that says so.
 */
export function spanReader(fd: number, file: string, stats: Stats, cacheDir?: string | null): (span: Span) => string {
  const stamp = stampOf(stats);
  const changed = () => new SnapshotError('', 'the file changed while it was being read; run again', file);
  return ({ start, end }) => {
    if (stampOf(fstatSync(fd)) !== stamp) throw changed();
    const bytes = Buffer.allocUnsafe(end - start);
    for (let done = 0; done < bytes.length; ) {
      const read = readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) throw changed();
      done += read;
    }
    const text = bytes.toString('latin1');
    if (!isAscii(bytes) || !framesValue(text, 0, text.length)) {
      const dir = cacheDirOr(cacheDir);
      if (dir !== null) rmSync(join(dir, entryName(file)), { force: true });
      throw new SnapshotError('', `the remembered scan of this file (in ${dir}) does not match it and is removed; run again`, file);
    }
    return text;
  };
}

function flatten(projects: ReadonlyMap<string, Span>): { names: string[]; spans: number[] } {
  const names: string[] = [];
  const spans: number[] = [];
  for (const [name, span] of projects) {
    names.push(name);
    spans.push(span.start, span.end);
  }
  return { names, spans };
}

const CLOSING: Readonly<Record<string, string>> = { '{': '}', '[': ']', '"': '"' };
/** How a number, true, false or null starts. */
const VALUE_START = /[-0-9tfn]/;

/** The stored scan when it is for this file, stamp and text, and every span frames a value; else null. */
function readEntry(entry: string, file: string, stamp: string, text: string): ScannedSnapshot | null {
  const stored = storedScan(entry, file, stamp, text.length);
  return stored && spansOf(stored, text.length, (start, end) => framesValue(text, start, end));
}

/** The entry when it is one of ours, for this file, stamp and length; else null. */
function storedScan(entry: string, file: string, stamp: string, length: number): StoredScan | null {
  let stored: StoredScan;
  try {
    // An entry lists names and offsets, far smaller than its snapshot: anything larger is not ours.
    stored = JSON.parse(readBounded(entry, Math.max(MAX_ENTRY_BYTES, length)).toString('utf8')) as StoredScan;
  } catch {
    return null;
  }
  if (typeof stored !== 'object' || stored === null) return null;
  if (stored.format !== FORMAT || stored.file !== file || stored.stamp !== stamp || stored.length !== length) return null;
  return stored;
}

/** The stored spans, when each is well formed, within `length` and `frames`; else null. */
function spansOf(stored: StoredScan, length: number, frames: (start: number, end: number) => boolean): ScannedSnapshot | null {
  const { root, names, spans } = stored;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  if (!Array.isArray(names) || !Array.isArray(spans) || spans.length !== names.length * 2) return null;
  const projects = new Map<string, Span>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const start = spans[2 * i];
    const end = spans[2 * i + 1];
    if (typeof name !== 'string' || !Number.isInteger(start) || !Number.isInteger(end)) return null;
    if (start < 0 || end <= start || end > length || !frames(start, end)) return null;
    projects.set(name, { start, end });
  }
  return { root, projects };
}

/** Whether text[start, end) starts and ends as one JSON value does. */
function framesValue(text: string, start: number, end: number): boolean {
  const first = text[start]!;
  const closing = CLOSING[first];
  return closing !== undefined ? text[end - 1] === closing : VALUE_START.test(first);
}

function writeEntry(dir: string, entry: string, stored: StoredScan): void {
  const temporary = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, entry);
    forgetOldest(dir);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function forgetOldest(dir: string): void {
  const entries = readdirSync(dir).filter((name) => name.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((name) => ({ name, written: statSync(join(dir, name)).mtimeMs })).sort((a, b) => a.written - b.written);
  for (const { name } of byAge.slice(0, entries.length - MAX_ENTRIES)) rmSync(join(dir, name), { force: true });
}
