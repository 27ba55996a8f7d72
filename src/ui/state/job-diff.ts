/** Which inputs of a resolve differ between two jobs: pure, so it is tested without a page. */
import type { IndexChoice, ResolveJob } from '../../worker/client.ts';

/** The inputs that differ ("the requirements", "the environment", "the index"), in that order. */
export function changedInputs(resolved: ResolveJob, now: ResolveJob | string): string[] {
  // No job can be made now (an invalid environment, no index): the inputs changed somewhere.
  if (typeof now === 'string') return [now.startsWith('The environment') ? 'the environment' : 'the index'];
  const changed: string[] = [];
  if (resolved.requirements !== now.requirements || resolved.format !== now.format) changed.push('the requirements');
  if (
    resolved.policy !== now.policy ||
    resolved.prereleases !== now.prereleases ||
    JSON.stringify(resolved.target) !== JSON.stringify(now.target)
  ) {
    changed.push('the environment');
  }
  if (indexKey(resolved.index) !== indexKey(now.index)) changed.push('the index');
  return changed;
}

function indexKey(index: IndexChoice): string {
  if (index.kind === 'snapshot') return `snapshot:${index.id}`;
  return JSON.stringify([index.url, index.asOf, index.offline]);
}
