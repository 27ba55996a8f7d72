/**
 * A worker thread of `pipette suite run`: takes one scenario at a time, runs it in every
 * combination and posts the cells back. Indexes that cases name are read once per thread.
 */
import { parentPort } from 'node:worker_threads';
import { loadEntry, MAX_SNAPSHOT_BYTES, parseSnapshotText, runScenario, type Combination, type PackageIndex, type SuiteEntry } from '../core/index.ts';
import { readIndexFile } from './files.ts';

export interface SuiteTask {
  readonly seq: number;
  readonly entry: SuiteEntry;
  readonly combinations: readonly Combination[];
  /** The snapshot text of an index that came inside a zip (`entry.indexRef` names it). */
  readonly indexText?: string;
}

const indexes = new Map<string, PackageIndex>();

function lookup(task: SuiteTask): (ref: string) => PackageIndex | null {
  return (ref) => {
    let index = indexes.get(ref);
    if (!index) {
      index = task.indexText !== undefined ? parseSnapshotText(task.indexText, MAX_SNAPSHOT_BYTES, { lazy: true }).index : readIndexFile(ref, { lazy: true }).index;
      indexes.set(ref, index);
    }
    return index;
  };
}

parentPort!.postMessage({ ready: true });

parentPort!.on('message', (task: SuiteTask) => {
  void (async () => {
    let loaded;
    try {
      loaded = loadEntry(task.entry, lookup(task));
    } catch (error) {
      loaded = { error: (error as Error).message };
    }
    const cells = await runScenario(task.entry, loaded, task.combinations, () => performance.now());
    parentPort!.postMessage({ seq: task.seq, cells });
  })().catch((error: unknown) => parentPort!.postMessage({ seq: task.seq, crash: error instanceof Error ? error.stack ?? error.message : String(error) }));
});
