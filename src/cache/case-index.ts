/**
 * A resolution case that names its index by path (`"index": "indexes/x.json"`) is taken with
 * a snapshot already imported under that file's name, and its marker environment becomes
 * the scenario's target. Runs in the worker, beside imports.ts.
 */
import { targetFromMarkers, TargetError } from '../core/index.ts';
import type { ScenarioTarget } from './scenario-file.ts';
import type { StoredIndex } from './schema.ts';

type IndexSummary = Omit<StoredIndex, 'snapshot'>;

function fileName(path: string): string {
  return path.replace(/^.*[\\/]/, '').toLowerCase();
}

/** The imported index the path names: same file name (with or without `.json`), the newest first. */
export function indexForPath(path: string, indexes: readonly IndexSummary[]): IndexSummary | null {
  const base = fileName(path);
  const stem = base.replace(/\.json$/, '');
  const matches = indexes.filter((index) => {
    const title = index.title.toLowerCase();
    return title === base || title === stem || fileName(title) === base;
  });
  return matches.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
}

/** The target a case's marker environment describes; what can't be read is said in `warning`. */
export function caseTarget(environment: Readonly<Record<string, string>> | null): { target: ScenarioTarget; warning: string | null } {
  if (!environment) return { target: {}, warning: null };
  try {
    const target = targetFromMarkers({ ...environment });
    const lost = Object.keys(target.markerOverrides);
    return {
      target: { python: target.python, os: target.os, arch: target.arch, implementation: target.implementation },
      warning: lost.length ? `The case's ${lost.join(', ')} ${lost.length === 1 ? 'is' : 'are'} not kept by a scenario; set ${lost.length === 1 ? 'it' : 'them'} under Markers if they matter.` : null,
    };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    const python = environment['python_full_version'] ?? environment['python_version'];
    return { target: python ? { python } : {}, warning: `The case's environment could not be read as a whole (${error.message}); only its Python was taken.` };
  }
}
