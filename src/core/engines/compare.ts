/**
 * The three engines side by side on one request: what pip 23.2 would do, what pip 20.2 would
 * have installed (and which of its requirements that breaks), and the complete answer, each
 * with rounds, backtracks and time. Plain data, for the page and the CLI.
 */
import type { DependencyProvider } from '../solver/provider.ts';
import type { ResolveHooks, ResolveRequest } from '../solver/resolve.ts';
import { engine, type EngineName, type EngineOptions, type EngineRun } from './index.ts';

export interface EngineSummary {
  readonly engine: EngineName;
  readonly label: string;
  /** The engine found an install plan (legacy: pip 20.2 installed something, broken or not). */
  readonly ok: boolean;
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  readonly rounds: number;
  readonly backtracks: number;
  readonly elapsedMs: number;
  /** What the installer printed (pip, legacy). */
  readonly output: readonly string[];
  /** pip 20.2's broken requirements ("b 8.0.0 requires c==8.0.0, but you'll have c 7.0.0 …"). */
  readonly broken: readonly string[];
  /** The error the installer stopped with, if any. */
  readonly error: string | null;
}

export interface EngineComparison {
  readonly engines: readonly EngineSummary[];
  /**
   * pip 23.2 reports no solution although the complete resolver has one (resolvelib's
   * backjumping gave up too early): the solution, as "name==version".
   */
  readonly pipMissedSolution: readonly string[] | null;
}

export function summarizeRun(run: EngineRun, label: string): EngineSummary {
  const { result } = run;
  return {
    engine: run.engine,
    label,
    ok: result.ok,
    packages: result.ok ? result.packages.map((p) => ({ name: p.name, version: p.version })) : [],
    rounds: run.rounds ?? result.stats.rounds,
    backtracks: result.stats.backtracks,
    elapsedMs: result.stats.elapsedMs,
    output: run.output ?? [],
    broken: run.legacy?.conflicts.map((c) => c.line) ?? [],
    error: run.pip?.error ?? run.legacy?.error ?? null,
  };
}

export async function compareEngines(provider: DependencyProvider, request: ResolveRequest, hooks: ResolveHooks = {}, options: EngineOptions = {}): Promise<EngineComparison> {
  const summaries: EngineSummary[] = [];
  for (const name of ['pip', 'legacy', 'pubgrub'] as const) {
    const chosen = engine(name);
    summaries.push(summarizeRun(await chosen.run(provider, request, hooks, options), chosen.label));
  }
  const pip = summaries[0]!;
  const complete = summaries[2]!;
  return {
    engines: summaries,
    pipMissedSolution: !pip.ok && complete.ok ? complete.packages.map((p) => `${p.name}==${p.version}`) : null,
  };
}
