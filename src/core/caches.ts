/**
 * The caches that live for the module rather than for an index: parsed marker literals and
 * targets' tag tables. Caches tied to an index (parsed versions, metadata, candidates) go with
 * the index. Cleared between runs by the benchmark, so that "warm" means a warm JIT only.
 */
import { clearTagTables } from './environment/tags.ts';
import { clearMarkerCaches } from './pep508/marker.ts';

export function clearModuleCaches(): void {
  clearMarkerCaches();
  clearTagTables();
}
