/**
 * Whether the result on screen still answers the inputs on screen: it goes stale the moment
 * the requirements, the environment or the index change, and says which.
 */
import { currentJob } from './actions.ts';
import { changedInputs } from './job-diff.ts';
import { run } from './run.svelte.ts';

class Freshness {
  /** What changed since the result was computed ([] when it is current, or there is none). */
  readonly changed = $derived.by((): readonly string[] => {
    if (run.status !== 'done' || !run.outcome || !run.job) return [];
    return changedInputs(run.job, currentJob());
  });

  readonly stale = $derived(this.changed.length > 0);

  /** "the requirements and the environment changed". */
  readonly reason = $derived(this.changed.length === 0 ? '' : `${joinAnd(this.changed)} changed`);
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export const freshness = new Freshness();
