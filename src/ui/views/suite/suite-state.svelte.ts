/**
 * The interoperability lab's state: the suites kept in this browser, the combinations picked,
 * the run in progress (cells as they arrive, saved when it ends or is cancelled) and the runs
 * kept before.
 */
import { deleteSuite, listSuiteRuns, listSuites, saveSuiteRun, type StoredSuiteRun } from '../../../cache/suites.ts';
import { combinationId, type Cell, type Combination, type ScenarioRef, type SuiteRun, type SuiteSummary } from '../../../core/index.ts';
import { library } from '../../state/library.svelte.ts';
import { notices } from '../../state/notices.svelte.ts';
import { CancelledRun, defaultPoolSize, runPool, suiteHelper, type PickedFile, type PoolRun } from './suite-pool.ts';

function newRunId(): string {
  return `run:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

class SuiteLab {
  suites = $state.raw<readonly SuiteSummary[]>([]);
  selectedId = $state<string | null>(null);
  scenarios = $state.raw<readonly ScenarioRef[]>([]);
  /** The suite whose scenarios `scenarios` holds: until the selected one's are read, nothing can run. */
  private scenariosOf = $state<string | null>(null);
  runs = $state.raw<readonly StoredSuiteRun[]>([]);
  /** The run on screen: the one in progress, or one kept before. */
  run = $state.raw<SuiteRun | null>(null);
  cells = $state.raw<readonly Cell[]>([]);
  combinations = $state.raw<readonly Combination[]>([
    { engine: 'pubgrub', policy: 'uv', python: null, platform: null },
    { engine: 'pubgrub', policy: 'pip', python: null, platform: null },
  ]);
  poolSize = $state(defaultPoolSize());
  running = $state(false);
  importing = $state(false);
  private pool: PoolRun | null = null;

  readonly selected = $derived(this.suites.find((s) => s.id === this.selectedId) ?? null);
  /** The selected suite's scenarios are read: a run now runs them (not an empty list, not another suite's). */
  readonly ready = $derived(this.selected !== null && this.scenariosOf === this.selectedId);
  readonly progress = $derived(this.run ? { done: new Set(this.cells.map((c) => c.scenario)).size, total: this.run.scenarios.length } : null);

  async load(): Promise<void> {
    try {
      this.suites = await listSuites();
      if (!this.selectedId && this.suites.length) await this.select(this.suites[0]!.id);
    } catch (error) {
      notices.push('warning', `The suites kept in this browser can't be read (${(error as Error).message}).`);
    }
  }

  async select(id: string): Promise<void> {
    if (this.running) return;
    this.selectedId = id;
    this.run = null;
    this.cells = [];
    this.scenariosOf = null;
    const scenarios = await suiteHelper().scenarios(id);
    // Another suite picked meanwhile: its own select fills the list.
    if (this.selectedId !== id) return;
    this.scenarios = scenarios;
    this.scenariosOf = id;
    this.runs = await listSuiteRuns(id);
    if (this.runs.length) this.show(this.runs[0]!);
  }

  show(run: SuiteRun): void {
    this.run = run;
    this.cells = run.cells;
  }

  async importFiles(title: string, files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    this.importing = true;
    try {
      const picked: PickedFile[] = [];
      for (const file of files) picked.push({ path: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      await this.afterImport(await suiteHelper().importFiles(title, picked));
    } catch (error) {
      notices.push('error', `The suite could not be imported: ${(error as Error).message}`);
    } finally {
      this.importing = false;
    }
  }

  async importLibrary(origin: 'bundled' | 'user'): Promise<void> {
    this.importing = true;
    try {
      // On a first visit the bundled scenarios are still being stored: a suite of them waits for all.
      if (origin === 'bundled') await library.whenReady();
      await this.afterImport(await suiteHelper().importLibrary(origin));
    } catch (error) {
      notices.push('error', `The suite could not be made: ${(error as Error).message}`);
    } finally {
      this.importing = false;
    }
  }

  private async afterImport(outcome: Awaited<ReturnType<ReturnType<typeof suiteHelper>['importFiles']>>): Promise<void> {
    const { suite, storageError } = outcome;
    if (storageError) {
      notices.push('error', `${storageError} The suite was not kept.`);
      return;
    }
    if (suite.scenarios === 0) notices.push('error', `No scenarios found in ${suite.source.name}.`, { details: suite.problems });
    else if (suite.problems.length) notices.push('warning', `Imported ${suite.scenarios} scenarios from ${suite.source.name}; ${suite.problems.length} file${suite.problems.length === 1 ? '' : 's'} could not be used.`, { details: suite.problems });
    else notices.push('success', `Imported ${suite.scenarios} scenarios from ${suite.source.name}.`);
    this.suites = await listSuites();
    if (suite.scenarios > 0) await this.select(suite.id);
  }

  async remove(id: string): Promise<void> {
    try {
      await deleteSuite(id);
    } catch (error) {
      notices.push('error', (error as Error).message);
      return;
    }
    if (this.selectedId === id) {
      this.selectedId = null;
      this.run = null;
      this.cells = [];
      this.scenarios = [];
      this.scenariosOf = null;
      this.runs = [];
    }
    await this.load();
  }

  setCombinations(combinations: readonly Combination[]): void {
    const seen = new Set<string>();
    this.combinations = combinations.filter((c) => !seen.has(combinationId(c)) && seen.add(combinationId(c)));
  }

  async start(): Promise<void> {
    const suite = this.selected;
    if (!suite || !this.ready || this.running || this.combinations.length === 0) return;
    const started = performance.now();
    const base: SuiteRun = {
      id: newRunId(),
      suiteId: suite.id,
      suiteTitle: suite.title,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      state: 'running',
      combinations: this.combinations,
      scenarios: this.scenarios,
      cells: [],
      workers: Math.max(1, Math.min(this.poolSize, this.scenarios.length)),
      wallMs: 0,
    };
    this.run = base;
    this.cells = [];
    this.running = true;
    // Cells gather in a plain array and reach the screen twice a second: drawing the matrix
    // takes the page's thread, which on a small machine shares a core with the workers.
    const gathered: Cell[] = [];
    let flush: ReturnType<typeof setTimeout> | null = null;
    this.pool = runPool(this.poolSize, suite.id, this.scenarios.map((s) => s.id), this.combinations, (cells) => {
      gathered.push(...cells);
      flush ??= setTimeout(() => {
        flush = null;
        this.cells = [...gathered];
      }, 500);
    });
    let state: SuiteRun['state'] = 'done';
    let startupMs = 0;
    void this.pool.ready.then(() => (startupMs = performance.now() - started), () => {});
    try {
      await this.pool.done;
    } catch (error) {
      state = error instanceof CancelledRun ? 'cancelled' : 'failed';
      if (!(error instanceof CancelledRun)) notices.push('error', `The run stopped: ${(error as Error).message}`);
    }
    if (flush) clearTimeout(flush);
    const finished: SuiteRun = { ...base, state, cells: gathered, finishedAt: new Date().toISOString(), wallMs: performance.now() - started, startupMs };
    this.pool = null;
    this.running = false;
    this.show(finished);
    try {
      await saveSuiteRun(finished);
      this.runs = await listSuiteRuns(suite.id);
    } catch (error) {
      notices.push('warning', `${(error as Error).message} The results are on screen for this session; export them before closing.`);
    }
  }

  cancel(): void {
    this.pool?.cancel();
  }
}

export const lab = new SuiteLab();
