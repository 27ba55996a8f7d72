/**
 * The worker's first resolve runs cold: on a first visit the default scenario's resolve and
 * explanation spent most of their 100–170 ms compiling, on the page's critical path. So the worker
 * resolves that scenario once, unasked, as soon as it has read it (bundled.ts), while the page is
 * still mounting; the page's own resolve then runs warm. Nothing of it is kept but the parsed
 * index it shares with that resolve.
 */
import { makeTarget, type LoadedIndex } from '../core/index.ts';
import type { PipetteScenario } from '../cache/scenario-file.ts';
import { RunProgressRelay } from './progress-relay.ts';
import { requestFor, resolveWithSnapshot, type ResolveJob } from './resolve-job.ts';

/** The job the page would send for `scenario` as opened, roughly: near enough to run the same code. */
export function warmUpJob(scenario: PipetteScenario): ResolveJob {
  return {
    index: { kind: 'snapshot', id: `warm-up:${scenario.id}` },
    requirements: scenario.requirements,
    format: 'requirements',
    target: makeTarget({ ...scenario.target }),
    policy: scenario.options.policy ?? 'pip',
    prereleases: scenario.options.prereleases ?? false,
  };
}

/** Resolves (and explains) `scenario` and drops the outcome; a scenario that fails to run is left alone. */
export async function warmUp(scenario: PipetteScenario, loaded: LoadedIndex): Promise<void> {
  try {
    const job = warmUpJob(scenario);
    const built = requestFor(job);
    if ('problems' in built) return;
    const progress = new RunProgressRelay(() => undefined);
    try {
      await resolveWithSnapshot(loaded, built.request, job, progress);
    } finally {
      progress.close();
    }
  } catch {
    // The page's own resolve of it reports whatever this met.
  }
}
