/**
 * Every version of a dependency broken: each `a 1.i` needs `b==1.i`, each `b 1.i` needs a `c>=2`
 * that does not exist. Once nothing of b can be used, every version of a that needs b fails at
 * once: a handful of conflicts, not one (and one proof step) per version.
 */
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';

function everyVersionBroken(count: number): PackageIndex {
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    a[`1.${i}`] = { requires_dist: [`b==1.${i}`] };
    b[`1.${i}`] = { requires_dist: ['c>=2'] };
  }
  const projects = loadProjects({ a: { versions: a }, b: { versions: b }, c: { versions: { '1.0': {} } } }).projects;
  return { source: 'generated', projects, environment: null, advisories: [] };
}

describe('every version of a dependency broken', () => {
  it('fails every depender at once, and says so', async () => {
    const provider = new IndexProvider(everyVersionBroken(2000));
    const request = { requirements: [parseRequirement('a')] };
    const result = await resolve(provider, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.stats.conflicts).toBeLessThan(5);
    const explanation = await explainFailure(provider, request, result, { search: false });
    expect(explanation.voices.pubgrub).toBe(
      'Because every version of a depends on b which depends on c>=2, but only c 1.0 exists, no version of a can be installed.\nSo, because you require a, your requirements cannot be met.',
    );
  });

  it('still picks a version whose dependency works', async () => {
    const index = everyVersionBroken(50);
    const projects = loadProjects({
      a: { versions: { ...Object.fromEntries([...index.projects.get('a')!.releases].map((r) => [r.version, { requires_dist: r.requiresDist }])), '0.9': { requires_dist: ['b'] } } },
      b: { versions: { ...Object.fromEntries([...index.projects.get('b')!.releases].map((r) => [r.version, { requires_dist: r.requiresDist }])), '0.1': {} } },
      c: { versions: { '1.0': {} } },
    }).projects;
    const result = await resolve(new IndexProvider({ ...index, projects }), { requirements: [parseRequirement('a')] });
    expect(result.ok && result.packages.map((p) => `${p.key}==${p.version}`).sort()).toEqual(['a==0.9', 'b==0.1']);
  });
});
