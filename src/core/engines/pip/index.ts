/**
 * The `pip` engine: resolvelib 1.0.1 (../resolvelib) driven by pip 23.2.1's provider,
 * factory and reporter, with pip's whole output for the run.
 */
import type { Engine, EngineRun } from '../index.ts';
import { runPipResolver, type PipRunOptions } from './run.ts';

export { runPipResolver, PIP_MAX_ROUNDS, SNAPSHOT_INDEX_URL } from './run.ts';
export type { PipRunOptions, PipRunDetail, PipVerdict } from './run.ts';

export const pipEngine: Engine = {
  name: 'pip',
  label: 'pip 23.2 (resolvelib)',
  async run(provider, request, hooks, options?: PipRunOptions): Promise<EngineRun> {
    const { result, output, rounds, pip } = await runPipResolver(provider, request, hooks, options);
    return { engine: 'pip', result, output, rounds, pip };
  },
};
