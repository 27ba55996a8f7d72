/**
 * Where each project lies in a large snapshot file, remembered between runs of the CLI. The
 * first lazy read of a file scans all of it (snapshot-scan.ts: it checks the whole text is JSON
 * and notes each project's span); the answer is kept in the user's cache folder under the
 * file's path, stamped with its size, times and inode, and a later run over the unchanged file
 * takes the spans instead of scanning again (on the 9 MB snapshot, most of the load).
 *
 * Nothing stored is trusted: an entry of another format, for another file or stamp, with spans
 * outside the text or not framing a value, is a miss, and the file is scanned as if there were
 * no cache. Writing is best-effort (a read-only home just scans every time).
 *
 * The folder: PIPETTE_CACHE_DIR, else $XDG_CACHE_HOME/pipette, else ~/.cache/pipette;
 * PIPETTE_CACHE_DIR=off turns the cache off.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { scanSnapshotText, type ScannedSnapshot, type Span } from '../core/index.ts';

const FORMAT = 'pipette-snapshot-scan/1';
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

/** scanCacheDir(), or null (no cache) where no home folder can be found. */
function homeCacheDir(): string | null {
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
 * `cacheDir` defaults to scanCacheDir(); null turns the cache off.
 */
export function cachedScanner(file: string, stats: Stats, cacheDir?: string | null): (text: string) => ScannedSnapshot | null {
  return (text) => {
    if (text.length < SCAN_CACHE_MIN_CHARACTERS) return scanSnapshotText(text);
    const dir = cacheDir === undefined ? homeCacheDir() : cacheDir;
    if (dir === null) return scanSnapshotText(text);
    const entry = join(dir, entryName(file));
    const stamp = stampOf(stats);
    const remembered = readEntry(entry, file, stamp, text);
    if (remembered) return remembered;
    const scanned = scanSnapshotText(text);
    if (scanned) writeEntry(dir, entry, { format: FORMAT, file, stamp, length: text.length, root: scanned.root, ...flatten(scanned.projects) });
    return scanned;
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
  let stored: StoredScan;
  try {
    // An entry lists names and offsets, far smaller than its snapshot: anything larger is not ours.
    if (statSync(entry).size > Math.max(MAX_ENTRY_BYTES, text.length)) return null;
    stored = JSON.parse(readFileSync(entry, 'utf8')) as StoredScan;
  } catch {
    return null;
  }
  if (typeof stored !== 'object' || stored === null) return null;
  if (stored.format !== FORMAT || stored.file !== file || stored.stamp !== stamp || stored.length !== text.length) return null;
  const { root, names, spans } = stored;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return null;
  if (!Array.isArray(names) || !Array.isArray(spans) || spans.length !== names.length * 2) return null;
  const projects = new Map<string, Span>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const start = spans[2 * i];
    const end = spans[2 * i + 1];
    if (typeof name !== 'string' || !Number.isInteger(start) || !Number.isInteger(end)) return null;
    if (start < 0 || end <= start || end > text.length) return null;
    const first = text[start]!;
    const closing = CLOSING[first];
    if (closing !== undefined ? text[end - 1] !== closing : !VALUE_START.test(first)) return null;
    projects.set(name, { start, end });
  }
  return { root, projects };
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
