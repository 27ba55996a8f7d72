/**
 * A made-up first resolve, run by the worker the page starts as it loads (spawn.ts), while the
 * page's own modules are still arriving and mounting. A worker's first resolve costs several
 * times a later one, because its code is compiled as it first runs; on a first visit that
 * resolve is what the person waits for. The job goes the page's way — a snapshot, pip's policy,
 * a conflict explained in every voice with its fixes checked — on an index of four projects, so
 * the page's first real resolve finds that code compiled. It leaves nothing behind.
 */
import { makeTarget } from '../core/index.ts';
import type { ResolveJob, ResolveOutcome } from './resolve-job.ts';

const WARM_UP_INDEX_ID = 'pipette:warm-up';

const WARM_UP_SNAPSHOT = {
  format: 'index-snapshot/1',
  source: 'Pipette’s worker warm-up (made up)',
  projects: {
    app: {
      versions: {
        '1.0': { requires_dist: ['lib>=2.0; python_version >= "3.8"', 'extra-lib[fast]>=1.0'], requires_python: '>=3.8' },
        '1.1': { requires_dist: ['lib>=2.1'], requires_python: '>=3.9' },
      },
    },
    other: { versions: { '1.0': { requires_dist: ['lib<2'] }, '0.9': { requires_dist: ['lib<1.5'] } } },
    lib: { versions: { '1.0': {}, '1.4': {}, '2.0': { requires_python: '>=3.8' }, '2.1': {}, '3.0rc1': {} } },
    'extra-lib': { versions: { '1.0': { requires_dist: ['lib; extra == "fast"'], provides_extra: ['fast'] } } },
  },
};

/** Runs the made-up resolve through `resolve` (the worker's own), then `forget`s its index; gives its outcome, or null when it failed. */
export async function warmUp(resolve: (job: ResolveJob) => Promise<ResolveOutcome>, forget: (indexId: string) => void): Promise<ResolveOutcome | null> {
  const job: ResolveJob = {
    index: { kind: 'snapshot', id: WARM_UP_INDEX_ID, unsavedSnapshot: WARM_UP_SNAPSHOT },
    requirements: '# warm-up\napp==1.0\nother>=0.9\n',
    format: 'requirements',
    target: makeTarget({ python: '3.12' }),
    policy: 'pip',
    prereleases: false,
    previousPlan: null,
    engine: 'pubgrub',
  };
  try {
    return await resolve(job);
  } catch {
    // Warming up is a favour: whatever goes wrong here, the page's own resolve will meet and report.
    return null;
  } finally {
    forget(WARM_UP_INDEX_ID);
  }
}
