/**
 * A pool of worker threads for suite runs. In the built CLI (dist-cli/cli, plain JavaScript)
 * each thread loads the built suite-worker.js beside this code; run from the TypeScript
 * sources (tests, tsx) the thread registers tsx's loader first, then loads suite-worker.ts.
 */
import { Worker } from 'node:worker_threads';
import type { Cell } from '../core/index.ts';
import type { SuiteTask } from './suite-worker.ts';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

function startWorker(name: string): Worker {
  if (!FROM_SOURCES) return new Worker(new URL('./suite-worker.js', import.meta.url), { name });
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./suite-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, name });
}

export class SuitePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private failure: Error | null = null;
  /** Every worker has loaded the core and can take a scenario. */
  readonly ready: Promise<void>;

  constructor(readonly size: number) {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = startWorker(`pipette-suite-${i}`);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (message: { ready?: boolean }) => {
            if (!message.ready) return;
            worker.off('message', onMessage);
            resolve();
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
        }),
      );
      worker.on('error', (error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
      });
      this.all.push(worker);
      this.release(worker);
    }
    this.ready = Promise.all(ready).then(() => undefined);
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Runs one task on the next free worker. */
  async run(task: SuiteTask): Promise<Cell[]> {
    if (this.failure) throw this.failure;
    const worker = await this.acquire();
    try {
      return await new Promise<Cell[]>((resolve, reject) => {
        const onMessage = (message: { seq: number; cells?: Cell[]; crash?: string }) => {
          if (message.seq !== task.seq) return;
          cleanup();
          if (message.cells) resolve(message.cells);
          else reject(new Error(`worker crashed on ${task.entry.id}: ${message.crash}`));
        };
        const onError = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onExit = (code: number) => {
          cleanup();
          reject(new Error(`a worker thread stopped (exit code ${code}) while running ${task.entry.id}`));
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage(task);
      });
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
