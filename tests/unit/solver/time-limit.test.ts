/** A resolve bounded in time stops between decisions and says what it tried and what it proved. */
import { describe, expect, it } from 'vitest';
import { IndexProvider, loadProjects, parseRequirement, pubgrubReport, resolve, ResolveTimeLimitError, type PackageIndex } from '../../../src/core/index.ts';

/** Every version of each package depends on a narrowing range of the next; the last needs what is missing. */
function heavyIndex(depth: number, width: number): PackageIndex {
  const projects: Record<string, unknown> = {};
  for (let d = 0; d < depth; d++) {
    const versions: Record<string, unknown> = {};
    for (let v = 1; v <= width; v++) versions[`${v}.0`] = { requires_dist: d + 1 < depth ? [`p${d + 1}>=${v}.0`] : [v % 2 ? 'q<2' : 'q>=2'] };
    projects[`p${d}`] = { versions };
  }
  projects.q = { versions: { '1.0': { requires_dist: ['r==1'] }, '2.0': { requires_dist: ['r==2'] } } };
  projects.r = { versions: { '3.0': {} } };
  return { source: 'generated', projects: loadProjects(projects).projects, environment: null, advisories: [] };
}

describe('--max-seconds in the core: maxMs', () => {
  it('stops with ResolveTimeLimitError past the limit, with counts, the packages in conflict and a partial proof', async () => {
    let clock = 0;
    const run = resolve(new IndexProvider(heavyIndex(6, 20)), { requirements: [parseRequirement('p0')] }, { maxMs: 40, now: () => (clock += 1) });
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResolveTimeLimitError);
    const { report, message } = error as ResolveTimeLimitError;
    expect(report.limitMs).toBe(40);
    expect(report.progress.decisions).toBeGreaterThan(0);
    expect(message).toMatch(/^The resolve stopped at its time limit of 0.04 s without an answer, after \d+ decisions?, \d+ conflicts? and \d+ backtracks? over \d+ packages?\./);
    // The fake clock ticks once per check: the run stops after a few conflicts, on a proven fact.
    expect(report.progress.conflicts).toBeGreaterThan(0);
    expect(report.mostConflicted[0]).toEqual({ name: expect.any(String), conflicts: expect.any(Number) });
    expect(message).toContain('The packages in the most conflicts: ');
    expect(pubgrubReport(report.partial!)).toMatch(/cannot be installed\.$/);
  });

  it('answers as usual within the limit', async () => {
    const result = await resolve(new IndexProvider(heavyIndex(3, 3)), { requirements: [parseRequirement('p0')] }, { maxMs: 60_000 });
    expect(result.ok).toBe(false);
  });
});
