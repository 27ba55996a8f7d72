/**
 * Linear time, checked without a wall-clock bound: the cost of one input at the size limit
 * against `factor` inputs a `factor`-th of its size. Linear work gives about 1; quadratic work
 * gives about `factor`. Each side is the best of a few runs, to shrug off a busy machine.
 */
export function superlinearity(run: (input: string) => unknown, make: (size: number) => string, limit: number, factor = 16): number {
  const large = flat(make(limit));
  const small = flat(make(Math.floor(limit / factor)));
  // The best of a few runs: more of them when they are cheap, where a pause weighs most.
  const best = (work: () => void): number => {
    let least = Infinity;
    let total = 0;
    for (let runs = 0; runs < 7 && !(runs >= 2 && total > 150); runs++) {
      const started = performance.now();
      work();
      const cost = performance.now() - started;
      least = Math.min(least, cost);
      total += cost;
    }
    return least;
  };
  run(small); // warm up the code paths
  const smallCost = best(() => {
    for (let i = 0; i < factor; i++) run(small);
  });
  const largeCost = best(() => run(large));
  // Below a millisecond both sides are noise: call that linear.
  return largeCost < 1 ? 1 : largeCost / Math.max(smallCost, 0.05);
}

/** A flat copy: `repeat` and `+` build ropes, which the first reader pays to flatten. */
function flat(text: string): string {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

/** Repeats `unit` until the text is `size` characters long. */
export function repeatTo(unit: string, size: number, prefix = '', suffix = ''): string {
  const count = Math.max(0, Math.floor((size - prefix.length - suffix.length) / unit.length));
  return prefix + unit.repeat(count) + suffix;
}

/** `superlinearity` for work that is asynchronous (a resolve), on inputs of any kind. */
export async function superlinearityAsync<T>(run: (input: T) => Promise<unknown>, make: (size: number) => T, limit: number, factor = 16): Promise<number> {
  const large = make(limit);
  const small = make(Math.floor(limit / factor));
  const best = async (work: () => Promise<void>): Promise<number> => {
    let least = Infinity;
    let total = 0;
    for (let runs = 0; runs < 5 && !(runs >= 2 && total > 300); runs++) {
      const started = performance.now();
      await work();
      const cost = performance.now() - started;
      least = Math.min(least, cost);
      total += cost;
    }
    return least;
  };
  await run(small);
  const smallCost = await best(async () => {
    for (let i = 0; i < factor; i++) await run(small);
  });
  const largeCost = await best(() => run(large).then(() => undefined));
  return largeCost < 1 ? 1 : largeCost / Math.max(smallCost, 0.05);
}
