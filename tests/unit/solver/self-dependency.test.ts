/** Releases that depend on their own project: directly, through an extra, through a cycle. */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve, type PackageIndex } from '../../../src/core/index.ts';

function indexOf(projects: Record<string, unknown>): PackageIndex {
  return { source: 'generated', projects: loadProjects(projects).projects, environment: null, advisories: [] };
}

async function plan(projects: Record<string, unknown>, ...requirements: string[]): Promise<Record<string, string> | null> {
  const result = await resolve(new IndexProvider(indexOf(projects)), { requirements: requirements.map((r) => parseRequirement(r)) });
  return result.ok ? Object.fromEntries(result.packages.map((p) => [p.key, p.version])) : null;
}

describe('a release that depends on its own project', () => {
  it.each([
    ['directly', { a: { versions: { '1.0': {}, '2.0': { requires_dist: ['a<2'] } } } }, ['a'], { a: '1.0' }],
    ['through an extra it asks for', { a: { versions: { '1.0': {}, '2.0': { requires_dist: ['a[x]<2'], provides_extra: ['x'] } } } }, ['a'], { a: '1.0' }],
    [
      'inside an extra',
      { a: { versions: { '1.0': { provides_extra: ['x'] }, '2.0': { requires_dist: ['a<2; extra == "x"'], provides_extra: ['x'] } } } },
      ['a[x]'],
      { a: '1.0' },
    ],
    ['through a cycle', { a: { versions: { '1.0': {}, '2.0': { requires_dist: ['b'] } } }, b: { versions: { '1.0': { requires_dist: ['a<2'] } } } }, ['a'], { a: '1.0' }],
    ['satisfied by itself', { a: { versions: { '1.0': {}, '2.0': { requires_dist: ['a>=2'] } } } }, ['a'], { a: '2.0' }],
    ['among neighbours alike', { a: { versions: { '1.0': {}, '1.5': { requires_dist: ['a<2'] }, '2.0': { requires_dist: ['a<2'] } } } }, ['a'], { a: '1.5' }],
  ])('%s', async (_name, projects, requirements, expected) => {
    expect(await plan(projects, ...requirements)).toEqual(expected);
  });

  it('fails, without crashing, when no release of it can satisfy it', async () => {
    expect(await plan({ a: { versions: { '2.0': { requires_dist: ['a<2'] } } } }, 'a')).toBeNull();
    expect(await plan({ a: { versions: { '1.0': { requires_dist: ['a>1'] } , '2.0': { requires_dist: ['a<2'] } } } }, 'a')).toBeNull();
  });
});
