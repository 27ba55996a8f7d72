// The CLI remembers where each project lies in a large snapshot (src/cli/scan-cache.ts): a later
// run over the unchanged file takes the stored spans; a changed file, or an entry that is
// damaged or hostile, is scanned again, and nothing it says reaches the index.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clearIndexFiles, readIndexFile } from '../../../src/cli/files.ts';
import { cachedScanner, scanCacheDir, SCAN_CACHE_MIN_CHARACTERS } from '../../../src/cli/scan-cache.ts';
import { IndexProvider, parseRequirement, resolve, scanSnapshotText, SnapshotError, type PackageIndex, type ScannedSnapshot } from '../../../src/core/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipette-scan-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid snapshot of `count` projects, each with a few releases, over the cache's threshold. */
function snapshotText(count = 1500): string {
  const projects: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const versions: Record<string, unknown> = {};
    for (let v = 0; v < 6; v++) versions[`${v}.${i % 7}.0`] = { requires_dist: i > 0 ? [`project-${i - 1}>=${v}.0`] : [], requires_python: '>=3.7' };
    projects[`project-${i}`] = { versions };
  }
  const text = JSON.stringify({ format: 'index-snapshot/1', source: 'generated', projects }, null, 1);
  expect(text.length).toBeGreaterThan(SCAN_CACHE_MIN_CHARACTERS);
  return text;
}

let counter = 0;
function fixture(text = snapshotText()) {
  const root = join(dir, `case-${counter++}`);
  mkdirSync(root);
  const file = join(root, 'snapshot.json');
  writeFileSync(file, text);
  return { root, cache: join(root, 'cache'), file, text };
}

function spansOf(scanned: ScannedSnapshot | null): [string, number, number][] {
  return [...scanned!.projects].map(([name, span]) => [name, span.start, span.end]);
}

function entryFiles(cache: string): string[] {
  try {
    return readdirSync(cache).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
}

function storedEntry(cache: string) {
  const [name] = entryFiles(cache);
  const path = join(cache, name!);
  return { path, stored: JSON.parse(readFileSync(path, 'utf8')) as { names: string[]; spans: number[]; [key: string]: unknown } };
}

/**
 * Swaps the first two projects' spans in the stored entry: both still frame an object, so only a
 * reader of the cache can come up with the swap. Returns the spans as they were.
 */
function swapFirstTwoSpans(cache: string): number[] {
  const { path, stored } = storedEntry(cache);
  const [a0, a1, b0, b1] = stored.spans.slice(0, 4);
  stored.spans.splice(0, 4, b0!, b1!, a0!, a1!);
  writeFileSync(path, JSON.stringify(stored));
  return [a0!, a1!, b0!, b1!];
}

describe('the scan cache', () => {
  afterEach(() => {
    delete process.env.PIPETTE_CACHE_DIR;
    clearIndexFiles();
  });

  it('scans a file once and remembers what the scan found', () => {
    const { cache, file, text } = fixture();
    const first = cachedScanner(file, statSync(file), cache)(text);
    expect(spansOf(first)).toEqual(spansOf(scanSnapshotText(text)));
    expect(first!.root).toEqual({ format: 'index-snapshot/1', source: 'generated' });
    expect(entryFiles(cache)).toHaveLength(1);
    const again = cachedScanner(file, statSync(file), cache)(text);
    expect(spansOf(again)).toEqual(spansOf(first));
    expect(again!.root).toEqual(first!.root);
  });

  it('takes the stored spans, not a new scan, while the file is unchanged', () => {
    const { cache, file, text } = fixture();
    cachedScanner(file, statSync(file), cache)(text);
    const [, , b0, b1] = swapFirstTwoSpans(cache);
    const remembered = cachedScanner(file, statSync(file), cache)(text)!;
    expect(remembered.projects.get('project-0')).toEqual({ start: b0, end: b1 });
  });

  it('scans again once the file has changed (its times or size), and keeps the new answer', () => {
    const { cache, file, text } = fixture();
    cachedScanner(file, statSync(file), cache)(text);
    const [a0, a1] = swapFirstTwoSpans(cache);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const rescanned = cachedScanner(file, statSync(file), cache)(text)!;
    expect(spansOf(rescanned)).toEqual(spansOf(scanSnapshotText(text)));
    expect(storedEntry(cache).stored.spans.slice(0, 2)).toEqual([a0, a1]);

    const longer = `${text} `;
    writeFileSync(file, longer);
    expect(spansOf(cachedScanner(file, statSync(file), cache)(longer))).toEqual(spansOf(scanSnapshotText(longer)));
  });

  it.each([
    ['not JSON', () => '{"format": "pipette-snapshot-scan/1", "names": ['],
    ['a span past the end of the text', (s: Stored) => ({ ...s, spans: [0, 10 ** 9, ...s.spans.slice(2)] })],
    ['a span that does not frame a value', (s: Stored) => ({ ...s, spans: [(s.spans[0] as number) + 1, ...s.spans.slice(1)] })],
    ['a span that is not a number', (s: Stored) => ({ ...s, spans: ['0', ...s.spans.slice(1)] })],
    ['fewer spans than names', (s: Stored) => ({ ...s, spans: s.spans.slice(2) })],
    ['a name that is not a string', (s: Stored) => ({ ...s, names: [{}, ...s.names.slice(1)] })],
    ['a root that is not an object', (s: Stored) => ({ ...s, root: [1] })],
    ['another format', (s: Stored) => ({ ...s, format: 'pipette-snapshot-scan/0' })],
    ['another file', (s: Stored) => ({ ...s, file: '/elsewhere/snapshot.json' })],
    ['null', () => 'null'],
    ['a size past any real entry', (s: Stored) => ({ ...s, padding: 'x'.repeat(9 * 1024 * 1024) })],
  ])('an entry with %s is a miss: the file is scanned as if there were no cache', (_, damage) => {
    const { cache, file, text } = fixture();
    cachedScanner(file, statSync(file), cache)(text);
    // Swapped first, so that an entry taken despite the damage would show.
    swapFirstTwoSpans(cache);
    const { path, stored } = storedEntry(cache);
    const damaged = (damage as (s: Stored) => unknown)(stored as Stored);
    writeFileSync(path, typeof damaged === 'string' ? damaged : JSON.stringify(damaged));
    const scanned = cachedScanner(file, statSync(file), cache)(text)!;
    expect(spansOf(scanned)).toEqual(spansOf(scanSnapshotText(text)));
    expect(scanned.root).toEqual({ format: 'index-snapshot/1', source: 'generated' });
  });

  it('keeps no entry for a small file or for a text that is not JSON (whose error is JSON.parse\'s own)', () => {
    const { cache, file } = fixture();
    const small = '{"format": "index-snapshot/1", "projects": {}}';
    writeFileSync(file, small);
    cachedScanner(file, statSync(file), cache)(small);
    expect(entryFiles(cache)).toEqual([]);
    const broken = `${snapshotText().slice(0, -2)}`;
    writeFileSync(file, broken);
    expect(() => cachedScanner(file, statSync(file), cache)(broken)).toThrow(SyntaxError);
    expect(entryFiles(cache)).toEqual([]);
  });

  it('keeps the 32 entries written last', () => {
    const { cache, file, text } = fixture();
    mkdirSync(cache, { recursive: true });
    for (let i = 0; i < 40; i++) {
      const old = join(cache, `old-${i}.json`);
      writeFileSync(old, '{}');
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    cachedScanner(file, statSync(file), cache)(text);
    const kept = entryFiles(cache);
    expect(kept).toHaveLength(32);
    expect(kept).not.toContain('old-0.json');
    expect(kept).toContain('old-39.json');
    expect(kept.filter((name) => !name.startsWith('old-'))).toHaveLength(1);
  });

  it('lives in PIPETTE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, and PIPETTE_CACHE_DIR=off turns it off', () => {
    expect(scanCacheDir({ PIPETTE_CACHE_DIR: '/c' })).toBe('/c/snapshot-scans');
    expect(scanCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/pipette/snapshot-scans');
    expect(scanCacheDir({})).toMatch(/\.cache\/pipette\/snapshot-scans$/);
    expect(scanCacheDir({ PIPETTE_CACHE_DIR: 'off' })).toBeNull();
  });

  it('a resolve over the remembered spans gives what a resolve over a fresh scan gives', async () => {
    const { root, file } = fixture();
    process.env.PIPETTE_CACHE_DIR = join(root, 'env-cache');
    const request = { requirements: [parseRequirement('project-40>=3')] };
    const first = await resolve(new IndexProvider(readIndexFile(file, { lazy: true }).index), request);
    expect(entryFiles(join(root, 'env-cache', 'snapshot-scans'))).toHaveLength(1);
    clearIndexFiles();
    const second = await resolve(new IndexProvider(readIndexFile(file, { lazy: true }).index), request);
    expect(first.ok).toBe(true);
    expect({ ...second, stats: { ...second.stats, elapsedMs: 0 } }).toEqual({ ...first, stats: { ...first.stats, elapsedMs: 0 } });
  });
});

describe('a later run over an ASCII snapshot', () => {
  afterEach(() => {
    delete process.env.PIPETTE_CACHE_DIR;
    clearIndexFiles();
  });

  /** Reads `file` lazily twice, the first time scanning it whole and the second from the remembered scan. */
  function readTwice(file: string, root: string) {
    process.env.PIPETTE_CACHE_DIR = join(root, 'env-cache');
    const whole = readIndexFile(file, { lazy: true });
    clearIndexFiles();
    const byProject = readIndexFile(file, { lazy: true });
    return { whole, byProject, cache: join(root, 'env-cache', 'snapshot-scans') };
  }

  /** Every project of the index as read, or the words of its error. */
  function everyProject(index: PackageIndex): unknown[] {
    return [...(index.projects as ReadonlyMap<string, unknown> & { names(): Iterable<string> }).keys()].map((key) => {
      try {
        return index.projects.get(key);
      } catch (error) {
        return (error as Error).message;
      }
    });
  }

  it('reads each project from the file when asked for it, and gets what reading the text whole gets', () => {
    const projects = JSON.parse(snapshotText()) as { projects: Record<string, unknown> };
    // A broken project and one with an invalid version: their words must come out the same.
    projects.projects['broken'] = { versions: { '1.0': { requires_dist: 'not-a-list' } } };
    projects.projects['odd'] = { versions: { '1.0': {}, 'not a version': {} } };
    const { root, file } = fixture(JSON.stringify(projects, null, 1));
    const { whole, byProject, cache } = readTwice(file, root);
    expect(storedEntry(cache).stored.ascii).toBe(true);
    expect(byProject.index.environment).toEqual(whole.index.environment);
    expect(byProject.index.source).toBe('generated');
    expect([...byProject.index.projects.keys()]).toEqual([...whole.index.projects.keys()]);
    const expected = everyProject(whole.index);
    expect(expected).toContainEqual(expect.stringContaining('projects.broken.versions.1.0.requires_dist: expected a list of strings'));
    expect(everyProject(byProject.index)).toEqual(expected);
  });

  it('notices a file changed after it was opened, instead of reading a project from the new bytes', () => {
    const { root, file } = fixture();
    const { byProject } = readTwice(file, root);
    expect(byProject.index.projects.get('project-3')?.releases).toHaveLength(6);
    appendFileSync(file, ' ');
    expect(() => byProject.index.projects.get('project-4')).toThrow(/changed while it was being read; run again/);
  });

  it('stops on a remembered span that does not frame a value, and removes the entry, so that the next run scans again', () => {
    const { root, file } = fixture();
    readTwice(file, root);
    clearIndexFiles();
    const cache = join(root, 'env-cache', 'snapshot-scans');
    const { path, stored } = storedEntry(cache);
    const index = stored.names.indexOf('project-7');
    stored.spans[2 * index] = (stored.spans[2 * index] as number) + 1;
    writeFileSync(path, JSON.stringify(stored));
    const damaged = readIndexFile(file, { lazy: true }).index;
    expect(damaged.projects.get('project-6')?.releases).toHaveLength(6);
    let error: unknown;
    try {
      damaged.projects.get('project-7');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(/does not match it and is removed; run again/);
    expect(entryFiles(cache)).toEqual([]);
    clearIndexFiles();
    expect(readIndexFile(file, { lazy: true }).index.projects.get('project-7')?.releases).toHaveLength(6);
  });

  it('reads a file that is not ASCII whole every time (offsets in its text are not offsets in its bytes)', () => {
    const text = snapshotText().replace('"source": "generated"', '"source": "généré"');
    const { root, file } = fixture(text);
    const { byProject, cache } = readTwice(file, root);
    expect(storedEntry(cache).stored.ascii).toBe(false);
    appendFileSync(file, ' ');
    // Read from the text in memory: the change does not reach it.
    expect(byProject.index.projects.get('project-4')?.releases).toHaveLength(6);
    expect(byProject.index.source).toBe('généré');
  });

  it('does not take an entry that calls a file ASCII when the bytes it reads are not', () => {
    const text = snapshotText().replace('"project-2": {', '"project-2": { "status_reason": "déjà",');
    const { root, file } = fixture(text);
    readTwice(file, root);
    clearIndexFiles();
    const { path, stored } = storedEntry(join(root, 'env-cache', 'snapshot-scans'));
    // Its length in characters is not its size in bytes either: both are made to agree.
    writeFileSync(path, JSON.stringify({ ...stored, ascii: true, length: statSync(file).size }));
    const index = readIndexFile(file, { lazy: true }).index;
    expect(index.projects.get('project-1')?.releases).toHaveLength(6);
    expect(() => index.projects.get('project-2')).toThrow(/does not match it and is removed; run again/);
  });
});

type Stored = { names: unknown[]; spans: unknown[]; [key: string]: unknown };
