/**
 * Settles V8's young generation after an index is loaded and before a resolve is timed.
 *
 * `JSON.parse` of a 9 MB snapshot leaves the young generation full of new, live objects. The
 * resolve's first allocations then set off a scavenge, and that scavenge copies the snapshot's
 * objects out: 10 to 25 ms, landing in the timed resolve. That is the load's cost, which the
 * in-process figures leave out by definition ("loaded before the clock starts"). Two scavenges
 * move those objects to the old generation (the first copies survivors, the second promotes
 * them), so a scavenge during the resolve copies only what the resolve itself keeps.
 *
 * Only scavenges are forced. A full collection between runs made V8 flush the bytecode of idle
 * functions, and warm runs took 2.5× as long (bench/solver.ts, bench/in-process.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

let collect: Collect | undefined;

export function settleYoungGeneration(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  collect({ type: 'minor' });
  collect({ type: 'minor' });
}
