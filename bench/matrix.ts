/**
 * The environment matrix: one set of requirements resolved for Python 3.8–3.12 on Linux, as the
 * page's worker does it (the same core, in-process here), cold (a new provider, nothing parsed)
 * and warm; beside it pip 23.2 resolving the same requirements for one of those Pythons through
 * ../shared/peers/pip_resolve.py, in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexProvider, parseRequirement, resolveMatrix } from '../src/core/index.ts';
import { readIndexFile, sharedDataDir, sharedPeersDir } from '../src/cli/files.ts';

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
  if (!options.pip || !peers) return;
  const scratch = mkdtempSync(join(tmpdir(), 'pipette-matrix-'));
  try {
    writeFileSync(join(scratch, 'requirements.txt'), `${(options.requirements ?? ['pandas']).join('\n')}\n`);
    const out = execFileSync('python3', [join(peers, 'pip_resolve.py'), join(data, SNAPSHOT), join(scratch, 'requirements.txt'), '--python', '3.10', '--timeout', '300'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const pip = JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; seconds: number };
    console.log(`  pip 23.2, one target (3.10), whole process: ${pip.seconds.toFixed(2)} s; Pipette's five targets warm are ${((pip.seconds * 1000) / warm[2]!).toFixed(0)}× faster than pip's one`);
  } catch (error) {
    console.log(`  pip did not run: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
