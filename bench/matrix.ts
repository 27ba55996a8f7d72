/**
 * The environment matrix: one set of requirements resolved for Python 3.8–3.12 on Linux, as the
 * page's worker does it (the same core, in-process here), cold (a new provider, nothing parsed)
 * and warm; beside it pip 23.2 resolving the same requirements for one of those Pythons (as
 * ../shared/peers/pip_resolve.py runs it, on the pip index whole-process.ts builds once), in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexProvider, parseRequirement, resolveMatrix } from '../src/core/index.ts';
import { readIndexFile, sharedDataDir, sharedPeersDir } from '../src/cli/files.ts';
import { hasPython, ProcessMeter } from './whole-process.ts';

const SNAPSHOT = 'indexes/pypi-2023-09-popular.json';
const PYTHONS = ['3.8', '3.9', '3.10', '3.11', '3.12'];

export async function benchMatrix(options: { pip: boolean; requirements?: readonly string[] } = { pip: true }): Promise<void> {
  const data = sharedDataDir();
  console.log('\nEnvironment matrix (pandas for Python 3.8–3.12 on Linux):');
  if (!data) {
    console.log('  skipped — ../shared/data is not here.');
    return;
  }
  const requirements = (options.requirements ?? ['pandas']).map((r) => parseRequirement(r));
  const loadStarted = performance.now();
  const { index, warnings } = readIndexFile(join(data, SNAPSHOT));
  const loadMs = performance.now() - loadStarted;
  const timed = async (): Promise<{ ms: number; ok: number }> => {
    const started = performance.now();
    const cells = await resolveMatrix(new IndexProvider(index, warnings), requirements, PYTHONS, ['linux']);
    return { ms: performance.now() - started, ok: cells.filter((c) => c.ok).length };
  };
  const cold = await timed();
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await timed()).ms);
  warm.sort((a, b) => a - b);
  console.log(`  snapshot load ${loadMs.toFixed(0)} ms; matrix of ${PYTHONS.length} targets: cold ${cold.ms.toFixed(0)} ms, warm median ${warm[2]!.toFixed(0)} ms (${cold.ok}/${PYTHONS.length} resolve; goal under 2000 ms in the worker)`);
  const peers = sharedPeersDir();
  if (!options.pip || !peers || !hasPython()) return;
  const scratch = mkdtempSync(join(tmpdir(), 'pipette-matrix-'));
  const meter = new ProcessMeter(peers);
  try {
    writeFileSync(join(scratch, 'requirements.txt'), `${(options.requirements ?? ['pandas']).join('\n')}\n`);
    const pip = await meter.pip(join(data, SNAPSHOT), join(scratch, 'requirements.txt'), { python: '3.10', pre: false, timeout: 300 });
    if (pip.timed_out || pip.rc !== 0) console.log(`  pip did not solve it (exit ${pip.rc}${pip.timed_out ? ', time-out' : ''}): ${pip.tail.slice(-1)[0] ?? ''}`);
    else console.log(`  pip 23.2, one target (3.10), whole process: ${pip.wall.toFixed(2)} s wall, ${(pip.user + pip.sys).toFixed(2)} s CPU; Pipette's five targets warm are ${((pip.wall * 1000) / warm[2]!).toFixed(0)}× faster than pip's one`);
  } catch (error) {
    console.log(`  pip did not run: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    meter.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
