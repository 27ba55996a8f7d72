/** The resolve in flight and the last outcome. One at a time: a new run cancels the old. */
import { CancelledError, resolver, WorkerStoppedError, type ResolveJob, type ResolveOutcome, type RunProgress } from '../../worker/client.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

class Run {
  status = $state<RunStatus>('idle');
  progress = $state.raw<RunProgress | null>(null);
  outcome = $state.raw<ResolveOutcome | null>(null);
  /** The job behind `outcome`: "why not newer" and exports ask about it, not the editor's text. */
  job = $state.raw<ResolveJob | null>(null);
  /** The scenario's title as shown when the job was sent: exports of the result carry it. */
  title = $state('');
  error = $state<string | null>(null);
  /** The last plan that resolved (name -> version) and its index: fixes say what they change against it. */
  private lastSolved: { index: string; plan: Record<string, string> } | null = null;
  /** Milliseconds since the run started, ticking on the page (the worker may be too busy to say). */
  elapsedMs = $state(0);
  private controller: AbortController | null = null;
  private endFirstRun: () => void = () => undefined;
  private readonly firstRunEnded = new Promise<void>((resolve) => (this.endFirstRun = resolve));

  /**
   * Settles when the page's first resolve has ended, however it ended, or after `atTheLatestMs`:
   * for work that should not compete with the first result (the editor, the offline copy).
   */
  afterFirstRun(atTheLatestMs: number): Promise<void> {
    return Promise.race([this.firstRunEnded, new Promise<void>((wake) => setTimeout(wake, atTheLatestMs))]);
  }

  /**
   * `onOutcome` hears of the outcome just before it is shown, in the same update: what it changes
   * (the tab to show it in) is drawn once, not after a first drawing in the old state.
   */
  async start(job: ResolveJob, title = '', onOutcome?: (outcome: ResolveOutcome) => void): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'running';
    this.progress = null;
    this.outcome = null;
    this.error = null;
    this.elapsedMs = 0;
    const started = performance.now();
    const ticker = setInterval(() => {
      this.elapsedMs = performance.now() - started;
    }, 100);
    try {
      const outcome = await resolver.resolve(
        job,
        (progress) => {
          if (this.controller === controller) this.progress = progress;
        },
        { signal: controller.signal },
      );
      if (this.controller !== controller) return;
      onOutcome?.(outcome);
      this.outcome = outcome;
      this.job = job;
      this.title = title;
      this.status = 'done';
      if (outcome.kind === 'solved') this.lastSolved = { index: indexKey(job), plan: Object.fromEntries(outcome.result.packages.map((p) => [p.name, p.version])) };
    } catch (error) {
      if (this.controller !== controller) return;
      if (error instanceof CancelledError) {
        this.status = 'cancelled';
      } else {
        this.status = 'error';
        this.error = error instanceof WorkerStoppedError || error instanceof Error ? error.message : String(error);
      }
    } finally {
      clearInterval(ticker);
      this.endFirstRun();
      if (this.controller === controller) {
        this.elapsedMs = performance.now() - started;
        this.controller = null;
      }
    }
  }

  /** Stops the resolve at once (the worker is terminated and started afresh on next use). */
  cancel(): void {
    this.controller?.abort();
  }

  /** The last plan that resolved against the same index, for a failing job's fixes to compare with. */
  previousPlanFor(job: Pick<ResolveJob, 'index'>): Record<string, string> | null {
    return this.lastSolved && this.lastSolved.index === indexKey(job) ? this.lastSolved.plan : null;
  }

  reset(): void {
    this.cancel();
    this.lastSolved = null;
    this.status = 'idle';
    this.outcome = null;
    this.progress = null;
    this.error = null;
  }
}

function indexKey(job: Pick<ResolveJob, 'index'>): string {
  return job.index.kind === 'snapshot' ? `snapshot:${job.index.id}` : `live:${JSON.stringify(job.index)}`;
}

export const run = new Run();
