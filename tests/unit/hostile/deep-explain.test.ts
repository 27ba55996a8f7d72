/**
 * A failing dependency chain thousands of steps deep is explained in every voice, not overflowed:
 * 20,000 overflowed the stack when the proof was flattened into its tree, and took seconds to
 * explain while the clash and the facts compared every fact with every other.
 */
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, parseRequirement, resolve, VOICES, type PackageIndex } from '../../../src/core/index.ts';

function chain(depth: number): PackageIndex {
  const projects: Record<string, unknown> = { missing: { versions: { '1.0': {} } } };
  for (let i = 0; i < depth; i++) projects[`p${i}`] = { versions: { '1.0': { requires_dist: [`p${i + 1}`] } } };
  projects[`p${depth}`] = { versions: { '1.0': { requires_dist: ['missing>=2'] } } };
  return { source: 'generated', projects: loadProjects(projects).projects, environment: null, advisories: [] };
}

describe('a failing chain thousands deep', () => {
  it.each([5000, 20000])('%i deep is explained in every voice', async (depth) => {
    const provider = new IndexProvider(chain(depth));
    const request = { requirements: [parseRequirement('p0')] };
    const result = await resolve(provider, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const explanation = await explainFailure(provider, request, result, { search: false });
    for (const voice of VOICES) expect(explanation.voices[voice].length).toBeGreaterThan(0);
    expect(explanation.voices.pubgrub).toContain(`p${depth} which depends on missing>=2`);
    expect(explanation.voices.pubgrub).toMatch(/p0 .*can be installed|your requirements cannot be met/);
  }, 60_000);
});
