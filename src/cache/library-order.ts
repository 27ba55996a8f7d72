/**
 * The scenario library's order: by kind (SCENARIO_KINDS), then title. The page lists scenarios
 * in it and opens the first on a first visit; the worker reads the bundled ones in it, so that
 * this first one is ready first.
 */
import { SCENARIO_KINDS } from '../core/export/index.ts';

export function libraryOrder(a: { readonly kind: string; readonly title: string }, b: { readonly kind: string; readonly title: string }): number {
  const rank = (kind: string) => {
    const i = (SCENARIO_KINDS as readonly string[]).indexOf(kind);
    return i < 0 ? SCENARIO_KINDS.length : i;
  };
  return rank(a.kind) - rank(b.kind) || a.title.localeCompare(b.title);
}
