/**
 * `npm run fuzz [-- --seconds N] [--target NAME] [--seed N]`: fuzz every parser for N seconds in
 * all (default 60), print what each withstood, and each finding (an untyped error, or an input
 * that takes more than 2 s) with its seed and input as JSON,
 * ready to become a row of tests/unit/hostile/fuzz-findings.test.ts. Exit status 1 on a finding.
 */
import { parseArgs } from 'node:util';
import { fuzzTarget } from './fuzz.ts';
import { TARGETS } from './targets.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, target: { type: 'string' }, seed: { type: 'string' } } });
const seconds = Number(values.seconds ?? 60);
const targets = TARGETS.filter((t) => !values.target || t.name.includes(values.target));
const share = (seconds * 1000) / Math.max(1, targets.length);
let found = 0;
for (const target of targets) {
  const { runs, finding } = fuzzTarget(target, { millisecondsPerTarget: share, slowMs: 2000, ...(values.seed ? { seed: Number(values.seed) } : {}) });
  if (finding) {
    found++;
    console.log(`✗ ${target.name}: ${finding.error}\n  seed ${finding.seed}; input ${JSON.stringify(finding.input).slice(0, 2000)}`);
  } else {
    console.log(`✓ ${target.name}: ${runs.toLocaleString('en')} inputs`);
  }
}
process.exit(found > 0 ? 1 : 0);
