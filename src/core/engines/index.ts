/**
 * One engine interface over the same providers, targets and policies. `pubgrub` is the
 * complete resolver (./pubgrub); `pip` (resolvelib 1.0.1 + pip 23.2's provider, ./pip
 * and ./resolvelib) and `legacy` (pip 20.2's resolver, ./legacy) are registered beside it.
 */
import { resolve, type ResolveHooks, type ResolveRequest, type ResolveResult } from './pubgrub/resolve.ts';
import type { DependencyProvider } from '../solver/provider.ts';
import { pipEngine } from './pip/index.ts';
import type { PipRunDetail, PipRunOptions } from './pip/run.ts';
import { legacyEngine } from './legacy/index.ts';
import type { LegacyRunDetail } from './legacy/resolver.ts';

export type EngineName = 'pubgrub' | 'pip' | 'legacy';
export const ENGINE_NAMES: readonly EngineName[] = ['pubgrub', 'pip', 'legacy'];

export interface EngineRun {
  readonly engine: EngineName;
  /** The verdict and plan in the common shape; a failure carries a derivation tree when the engine makes one. */
  readonly result: ResolveResult;
  /** What the real installer would print for this run, line by line, when the engine models one (pip, legacy). */
  readonly output?: readonly string[];
  /** Engine-specific counters (pip: rounds as resolvelib counts them). */
  readonly rounds?: number;
  /** The pip engine's run: verdict, causes, stdout and stderr apart, counters. */
  readonly pip?: PipRunDetail;
  /** The legacy engine's run: whether pip 20.2 stopped, and the broken requirements it reported after installing. */
  readonly legacy?: LegacyRunDetail;
}

/**
 * What the installer engines print depends on how they were called: where each requirement
 * was written (`-r requirements.txt (line 3)`), the index's address, the interpreter's exact
 * version. Engines that print nothing ignore these.
 */
export type EngineOptions = PipRunOptions;

export interface Engine {
  readonly name: EngineName;
  readonly label: string;
  run(provider: DependencyProvider, request: ResolveRequest, hooks?: ResolveHooks, options?: EngineOptions): Promise<EngineRun>;
}

const pubgrub: Engine = {
  name: 'pubgrub',
  label: 'PubGrub (complete)',
  async run(provider, request, hooks) {
    const result = await resolve(provider, request, hooks);
    return { engine: 'pubgrub', result, rounds: result.stats.rounds };
  },
};

const registry = new Map<EngineName, Engine>([
  ['pubgrub', pubgrub],
  ['pip', pipEngine],
  ['legacy', legacyEngine],
]);

/** Engines register themselves here (the pip and legacy ports). */
export function registerEngine(engine: Engine): void {
  registry.set(engine.name, engine);
}

export function engine(name: EngineName): Engine {
  const found = registry.get(name);
  if (!found) throw new Error(`unknown engine '${name}' (known: ${[...registry.keys()].join(', ')})`);
  return found;
}

export function availableEngines(): readonly Engine[] {
  return [...registry.values()];
}

export function isEngineName(text: string): text is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(text);
}

export { compareEngines, summarizeRun } from './compare.ts';
export type { EngineComparison, EngineSummary } from './compare.ts';
export type { PipRunDetail, PipRunOptions } from './pip/run.ts';
export type { LegacyRunDetail, LegacyConflict } from './legacy/resolver.ts';
