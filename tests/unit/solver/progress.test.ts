/** Progress reports, cancellation, and the install plan's "why" edges. */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve, ResolveCancelledError, type PackageIndex, type Progress } from '../../../src/core/index.ts';

/** A chain of packages where every version of each depends on a narrowing range of the next, and the last one conflicts: lots of backtracking. */
function heavyIndex(depth: number, width: number): PackageIndex {
  const projects: Record<string, unknown> = {};
  for (let d = 0; d < depth; d++) {
    const versions: Record<string, unknown> = {};
    for (let v = 1; v <= width; v++) {
      versions[`${v}.0`] = { requires_dist: d + 1 < depth ? [`p${d + 1}>=${v}.0`] : ['missing-project'] };
    }
    projects[`p${d}`] = { versions };
  }
  return { source: 'generated', projects: loadProjects(projects).projects, environment: null, advisories: [] };
}

describe('progress and cancellation', () => {
  it('reports progress with growing counts while it works', async () => {
    const seen: Progress[] = [];
    let clock = 0;
    const result = await resolve(
      new IndexProvider(heavyIndex(6, 30)),
      { requirements: [parseRequirement('p0')] },
      { onProgress: (p) => seen.push(p), progressIntervalMs: 1, now: () => (clock += 1) },
    );
    expect(result.ok).toBe(false);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)!.decisions).toBeGreaterThanOrEqual(seen[0]!.decisions);
    expect(seen.at(-1)!.elapsedMs).toBeGreaterThan(seen[0]!.elapsedMs);
    expect(seen[0]).toMatchObject({ round: 1 });
  });

  it('stops with ResolveCancelledError when the signal turns', async () => {
    const signal = { aborted: false };
    let steps = 0;
    const run = resolve(
      new IndexProvider(heavyIndex(6, 30)),
      { requirements: [parseRequirement('p0')] },
      {
        signal,
        onProgress: () => {
          if (++steps === 3) signal.aborted = true;
        },
        progressIntervalMs: 0,
      },
    );
    await expect(run).rejects.toBeInstanceOf(ResolveCancelledError);
    expect(steps).toBe(3);
  });
});

describe('the install plan', () => {
  it('records which requirements brought each package in', async () => {
    const projects = loadProjects({
      app: { versions: { '1.0': { requires_dist: ['lib>=1', 'extra-lib[fast]; python_version >= "3"'] } } },
      lib: { versions: { '1.0': {}, '2.0': { requires_dist: ['tiny'] } } },
      'extra-lib': { versions: { '0.5': { requires_dist: ['speedups; extra == "fast"'], provides_extra: ['fast'] } } },
      speedups: { versions: { '3.1': {} } },
      tiny: { versions: { '0.1': {} } },
    }).projects;
    const result = await resolve(new IndexProvider({ source: 't', projects, environment: null, advisories: [] }), { requirements: [parseRequirement('app'), parseRequirement('lib<3')] });
    if (!result.ok) throw new Error('expected a solution');
    const byName = Object.fromEntries(result.packages.map((p) => [p.key, p]));
    expect(Object.fromEntries(result.packages.map((p) => [p.key, p.version]))).toEqual({ app: '1.0', lib: '2.0', 'extra-lib': '0.5', speedups: '3.1', tiny: '0.1' });
    expect(byName.lib!.requiredBy).toEqual([
      { from: null, fromVersion: null, requirement: 'lib<3' },
      { from: 'app', fromVersion: '1.0', requirement: 'lib>=1' },
    ]);
    expect(byName['extra-lib']!.extras).toEqual(['fast']);
    expect(byName.speedups!.requiredBy).toEqual([{ from: 'extra-lib[fast]', fromVersion: '0.5', requirement: 'speedups; extra == "fast"' }]);
    expect(byName.app!.direct).toBe(true);
    expect(byName.tiny!.direct).toBe(false);
  });
});

describe('metadata that cannot be had', () => {
  it('makes that version unusable, says why, and the resolve goes on with the next', async () => {
    const { MetadataUnavailableError, explainFailure } = await import('../../../src/core/index.ts');
    const projects = loadProjects({
      app: { versions: { '1.0': {}, '2.0': {} } },
      lib: { versions: { '1.0': {}, '2.0': {} } },
      both: { versions: { '1.0': { requires_dist: ['lib>=2'] } } },
    }).projects;
    const inner = new IndexProvider({ source: 't', projects, environment: null, advisories: [] });
    const broken = new Set(['app@1', 'lib@1']);
    const provider = {
      getProject: (key: string) => inner.getProject(key),
      getMetadata: async (key: string, index: number) => {
        if (broken.has(`${key}@${index}`)) throw new MetadataUnavailableError(`the metadata file of ${key} is truncated`);
        return inner.getMetadata(key, index);
      },
    };
    const solved = await resolve(provider, { requirements: [parseRequirement('app')] });
    expect(solved.ok && solved.packages.map((p) => `${p.key}==${p.version}`)).toEqual(['app==1.0']);

    const request = { requirements: [parseRequirement('both')] };
    const failed = await resolve(provider, request);
    if (failed.ok) throw new Error('expected no solution');
    const explanation = await explainFailure(provider, request, failed);
    expect(explanation.voices.pubgrub).toContain('metadata that could not be read (the metadata file of lib is truncated)');
    expect(explanation.causes).toContainEqual(expect.objectContaining({ kind: 'metadata', package: 'lib', versions: ['2.0'] }));
  });

  it('leaves out a run of versions unusable for one reason in one step (an index with no metadata files), stopping at one it can read', async () => {
    const { MetadataUnavailableError } = await import('../../../src/core/index.ts');
    const versions: Record<string, unknown> = {};
    for (let i = 1; i <= 3000; i++) versions[`${i}.0`] = {};
    const projects = loadProjects({ many: { versions } }).projects;
    const inner = new IndexProvider({ source: 't', projects, environment: null, advisories: [] });
    let reads = 0;
    const readable = new Set<number>();
    const provider = {
      getProject: (key: string) => inner.getProject(key),
      getMetadata: async (key: string, index: number) => {
        reads++;
        if (!readable.has(index)) throw new MetadataUnavailableError('the index publishes no metadata file for it');
        return inner.getMetadata(key, index);
      },
    };
    const request = { requirements: [parseRequirement('many')] };
    const failed = await resolve(provider, request);
    if (failed.ok) throw new Error('expected no solution');
    // One conflict, no backtracking, and each version's metadata asked for once (it was one conflict per version).
    expect(failed.stats).toMatchObject({ conflicts: 1, backtracks: 0 });
    expect(reads).toBe(3000);

    readable.add(41); // 42.0
    reads = 0;
    const solved = await resolve(provider, request);
    expect(solved.ok && solved.packages.map((p) => `${p.key}==${p.version}`)).toEqual(['many==42.0']);
    expect(solved.stats.conflicts).toBe(0);
    // The run stopped at 42.0, whose dependencies were kept for the decision: read once.
    expect(reads).toBe(3000 - 41);
  });

  it('stops such a run at the time limit', async () => {
    const { MetadataUnavailableError, ResolveTimeLimitError } = await import('../../../src/core/index.ts');
    const versions: Record<string, unknown> = {};
    for (let i = 1; i <= 200; i++) versions[`${i}.0`] = {};
    const projects = loadProjects({ slow: { versions } }).projects;
    const inner = new IndexProvider({ source: 't', projects, environment: null, advisories: [] });
    const provider = {
      getProject: (key: string) => inner.getProject(key),
      getMetadata: async () => {
        await new Promise((wake) => setTimeout(wake, 5));
        throw new MetadataUnavailableError('the index answered 404 for its metadata file');
      },
    };
    await expect(resolve(provider, { requirements: [parseRequirement('slow')] }, { maxMs: 100 })).rejects.toBeInstanceOf(ResolveTimeLimitError);
  });
});
