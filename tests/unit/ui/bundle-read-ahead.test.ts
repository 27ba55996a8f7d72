/**
 * On a first visit the worker reads the default scenario as soon as it has it, and warms its
 * resolver on it (src/cache/bundled.ts `fetchBundleAhead`, src/worker/warm-up.ts); what was read is
 * the very index later used, and a return visit reads nothing ahead.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadedIndex } from '../../../src/core/index.ts';
import type { PipetteScenario } from '../../../src/cache/scenario-file.ts';
import bundledList from '../../../public/scenarios/index.json?raw';
import directClash from '../../../public/scenarios/direct-clash.json?raw';

// The cache's bookkeeping, as this browser holds it: what the bundle's signature was last time.
const storedSignature = vi.hoisted(() => ({ value: undefined as string | undefined }));
vi.mock('../../../src/cache/db.ts', async (original) => ({
  ...(await original<typeof import('../../../src/cache/db.ts')>()),
  getMeta: async () => storedSignature.value,
}));

const { fetchBundleAhead, fetchBundledIndex, signature } = await import('../../../src/cache/bundled.ts');
const { warmUp, warmUpJob } = await import('../../../src/worker/warm-up.ts');
const { requestFor, resolveWithSnapshot } = await import('../../../src/worker/resolve-job.ts');
const { RunProgressRelay } = await import('../../../src/worker/progress-relay.ts');

let base = '';
let site = 0;

beforeEach(() => {
  // A site of its own per test: what was fetched ahead is kept by URL.
  base = `https://pipette-${++site}.test/`;
  storedSignature.value = undefined;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL | string) => {
      const files: Record<string, string> = { [`${base}scenarios/index.json`]: bundledList, [`${base}scenarios/direct-clash.json`]: directClash };
      const body = files[String(url)];
      return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Waits until `check` holds (the read ahead runs over a few fetches and microtasks). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the default scenario read ahead', () => {
  it('is handed over on a first visit, and is the index later used for it', async () => {
    const heard: { scenario: PipetteScenario; loaded: LoadedIndex }[] = [];
    fetchBundleAhead(base, (scenario, loaded) => heard.push({ scenario, loaded }));
    await until(() => heard.length > 0);
    expect(heard.map((h) => h.scenario.id)).toEqual(['direct-clash']);
    const memory = new Map<string, LoadedIndex>();
    expect(await fetchBundledIndex('bundled:direct-clash', memory)).toBe(heard[0]!.loaded);
  });

  it('is not read on a return visit (the bundle is stored already)', async () => {
    storedSignature.value = signature(bundledList);
    const heard: string[] = [];
    fetchBundleAhead(base, (scenario) => heard.push(scenario.id));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual([]);
    // Fetched ahead all the same, but read afresh when asked for.
    const memory = new Map<string, LoadedIndex>();
    const loaded = await fetchBundledIndex('bundled:direct-clash', memory);
    expect(loaded?.index.projects.has('pandas')).toBe(true);
  });

  it('is read again when the bundle changed since the last visit', async () => {
    storedSignature.value = signature('[]');
    const heard: string[] = [];
    fetchBundleAhead(base, (scenario) => heard.push(scenario.id));
    await until(() => heard.length > 0);
    expect(heard).toEqual(['direct-clash']);
  });
});

describe('warmUp', () => {
  it('resolves the scenario as the page would, and keeps nothing of the outcome', async () => {
    const heard: { scenario: PipetteScenario; loaded: LoadedIndex }[] = [];
    fetchBundleAhead(base, (scenario, loaded) => heard.push({ scenario, loaded }));
    await until(() => heard.length > 0);
    const { scenario, loaded } = heard[0]!;
    // The job runs what the page's first resolve runs, the explanation of the conflict included.
    const job = warmUpJob(scenario);
    const built = requestFor(job);
    if ('problems' in built) throw new Error(`the warm-up job does not parse: ${built.problems[0]?.message}`);
    const outcome = await resolveWithSnapshot(loaded, built.request, job, new RunProgressRelay(() => undefined));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.explanation?.headline).toBeTruthy();
    await expect(warmUp(scenario, loaded)).resolves.toBeUndefined();
  });

  it('leaves a scenario it cannot run alone', async () => {
    const heard: { scenario: PipetteScenario; loaded: LoadedIndex }[] = [];
    fetchBundleAhead(base, (scenario, loaded) => heard.push({ scenario, loaded }));
    await until(() => heard.length > 0);
    const broken = { ...heard[0]!.scenario, requirements: 'pandas===\n!!', target: { python: 'not a version' } };
    await expect(warmUp(broken, heard[0]!.loaded)).resolves.toBeUndefined();
  });
});
