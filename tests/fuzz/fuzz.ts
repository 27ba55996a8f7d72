/**
 * The fuzzer: each target gets inputs until its share of the time or runs is spent; an input
 * that makes it throw anything but its own typed errors is a finding, shrunk by fast-check to a
 * small example. Findings become regression tests (tests/unit/hostile/fuzz-findings.test.ts).
 */
import fc from 'fast-check';
import { inputsFor, isAllowed, type FuzzTarget } from './targets.ts';

export interface Finding {
  readonly target: string;
  readonly input: string;
  readonly error: string;
  readonly seed: number;
}

export interface FuzzOptions {
  readonly runs?: number;
  /** Per target; with it, runs are unbounded until the time is up. */
  readonly millisecondsPerTarget?: number;
  readonly seed?: number;
  /** An input that takes longer than this is a finding too (a hang in the making); off by default. */
  readonly slowMs?: number;
}

export class SlowInputError extends Error {
  override readonly name = 'SlowInputError';
}

export function fuzzTarget(target: FuzzTarget, options: FuzzOptions = {}): { runs: number; finding: Finding | null } {
  let runs = 0;
  const property = fc.property(inputsFor(target), (input) => {
    runs++;
    const started = performance.now();
    try {
      target.run(input);
    } catch (error) {
      if (!isAllowed(target, error)) throw error;
    }
    const took = performance.now() - started;
    if (options.slowMs !== undefined && took > options.slowMs) throw new SlowInputError(`took ${Math.round(took)} ms on ${input.length} characters`);
  });
  const seed = options.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  const result = fc.check(property, {
    seed,
    numRuns: options.millisecondsPerTarget ? Number.MAX_SAFE_INTEGER : (options.runs ?? 200),
    ...(options.millisecondsPerTarget ? { interruptAfterTimeLimit: options.millisecondsPerTarget, markInterruptAsFailure: false } : {}),
  });
  if (!result.failed || !result.counterexample) return { runs, finding: null };
  const error = result.errorInstance;
  return {
    runs,
    finding: {
      target: target.name,
      input: result.counterexample[0] as string,
      error: error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error),
      seed,
    },
  };
}
