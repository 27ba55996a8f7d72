/** The `legacy` engine: pip 20.2.4's resolver (first requirement wins, no backtracking). */
import type { Engine, EngineRun } from '../index.ts';
import { runLegacyResolver } from './resolver.ts';

export { runLegacyResolver } from './resolver.ts';
export type { LegacyRunDetail, LegacyConflict } from './resolver.ts';

export const legacyEngine: Engine = {
  name: 'legacy',
  label: 'pip 20.2 (legacy resolver)',
  async run(provider, request, hooks, options): Promise<EngineRun> {
    const { result, output, legacy } = await runLegacyResolver(provider, request, hooks, options);
    return { engine: 'legacy', result, output, legacy };
  },
};
