// A resolve job against a live index, as the worker runs it, against a local index server: the
// outcome the page draws (plan, explanation with close names, index error), the progress it
// is sent, the cache reused, and the plan's exports.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { makeTarget } from '../../../src/core/index.ts';
import { formatPipReport, toPipReport, toPylock } from '../../../src/core/export/index.ts';
import { readIndexFile } from '../../../src/cli/files.ts';
import { MemoryResponseCache } from '../../../src/sources/index.ts';
import { indexOfPlan, openLiveSession, type LiveIndexChoice, type OpenedCache } from '../../../src/worker/live-index.ts';
import { RunProgressRelay, type RunProgress } from '../../../src/worker/progress-relay.ts';
import { requestFor, resolveWithLiveIndex, type ResolveJob, type ResolveOutcome } from '../../../src/worker/resolve-job.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';

const FIXTURE = fileURLToPath(new URL('../../e2e/fixtures/live-index.snapshot.json', import.meta.url));
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };
const NEWEST = { 'markupsafe-lite': '1.0', routekit: '2.0', templatr: '3.0', urlparts: '1.1', webframe: '2.0' };

let server: IndexServer;
beforeAll(async () => {
  server = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index });
});
afterAll(() => server.close());
afterEach(() => server.clearFaults());

interface Run {
  readonly outcome: ResolveOutcome;
  readonly progress: RunProgress[];
}

function freshCache(): OpenedCache {
  return { cache: new MemoryResponseCache(), problem: null };
}

async function runJob(requirements: string, cache: OpenedCache, live: Partial<LiveIndexChoice> = {}, python = '3.12'): Promise<Run & { session: ReturnType<typeof openLiveSession>; job: ResolveJob }> {
  const choice: LiveIndexChoice = { kind: 'live', url: server.indexUrl, source: 'picker', asOf: null, offline: false, ...live };
  const target = makeTarget({ python });
  const job: ResolveJob = { index: choice, requirements, format: 'requirements', target, policy: 'pip', prereleases: false, explainBudgetMs: 5000 };
  const progress: RunProgress[] = [];
  const relay = new RunProgressRelay((p) => progress.push(p), 0);
  const session = openLiveSession(choice, { target, cache, onProgress: relay.indexProgress, retry: FAST_RETRY });
  const built = requestFor(job);
  if ('problems' in built) throw new Error(built.problems[0]!.message);
  const outcome = await resolveWithLiveIndex(session, built.request, job, relay);
  relay.close();
  return { outcome, progress, session, job };
}

const pins = (outcome: ResolveOutcome) => (outcome.kind === 'solved' ? Object.fromEntries(outcome.result.packages.map((p) => [p.key, p.version])) : outcome.kind);

describe('a resolve job against a live index', () => {
  it('solves with progress from the index, then again from the cache alike', async () => {
    const cache = freshCache();
    const cold = await runJob('webframe\n', cache);
    expect(pins(cold.outcome)).toEqual(NEWEST);
    expect(cold.outcome.kind === 'solved' && cold.outcome.live).toMatchObject({
      indexUrl: server.indexUrl,
      source: 'picker',
      offline: false,
      cache: 'memory',
      progress: { pagesFetched: 5, pagesFromCache: 0, metadataFetched: 5, metadataFromCache: 0, inFlight: 0 },
      closeNames: [],
    });
    const downloads = cold.progress.filter((p) => p.index !== null);
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.at(-1)!.index!.bytesFetched).toBeGreaterThan(0);
    expect(cold.progress.map((p) => p.phase)).toContain('resolving');

    const warm = await runJob('webframe\n', cache);
    expect(pins(warm.outcome)).toEqual(NEWEST);
    expect(warm.outcome.kind === 'solved' && warm.outcome.live!.progress).toMatchObject({ pagesFetched: 0, pagesFromCache: 5, metadataFetched: 0, metadataFromCache: 5, bytesFetched: 0 });

    const offline = await runJob('webframe\n', cache, { offline: true });
    expect(pins(offline.outcome)).toEqual(NEWEST);
    expect(offline.outcome.kind === 'solved' && offline.outcome.live).toMatchObject({ offline: true, stale: [] });
  });

  it('reads only files uploaded before the "as of" date', async () => {
    const { outcome } = await runJob('webframe\n', freshCache(), { asOf: '2023-12-31' });
    expect(pins(outcome)).toEqual({ 'markupsafe-lite': '1.0', routekit: '1.5', templatr: '2.4', webframe: '1.0' });
    expect(outcome.kind === 'solved' && outcome.live?.asOf).toBe('2023-12-31');
  });

  it('explains a project the index lacks, with close names from the index', async () => {
    const { outcome } = await runJob('webfrane\n', freshCache());
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.live!.progress.projectsNotFound).toBe(1);
    expect(outcome.live!.closeNames).toEqual([{ project: 'webfrane', names: ['webframe'], source: 'index', note: `from the list of 5 projects on ${server.indexUrl}` }]);
    expect(outcome.explanation!.voices.plain).toContain('webframe');
    expect(outcome.explanation!.suggestions.map((s) => s.title).join('\n')).toContain('webframe');
  });

  it('ends with the index error, and no result, when the index fails; the cache stays usable', async () => {
    const cache = freshCache();
    server.addFault({ path: '/simple/templatr/', fault: { kind: 'status', status: 500 } });
    const failed = await runJob('webframe\n', cache);
    expect(failed.outcome).toMatchObject({
      kind: 'index-error',
      error: { kind: 'http-status', url: `${server.indexUrl}templatr/`, status: 500, detail: 'the index answered 500 Internal Server Error (gave up after 4 attempts).' },
    });
    expect(failed.outcome.kind === 'index-error' && failed.outcome.live.progress.pagesFetched).toBeGreaterThanOrEqual(1);

    server.clearFaults();
    const again = await runJob('webframe\n', cache);
    expect(pins(again.outcome)).toEqual(NEWEST);
    expect(again.outcome.kind === 'solved' && again.outcome.live!.progress.pagesFromCache).toBeGreaterThanOrEqual(1);
  });

  it('offline with nothing cached: the index error names what is missing', async () => {
    const { outcome } = await runJob('webframe\n', freshCache(), { offline: true });
    expect(outcome).toMatchObject({ kind: 'index-error', error: { kind: 'offline-miss', url: `${server.indexUrl}webframe/` } });
  });

  it('keeps the proven explanation when the search for fixes can not read the index', async () => {
    // On Python 3.8 webframe 2.0 can't be had (templatr 3 needs 3.9); a fix would try webframe 1.0, whose metadata fails.
    server.addFault({ path: /webframe-1\.0-.*\.metadata$/, fault: { kind: 'status', status: 503 } });
    const { outcome } = await runJob('webframe==2.0\n', freshCache(), {}, '3.8');
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.explanation?.voices.pip).toContain('templatr');
    expect(outcome.searchError).toMatch(/webframe-1\.0-py3-none-any\.whl\.metadata: the index answered 503 Service Unavailable \(gave up after 4 attempts\)\.$/);
    expect(outcome.explainError).toBeNull();
  });

  it("exports the plan with the metadata it read (pip's report)", async () => {
    const run = await runJob('webframe\n', freshCache());
    if (run.outcome.kind !== 'solved') throw new Error('expected a solution');
    const report = toPipReport(run.outcome.result, { ...(await indexOfPlan(run.session, run.outcome.result.packages)), target: run.job.target });
    const webframe = report.install.find((item) => item.metadata.name === 'webframe');
    expect(webframe?.metadata.requires_dist).toEqual(['routekit>=2', 'templatr>=3']);
    // The URL the index's page gave for the file, not a made-up one.
    expect(webframe?.download_info.url).toBe(`${server.origin}/files/webframe/webframe-2.0-py3-none-any.whl`);
  });

  it('exports the hashes the index gave for each file, from the JSON form and the HTML form alike', async () => {
    const htmlIndex = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index, form: 'html' });
    try {
      for (const url of [server.indexUrl, htmlIndex.indexUrl]) {
        const run = await runJob('webframe\n', freshCache(), { url });
        if (run.outcome.kind !== 'solved') throw new Error('expected a solution');
        const context = { ...(await indexOfPlan(run.session, run.outcome.result.packages)), target: run.job.target, indexUrl: url };
        // The index server lists each file with the sha256 of "<file name> (not served)".
        const digest = (filename: string) => createHash('sha256').update(`${filename} (not served)`).digest('hex');
        const report = toPipReport(run.outcome.result, context);
        const webframe = report.install.find((i) => i.metadata.name === 'webframe')!;
        const wheel = digest('webframe-2.0-py3-none-any.whl');
        expect(webframe.download_info.archive_info, url).toEqual({ hash: `sha256=${wheel}`, hashes: { sha256: wheel } });
        for (const i of report.install) expect(i.download_info.archive_info.hash, `${url} ${i.metadata.name}`).toBe(`sha256=${digest(i.download_info.url.slice(i.download_info.url.lastIndexOf('/') + 1))}`);
        const text = toPylock(run.outcome.result, context);
        expect(text).toContain('# Every wheel and sdist below has the hashes its index gave.');
        expect(text).not.toContain('NOT INSTALLABLE');
        const packages = (parse(text) as { packages: { name: string; wheels?: { name: string; hashes?: Record<string, string> }[] }[] }).packages;
        expect(packages.find((p) => p.name === 'webframe')!.wheels).toMatchObject([{ name: 'webframe-2.0-py3-none-any.whl', hashes: { sha256: wheel } }]);
      }
    } finally {
      await htmlIndex.close();
    }
  });

  it("leaves out a hostile index's malformed hashes, resolving and exporting the rest, in both forms", async () => {
    const good = createHash('sha256').update('good').digest('hex');
    const hashesOf = (filename: string): unknown => {
      if (filename.startsWith('webframe')) return { SHA256: good.toUpperCase() };
      if (filename.startsWith('templatr')) return { sha256: 'zz' };
      if (filename.startsWith('routekit')) return { sha256: 'f'.repeat(1_000_000) };
      if (filename.startsWith('urlparts')) return { blake2b_256: good };
      return { sha256: 17 };
    };
    for (const form of ['json', 'html'] as const) {
      const hostile = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index, form, hashesOf });
      try {
        const run = await runJob('webframe\n', freshCache(), { url: hostile.indexUrl });
        expect(pins(run.outcome), form).toEqual(NEWEST);
        if (run.outcome.kind !== 'solved') throw new Error('expected a solution');
        const context = { ...(await indexOfPlan(run.session, run.outcome.result.packages)), target: run.job.target, indexUrl: hostile.indexUrl };
        const hashes = Object.fromEntries(toPipReport(run.outcome.result, context).install.map((i) => [i.metadata.name, i.download_info.archive_info]));
        expect(hashes, form).toEqual({ webframe: { hash: `sha256=${good}`, hashes: { sha256: good } }, templatr: {}, routekit: {}, urlparts: {}, 'markupsafe-lite': {} });
        const text = toPylock(run.outcome.result, context);
        expect(text.replace(/\n# /g, ' '), form).toContain('and 4 of the 5 wheels and sdists below have none (the index gave none)');
        expect(text).not.toContain('fffff');
        expect(parse(text)).toBeTruthy();
      } finally {
        await hostile.close();
      }
    }
  });

  it("exports the file URL a page gave with a login in it without the login, as pip's report writes it", async () => {
    const password = 'link-pw-7Qz';
    const files = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index, login: { username: 'bob', password } });
    const linking = await startIndexServer({ snapshot: readIndexFile(FIXTURE).index, filesAt: `${files.origin.replace('http://', `http://bob:${password}@`)}/files/` });
    try {
      const run = await runJob('webframe\n', freshCache(), { url: linking.indexUrl });
      if (run.outcome.kind !== 'solved') throw new Error('expected a solution');
      const context = { ...(await indexOfPlan(run.session, run.outcome.result.packages)), target: run.job.target, indexUrl: linking.indexUrl };
      const report = formatPipReport(toPipReport(run.outcome.result, context));
      expect(report).toContain(`"url": "${files.origin}/files/webframe/webframe-2.0-py3-none-any.whl"`);
      expect(toPylock(run.outcome.result, context)).toContain(`url = "${files.origin}/files/webframe/webframe-2.0-py3-none-any.whl"`);
      expect(report + toPylock(run.outcome.result, context)).not.toContain(password);
    } finally {
      await linking.close();
      await files.close();
    }
  });
});
