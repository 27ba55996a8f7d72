import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_PROGRESS, RunProgressRelay, type RunProgress } from '../../../src/worker/progress-relay.ts';
import type { LiveIndexProgress } from '../../../src/sources/index.ts';

const downloads = (pagesFetched: number): LiveIndexProgress => ({
  pagesFetched,
  pagesRevalidated: 0,
  pagesFromCache: 0,
  projectsNotFound: 0,
  metadataFetched: 0,
  metadataFromCache: 0,
  jsonApiFallbacks: 0,
  bytesFetched: pagesFetched * 100,
  bytesFromCache: 0,
  retries: 0,
  inFlight: 1,
  staleAnswers: 0,
  cacheWriteFailures: 0,
});

describe('RunProgressRelay', () => {
  let sent: RunProgress[];
  let relay: RunProgressRelay;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    relay = new RunProgressRelay((p) => sent.push(p), 100);
  });
  afterEach(() => vi.useRealTimers());

  it('sends a phase change at once', () => {
    relay.enter('loading');
    relay.enter('resolving');
    expect(sent.map((p) => p.phase)).toEqual(['loading', 'resolving']);
    expect(sent[0]).toEqual({ ...NO_PROGRESS, phase: 'loading', index: null });
  });

  it('merges the solver and the index, and sends the newest at most once per interval', () => {
    relay.enter('resolving');
    for (let i = 1; i <= 50; i++) relay.indexProgress(downloads(i));
    relay.solverProgress({ ...NO_PROGRESS, decisions: 7 });
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ phase: 'resolving', decisions: 7, index: { pagesFetched: 50 } });
    // Quiet since: the next report goes out at once.
    vi.advanceTimersByTime(500);
    relay.indexProgress(downloads(51));
    expect(sent).toHaveLength(3);
  });

  it('sends nothing once closed, even what was pending', () => {
    relay.enter('resolving');
    relay.indexProgress(downloads(1));
    relay.close();
    vi.advanceTimersByTime(1000);
    relay.indexProgress(downloads(2));
    relay.enter('explaining');
    expect(sent).toHaveLength(1);
  });
});
