/** Whether a task is done, from what the participant has on screen: pure, so the page and tests agree. */
import { normalizeName } from '../pep508/index.ts';
import type { TaskSuccess } from './format.ts';

export interface TaskState {
  /** The outcome of the last resolve of the current text: 'solved', 'failed', ... or null before any. */
  readonly lastOutcome: string | null;
  /** The requirements text that last resolve was of. */
  readonly resolvedText: string;
  /** A package the participant named as the one that conflicts. */
  readonly namedPackage?: string;
}

function squash(line: string): string {
  return line.replace(/#.*$/, '').replace(/\s+/g, '').toLowerCase();
}

/** True when the state meets the task's success; 'researcher' tasks are never met by the page alone. */
export function taskSucceeded(success: TaskSuccess, state: TaskState): boolean {
  switch (success.kind) {
    case 'resolves':
      return state.lastOutcome === 'solved';
    case 'fix-applied': {
      if (state.lastOutcome !== 'solved') return false;
      const lines = new Set(state.resolvedText.split(/\r?\n/).map(squash).filter(Boolean));
      return success.requirements.every((r) => lines.has(squash(r)));
    }
    case 'names-package': {
      const named = state.namedPackage?.trim();
      if (!named) return false;
      const key = normalizeName(named.split(/[\s=<>!~[;(]/)[0] ?? named);
      return success.packages.some((p) => normalizeName(p) === key);
    }
    case 'researcher':
      return false;
  }
}
