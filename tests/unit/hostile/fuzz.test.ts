/** A short fuzz of every parser (npm run fuzz runs the same for longer): only typed errors come out. */
import { describe, expect, it } from 'vitest';
import { fuzzTarget } from '../../fuzz/fuzz.ts';
import { TARGETS } from '../../fuzz/targets.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

describe('fuzzing every parser briefly', () => {
  it.each(TARGETS.map((t) => ({ name: t.name, target: t })))('$name', ({ target }) => {
    const { runs, finding } = fuzzTarget(target, { runs: RUNS });
    expect(finding).toBeNull();
    expect(runs).toBeGreaterThanOrEqual(RUNS);
  });
});
