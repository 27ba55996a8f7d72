import { describe, expect, it } from 'vitest';
import {
  checkAsOf,
  checkIndexUrl,
  decideLiveIndex,
  DEFAULT_LIVE_SETTINGS,
  LIVE_OTHER_ID,
  LIVE_PYPI_ID,
  pickerFor,
  requirementsIndexUrl,
} from '../../../src/ui/state/live-index-choice.ts';
import { age, failureTitle, formatBytes, progressLine, readingNotes, sentence, summarySentence } from '../../../src/ui/components/LiveIndexReport/describe.ts';
import type { LiveIndexSummary } from '../../../src/worker/client.ts';
import { noProgress, type LiveIndexProgress } from '../../../src/sources/index.ts';

describe('checkIndexUrl', () => {
  it.each([
    ['https://pypi.org/simple', 'https://pypi.org/simple/'],
    ['  http://127.0.0.1:8080/simple/  ', 'http://127.0.0.1:8080/simple/'],
    ['https://example.com/pypi/simple/#top', 'https://example.com/pypi/simple/'],
  ])('takes %j as %j', (text, url) => {
    expect(checkIndexUrl(text)).toEqual({ ok: true, value: url });
  });

  it.each([
    ['', /Give the index's address, such as https:\/\/pypi\.org\/simple\//],
    ['pypi.org/simple', /"pypi\.org\/simple" is not a URL/],
    ['ftp://example.com/simple/', /not an http or https URL/],
    ['javascript:alert(1)', /not an http or https URL/],
    ['https://alice:s3cret@pkgs.example/simple', /^https:\/\/alice:\*\*\*\*@pkgs\.example\/simple\/ holds a login\. The page sends no login of its own to an index/],
    ['https://t0ken@pkgs.example/simple', /^https:\/\/\*\*\*\*@pkgs\.example\/simple\/ holds a login/],
  ])('refuses %j, saying why', (text, why) => {
    const checked = checkIndexUrl(text);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(why);
    expect(!checked.ok && checked.reason).not.toMatch(/s3cret|t0ken/);
  });
});

describe('checkAsOf', () => {
  it.each([
    ['', null],
    [' 2023-09-01 ', '2023-09-01'],
    ['2024-02-29', '2024-02-29'],
  ])('takes %j', (text, value) => {
    expect(checkAsOf(text)).toEqual({ ok: true, value });
  });

  it.each(['2023-02-30', '2023-13-01', '01/09/2023', '2023-09-01T00:00'])('refuses %j', (text) => {
    expect(checkAsOf(text)).toEqual({ ok: false, reason: `“${text}” is not a date; use the form 2023-09-01.` });
  });
});

describe('requirementsIndexUrl', () => {
  it.each([
    ['flask\nrequests\n', null],
    ['--index-url https://a.example/simple/\nflask\n', 'https://a.example/simple/'],
    ['-i https://a.example/simple/\n-i https://b.example/simple/\nflask\n', 'https://b.example/simple/'],
    ['--index-url=https://a.example/simple/\n', 'https://a.example/simple/'],
    ['python-dateutil\n', null],
  ])('%j names %j', (text, url) => {
    expect(requirementsIndexUrl(text, 'requirements')).toBe(url);
  });

  it('is null for pyproject.toml, which has no index option', () => {
    expect(requirementsIndexUrl('[project]\ndependencies = ["-i"]\n', 'pyproject')).toBeNull();
  });
});

describe('decideLiveIndex', () => {
  const settings = { ...DEFAULT_LIVE_SETTINGS, customUrl: 'http://127.0.0.1:9000/simple', asOf: '2023-09-01', offline: true };

  it('reads PyPI, or the URL typed for another index', () => {
    expect(decideLiveIndex(LIVE_PYPI_ID, settings, null)).toEqual({ ok: true, value: { kind: 'live', url: 'https://pypi.org/simple/', source: 'picker', asOf: '2023-09-01', offline: true } });
    expect(decideLiveIndex(LIVE_OTHER_ID, settings, null)).toMatchObject({ ok: true, value: { url: 'http://127.0.0.1:9000/simple/', source: 'picker' } });
  });

  it("lets the requirements' own --index-url win over the picker, as pip does", () => {
    expect(decideLiveIndex(LIVE_PYPI_ID, settings, 'https://mirror.example/simple')).toMatchObject({ ok: true, value: { url: 'https://mirror.example/simple/', source: 'requirements' } });
  });

  it('says what is wrong instead of guessing', () => {
    expect(decideLiveIndex(LIVE_OTHER_ID, { ...settings, customUrl: 'nope' }, null)).toEqual({ ok: false, reason: 'The index URL is not valid: "nope" is not a URL; give the index as a full URL, such as https://pypi.org/simple/.' });
    expect(decideLiveIndex(LIVE_PYPI_ID, settings, 'file:///srv/simple')).toMatchObject({ ok: false, reason: expect.stringMatching(/^The --index-url in your requirements can't be used: file:\/\/\/srv\/simple is not an http or https URL/) });
    expect(decideLiveIndex(LIVE_PYPI_ID, { ...settings, asOf: '2023-02-30' }, null)).toMatchObject({ ok: false, reason: expect.stringMatching(/^The “as of” date is not valid/) });
  });
});

describe('pickerFor', () => {
  it('picks PyPI for its URL and "Other index…" for any other', () => {
    expect(pickerFor('https://pypi.org/simple/')).toEqual({ indexId: LIVE_PYPI_ID, customUrl: null });
    expect(pickerFor('http://127.0.0.1:9000/simple/')).toEqual({ indexId: LIVE_OTHER_ID, customUrl: 'http://127.0.0.1:9000/simple/' });
  });
});

const progress = (values: Partial<LiveIndexProgress>): LiveIndexProgress => ({ ...noProgress(), ...values });

describe('the words for a live index', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [20 * 1024, '20 KiB'],
    [3 * 1024 * 1024, '3.0 MiB'],
  ])('formatBytes(%d) is %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('counts projects, metadata files and bytes while a resolve runs', () => {
    expect(progressLine(progress({ pagesFetched: 3, pagesFromCache: 1, projectsNotFound: 1, metadataFetched: 1, bytesFetched: 12 * 1024 }))).toBe('5 projects · 1 metadata file · 12 KiB downloaded');
  });

  it('sums up what was read, from where', () => {
    const summary = { progress: progress({ pagesFetched: 2, pagesRevalidated: 1, pagesFromCache: 2, metadataFetched: 1, metadataFromCache: 4, jsonApiFallbacks: 1, bytesFetched: 2048, retries: 1, projectsNotFound: 1 }) } as LiveIndexSummary;
    expect(summarySentence(summary)).toBe(
      '5 project pages (2 downloaded, 2 from the cache, 1 confirmed unchanged); 5 metadata files (1 downloaded, 4 from the cache, 1 via the JSON API); 2.0 KiB downloaded; 1 project not on the index; 1 retry.',
    );
    expect(summarySentence({ progress: progress({ pagesFromCache: 1, metadataFromCache: 1 }) } as LiveIndexSummary)).toBe('1 project page (0 downloaded, 1 from the cache); 1 metadata file (0 downloaded, 1 from the cache); 0 B downloaded.');
  });

  it('notes where the URL came from and how the index was read', () => {
    expect(readingNotes({ source: 'requirements', asOf: '2023-09-01', offline: true })).toEqual(['from --index-url in your requirements', 'only files uploaded before 2023-09-01', 'offline: from the cache only']);
    expect(readingNotes({ source: 'picker', asOf: null, offline: false })).toEqual([]);
  });

  it('titles every kind of index failure', () => {
    for (const kind of ['unreachable', 'http-status', 'rate-limited', 'truncated', 'too-large', 'malformed', 'integrity', 'offline-miss'] as const) {
      expect(failureTitle({ kind, url: '', detail: '', hint: '', status: null })).toMatch(/^[A-Z]/);
    }
  });

  it("starts an error's detail as a sentence", () => {
    expect(sentence('the index answered 500 Internal Server Error.')).toBe('The index answered 500 Internal Server Error.');
    expect(sentence('')).toBe('');
  });

  it('says how old a cached answer is', () => {
    const now = Date.UTC(2024, 0, 10);
    expect(age(now - 10_000, now)).toBe('just now');
    expect(age(now - 25 * 60_000, now)).toBe('25 minutes ago');
    expect(age(now - 60 * 60_000, now)).toBe('1 hour ago');
    expect(age(now - 3 * 24 * 3_600_000, now)).toBe('3 days ago');
  });
});
