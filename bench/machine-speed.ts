/**
 * How fast this machine runs JavaScript now, apart from Pipette's code: a fixed piece of work
 * (JSON, string keys in a Map, sorting numbers, a typed array) timed in this process at the start
 * and the end of the bench. The load average says what else runs; it does not say when the
 * machine as a whole is slower (a host shared with other machines): on one day the same build
 * gave boto3-urllib3 warm in 51.6 ms and, on another, in 68 ms at the same load. With this figure
 * beside them, runs from different days can be read together: figures move with it.
 */

/** The work: the same on every run, about 10 ms on a 2-core machine. */
function referenceWork(): number {
  const records = Array.from({ length: 2000 }, (_, i) => ({ name: `project-${i}`, versions: [`${i % 7}.${i % 13}.${i}`, `${i}.0`], yanked: i % 11 === 0 }));
  const text = JSON.stringify(records);
  const parsed = JSON.parse(text) as typeof records;
  const byName = new Map<string, number>();
  for (const record of parsed) for (const version of record.versions) byName.set(`${record.name}==${version}`, version.length);
  const numbers = new Float64Array(50_000);
  let seed = 12345;
  for (let i = 0; i < numbers.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    numbers[i] = seed;
  }
  numbers.sort();
  return byName.size + numbers[0]!;
}

/** The fastest of ten runs of the reference work, after two untimed ones, in milliseconds. */
export function machineSpeedMs(): number {
  referenceWork();
  referenceWork();
  let best = Infinity;
  for (let run = 0; run < 10; run++) {
    const started = performance.now();
    referenceWork();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
