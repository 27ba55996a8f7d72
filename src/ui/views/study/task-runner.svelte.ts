/**
 * What a task step does, whichever face it has (the lab view or the terminal only): open its
 * scenario, restore the participant's draft, resolve and log each outcome, check success,
 * and end the step (success, give up, time limit).
 */
import { clipText, studyWording, taskSucceeded, WORDING_LEVEL, type TaskStep } from '../../../core/index.ts';
import type { ResolveJob } from '../../../worker/resolve-job.ts';
import { library } from '../../state/library.svelte.ts';
import { openScenario, currentJob } from '../../state/actions.ts';
import { run } from '../../state/run.svelte.ts';
import { workspace } from '../../state/workspace.svelte.ts';
import { studySession } from './session.svelte.ts';

const EDIT_QUIET_MS = 800;

/** The resolve as the participant's condition shows it: its wording variant, verbosity and fixes. */
function conditionJob(job: ResolveJob): ResolveJob {
  const flags = studySession.flags;
  const study = studySession.study;
  if (!flags || !study) return job;
  const variant = studyWording(study, flags);
  return {
    ...job,
    ...(variant ? { variant } : {}),
    verbosity: WORDING_LEVEL[flags.verbosity],
    // Fixes off: no search for them at all, so no voice offers them (pip's voice then gives pip's own generic advice).
    ...(flags.fixes === false ? { explainBudgetMs: 0 } : {}),
  };
}

export class TaskRunner {
  ready = $state(false);
  error = $state<string | null>(null);
  /** The outcome kind of the last resolve of this step, and its text. */
  lastOutcome = $state<string | null>(null);
  resolvedText = $state('');
  secondsLeft = $state<number | null>(null);
  private loggedSize = 0;
  private editTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private ending = false;

  constructor(readonly step: TaskStep) {}

  async open(): Promise<void> {
    try {
      if (!library.ready) {
        await library.loadCache();
        await library.refreshBundled(new URL(import.meta.env.BASE_URL, location.href).href);
      }
      const record = library.byId(`bundled:${this.step.scenario}`);
      if (!record) throw new Error(`The scenario “${this.step.scenario}” of this task is missing; tell the researcher.`);
      openScenario(record, false);
      const draft = await studySession.enterStep(record.requirements);
      if (draft.text !== record.requirements) workspace.replaceText(draft.text);
      this.lastOutcome = draft.lastOutcome;
      this.resolvedText = draft.resolvedText;
      this.loggedSize = workspace.text.length;
      studySession.screenText = workspace.text;
      studySession.screenOutcome = draft.lastOutcome;
      studySession.broadcast();
      this.ready = true;
      if (this.step.timeLimitSeconds) {
        const deadline = Date.parse(draft.startedWall) + this.step.timeLimitSeconds * 1000;
        const tick = () => {
          this.secondsLeft = Math.max(0, Math.round((deadline - Date.now()) / 1000));
          if (this.secondsLeft === 0) void this.end('timeout');
        };
        tick();
        this.ticker = setInterval(tick, 1000);
      }
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.editTimer) {
      clearTimeout(this.editTimer);
      void this.flushEdit();
    }
  }

  /** The participant changed the text: logged once they pause, with its size. */
  edited(text: string): void {
    workspace.text = text;
    studySession.screenText = text;
    // The text is kept at once (a reload brings it back); the edit event waits for a pause.
    void studySession.saveDraft({ text });
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => void this.flushEdit(), EDIT_QUIET_MS);
  }

  async flushEdit(via = 'editor'): Promise<void> {
    this.editTimer = null;
    const text = workspace.text;
    if (this.ending) return;
    const size = text.length;
    const delta = size - this.loggedSize;
    this.loggedSize = size;
    await studySession.log('edit', this.step.id, { size, delta, lines: text.split('\n').length, via }, (r) => (r.draft ? { draft: { ...r.draft, text } } : {}));
  }

  /** Resolves the text on screen; logs the outcome and checks success. */
  async resolve(via: string): Promise<void> {
    if (this.editTimer) {
      clearTimeout(this.editTimer);
      await this.flushEdit();
    }
    const job = currentJob();
    if (typeof job === 'string') {
      this.error = job;
      return;
    }
    const started = performance.now();
    await run.start(conditionJob(job));
    const outcome = run.outcome;
    if (run.status !== 'done' || !outcome) return;
    await this.resolved(outcome.kind, job.requirements, Math.round(performance.now() - started), via);
  }

  async resolved(kind: string, text: string, ms: number, via: string): Promise<void> {
    this.lastOutcome = kind;
    this.resolvedText = text;
    studySession.screenOutcome = kind;
    await studySession.log('resolve', this.step.id, { outcome: kind, ms, size: text.length, via }, (r) => (r.draft ? { draft: { ...r.draft, text, resolvedText: text, lastOutcome: kind } } : {}));
    if (this.step.success.kind !== 'names-package' && taskSucceeded(this.step.success, { lastOutcome: kind, resolvedText: text })) await this.end('success');
  }

  /** The participant names the package that conflicts. */
  async answer(value: string): Promise<boolean> {
    const correct = taskSucceeded(this.step.success, { lastOutcome: this.lastOutcome, resolvedText: this.resolvedText, namedPackage: value });
    await studySession.log('answer', this.step.id, { value: clipText(value, 200), correct });
    if (correct) await this.end('success', { answer: clipText(value, 200) });
    return correct;
  }

  async giveUp(): Promise<void> {
    await studySession.log('give-up', this.step.id, { secondsLeft: this.secondsLeft });
    await this.end('gave-up');
  }

  async end(outcome: 'success' | 'gave-up' | 'timeout' | 'done', data: Record<string, unknown> = {}): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.close();
    run.cancel();
    await studySession.endStep(outcome, data);
  }
}
