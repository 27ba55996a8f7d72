/** A cold run of bench/solver.ts: a new process that loads the snapshot and times one resolve. */
import { child } from './solver.ts';

await child(process.argv[2]!);
