/**
 * One parse per requirement line and index: the solver reads neighbours' lines to tell which
 * releases depend alike (dependencies.ts), through the provider's cache, and the metadata of a
 * release it then tries is parsed through the same cache.
 */
import { describe, expect, it, vi } from 'vitest';
import { IndexProvider, loadProjects, makeTarget, OverridesProvider, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';

function indexOf(json: Record<string, unknown>): PackageIndex {
  return { source: 'test', projects: loadProjects(json).projects, environment: null, advisories: [] };
}

describe("the provider's parsed requirement lines", () => {
  it('are the very objects its metadata holds, and null for a line that does not parse', () => {
    const index = indexOf({ app: { versions: { '1.0': { requires_dist: ['lib>=1; python_version >= "3"', 'not a requirement ((('] } } } });
    const provider = new IndexProvider(index);
    const parsed = provider.parseRequirementLine('lib>=1; python_version >= "3"');
    expect(parsed?.key).toBe('lib');
    expect(provider.parseRequirementLine('not a requirement (((')).toBeNull();
    const metadata = provider.getMetadata('app', 0);
    expect(metadata.requirements).toHaveLength(1);
    expect(metadata.requirements[0]).toBe(parsed);
    // A second provider on the same index shares the cache.
    expect(new IndexProvider(index).parseRequirementLine('lib>=1; python_version >= "3"')).toBe(parsed);
  });

  it("are shared with the releases a walk read: a release's metadata reuses its neighbours' parses", async () => {
    // Each release of `app` pins its own `lib`: the walk from the newest reads the line of the one
    // before to compare, then tries it when the newest fails.
    const versions: Record<string, unknown> = {};
    for (let v = 1; v <= 6; v++) versions[`${v}.0`] = { requires_dist: [`lib==${v}.0`] };
    const index = indexOf({ app: { versions }, lib: { versions: { '1.0': {}, '2.0': { requires_python: '>=4' }, '3.0': { requires_python: '>=4' }, '4.0': { requires_python: '>=4' }, '5.0': { requires_python: '>=4' }, '6.0': { requires_python: '>=4' } } } });
    const provider = new IndexProvider(index);
    const asked = vi.spyOn(provider, 'parseRequirementLine');
    const result = await resolve(provider, { requirements: [parseRequirement('app')], target: makeTarget({ python: '3.12' }) });
    expect(result.ok && result.packages.map((p) => `${p.key}==${p.version}`)).toEqual(['app==1.0', 'lib==1.0']);
    // The walk from app 6.0 read app 5.0's line through the provider...
    expect(asked.mock.calls.map(([line]) => line)).toContain('lib==5.0');
    // ...and app 5.0's metadata, when it was tried, holds the very object the walk got.
    const walkGot = asked.mock.results[asked.mock.calls.findIndex(([line]) => line === 'lib==5.0')]!.value;
    expect(provider.getMetadata('app', 4).requirements[0]).toBe(walkGot);
  });

  it('pass through a layer that leaves metadata alone', () => {
    const index = indexOf({ app: { versions: { '1.0': { requires_dist: ['lib>=1'] } } } });
    const base = new IndexProvider(index);
    const layered = new OverridesProvider(base, []);
    expect(layered.parseRequirementLine('lib>=1')).toBe(base.parseRequirementLine('lib>=1'));
  });
});
