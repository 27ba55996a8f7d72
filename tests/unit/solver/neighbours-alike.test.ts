/**
 * A dependency is widened to the neighbouring releases that depend alike (dependencies.ts), judged
 * from their Requires-Dist lines as published where it can be: those shortcuts must read a line as
 * pip does. Each index below has a newest release that conflicts with your requirements and an
 * older one that does not, whose line on the same project differs only in how it reads.
 */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, resolve } from '../../../src/core/index.ts';

async function resolveWith(olderLine: string) {
  const projects = loadProjects({
    a: { versions: { '1.0': { requires_dist: [olderLine, 'c'] }, '2.0': { requires_dist: [' b<2', 'c'] } } },
    b: { versions: { '1.0': {}, '3.0': {} } },
    c: { versions: { '1.0': {} } },
  }).projects;
  const index = { source: 'generated', projects, environment: null, advisories: [] };
  return resolve(new IndexProvider(index), { requirements: [parseRequirement('a'), parseRequirement('b>=2')] });
}

describe('neighbours that depend alike', () => {
  it.each([
    ['a line that begins with a space', ' b>=2'],
    ['a line whose marker does not hold here', 'b<2; sys_platform == "win32"'],
    ['a line in parentheses', 'b (>=2)'],
    ['a line in upper case', 'B>=2'],
  ])('tells apart %s', async (_name, olderLine) => {
    const result = await resolveWith(olderLine);
    expect(result.ok && Object.fromEntries(result.packages.map((p) => [p.key, p.version]))).toEqual({ a: '1.0', b: '3.0', c: '1.0' });
  });

  it('reads a direct reference on the project through the whole metadata, which reports it', async () => {
    const result = await resolveWith('b @ https://example.com/b-3.0-py3-none-any.whl');
    expect(result.ok && result.packages.map((p) => `${p.key} ${p.version}`)).toEqual(['a 1.0', 'b 3.0', 'c 1.0']);
    expect(result.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('ignored the direct reference b @ https://example.com/b-3.0-py3-none-any.whl'));
  });

  it('still widens over releases whose lines differ only on other projects', async () => {
    const projects = loadProjects({
      a: { versions: { '1.0': { requires_dist: ['b<2', 'c>=1'] }, '1.1': { requires_dist: ['b<2', 'c'] }, '2.0': { requires_dist: ['b<2'] } } },
      b: { versions: { '1.0': {}, '3.0': {} } },
      c: { versions: { '1.0': {} } },
    }).projects;
    const index = { source: 'generated', projects, environment: null, advisories: [] };
    const result = await resolve(new IndexProvider(index), { requirements: [parseRequirement('a'), parseRequirement('b>=2')] });
    expect(result.ok).toBe(false);
    // One incompatibility speaks for every release of a (one conflict), not one per release.
    expect(result.stats.conflicts).toBe(1);
  });
});
