/**
 * The scenario library and the indexes: bundled (loaded into the cache on first run with a
 * progress bar), imported and the person's own. Whatever the cache refuses stays here in
 * memory for the session, and the person is told.
 */
import { deleteScenario, getIndex, listIndexes, listScenarios, putScenario, putScenarioWithIndex, toStorageError } from '../../cache/db.ts';
import { scenarioListText, toScenarioFile } from '../../cache/scenario-file.ts';
import { libraryOrder } from '../../cache/library-order.ts';
import type { ScenarioRecord, StoredIndex } from '../../cache/schema.ts';
import { resolver, WorkerStoppedError, type BundleProgress, type BundleReport, type ImportResult } from '../../worker/client.ts';
import { isLiveIndexId } from './live-index-choice.ts';
import { notices } from './notices.svelte.ts';

/** How often the bundled scenarios' refresh is taken up again after the worker was restarted under it. */
const REFRESH_ATTEMPTS = 3;

export type IndexSummary = Omit<StoredIndex, 'snapshot'>;

function byTitle(a: { title: string }, b: { title: string }): number {
  return a.title.localeCompare(b.title);
}

class Library {
  scenarios = $state.raw<readonly ScenarioRecord[]>([]);
  indexes = $state.raw<readonly IndexSummary[]>([]);
  /** Set while the bundled scenarios load on first run. */
  progress = $state.raw<BundleProgress | null>(null);
  ready = $state(false);
  private readonly readyWaiters: (() => void)[] = [];
  /** Ids of scenarios and indexes that live only in memory this session (the cache refused them). */
  unsavedIds = $state.raw<ReadonlySet<string>>(new Set());
  private readonly unsavedSnapshots = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly unsavedScenarios = new Map<string, ScenarioRecord>();
  private readonly unsavedIndexes = new Map<string, IndexSummary>();

  /** In the order of the kinds of trouble (direct clash first), as the library presents them. */
  readonly bundled = $derived(this.scenarios.filter((s) => s.origin === 'bundled').sort(libraryOrder));
  readonly mine = $derived(this.scenarios.filter((s) => s.origin === 'user').sort(byTitle));

  /** The snapshot to send along with a resolve when the cache does not hold it. */
  unsavedSnapshot(indexId: string): Readonly<Record<string, unknown>> | undefined {
    return this.unsavedSnapshots.get(indexId);
  }

  byId(id: string): ScenarioRecord | undefined {
    return this.scenarios.find((s) => s.id === id);
  }

  indexById(id: string): IndexSummary | undefined {
    return this.indexes.find((i) => i.id === id);
  }

  /** Settles once the bundled scenarios' refresh has ended (at once when it has): only then are they all in the cache. */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Lists what the cache holds: a returning visitor's library, before anything is fetched. */
  async loadCache(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      notices.push('warning', `This browser's storage can't be opened (${(error as Error).message}); scenarios will not be kept after you close the page.`);
    }
  }

  /**
   * Brings the bundled scenarios up to date: with a progress bar on first run, quietly after.
   * On first run each scenario joins the library as soon as the worker has read it, and
   * `onScenario` hears of it (the default comes first), so the page need not wait for them all.
   */
  async refreshBundled(baseUrl: string, onScenario?: (record: ScenarioRecord) => void): Promise<void> {
    const firstRun = this.bundled.length === 0;
    if (firstRun) this.progress = { done: 0, total: 1, title: '' };
    try {
      const onProgress = (progress: BundleProgress) => {
        if (!firstRun) return;
        this.progress = progress;
        const record = progress.scenario;
        if (record && !this.scenarios.some((s) => s.id === record.id)) {
          this.scenarios = [...this.scenarios, record];
          onScenario?.(record);
        }
      };
      // A resolve cancelled meanwhile restarts the worker under the refresh: it stores only what is
      // missing, so it simply goes on in the new one.
      let report: BundleReport | null = null;
      for (let attempt = 1; report === null; attempt++) {
        try {
          report = await resolver.refreshBundled(baseUrl, onProgress);
        } catch (error) {
          if (!(error instanceof WorkerStoppedError) || attempt >= REFRESH_ATTEMPTS) throw error;
        }
      }
      if (report.storageError) {
        for (const s of report.scenarios) this.unsavedScenarios.set(s.id, s);
        notices.push('warning', `${report.storageError} The bundled scenarios are loaded for this session only.`);
      }
      if (report.errors.length > 0) {
        notices.push('error', `${report.errors.length} bundled scenario file${report.errors.length === 1 ? '' : 's'} could not be read.`, {
          details: report.errors.map((e) => `${e.file}: ${e.message}`),
        });
      }
      if (report.offline && firstRun) notices.push('warning', 'The bundled scenarios could not be fetched (offline?). Reload when back online.');
      await this.reload().catch(() => undefined);
      this.mergeUnsaved(report.scenarios);
    } catch (error) {
      notices.push('error', `Loading the bundled scenarios failed: ${(error as Error).message}`);
    } finally {
      this.progress = null;
      this.ready = true;
      for (const wake of this.readyWaiters.splice(0)) wake();
    }
  }

  async reload(): Promise<void> {
    const [scenarios, indexes] = await Promise.all([listScenarios(), listIndexes()]);
    this.scenarios = [...scenarios, ...[...this.unsavedScenarios.values()].filter((u) => !scenarios.some((s) => s.id === u.id))];
    this.indexes = [...indexes, ...[...this.unsavedIndexes.values()].filter((u) => !indexes.some((i) => i.id === u.id))].sort(byTitle);
  }

  private mergeUnsaved(bundled: readonly ScenarioRecord[]): void {
    const known = new Set(this.scenarios.map((s) => s.id));
    const missing = bundled.filter((s) => !known.has(s.id));
    if (missing.length) this.scenarios = [...this.scenarios, ...missing];
  }

  private keepInMemory(scenario: ScenarioRecord | null, index: StoredIndex | null): void {
    const ids = new Set(this.unsavedIds);
    if (scenario) {
      this.unsavedScenarios.set(scenario.id, scenario);
      ids.add(scenario.id);
      this.scenarios = [...this.scenarios.filter((s) => s.id !== scenario.id), scenario];
    }
    if (index) {
      const { snapshot, ...summary } = index;
      this.unsavedSnapshots.set(index.id, snapshot);
      this.unsavedIndexes.set(index.id, summary);
      ids.add(index.id);
      this.indexes = [...this.indexes.filter((i) => i.id !== index.id), summary].sort(byTitle);
    }
    this.unsavedIds = ids;
  }

  /** An index the cache refused: used from memory for the rest of the session. */
  keepIndexInMemory(index: StoredIndex): void {
    this.keepInMemory(null, index);
  }

  /** Takes an import's result into the library; returns the scenario or index to open, if any. */
  async takeImport(result: Exclude<ImportResult, { kind: 'requirements' }>): Promise<{ scenario?: ScenarioRecord; indexId?: string }> {
    if (result.kind === 'index') {
      if (!result.saved) this.keepInMemory(null, result.index);
      if (result.storageError) notices.push('error', `${result.storageError} It is kept for this session only: export it or free some space.`);
      await this.reload().catch(() => undefined);
      return { indexId: result.index.id };
    }
    for (const s of result.scenarios) if (!s.saved) this.keepInMemory(s.record, s.index);
    if (result.storageError) notices.push('error', `${result.storageError} Kept for this session only: export your scenarios to keep them.`);
    await this.reload().catch(() => undefined);
    return result.scenarios.length ? { scenario: result.scenarios[0]!.record } : {};
  }

  /**
   * Saves the person's scenario (new or over an existing one of theirs). On a failed write the
   * scenario is kept in memory, listed as unsaved, and the person told; nothing is dropped.
   */
  async save(record: ScenarioRecord, index?: StoredIndex): Promise<boolean> {
    try {
      if (index) await putScenarioWithIndex(record, index);
      else await putScenario(record);
      const ids = new Set(this.unsavedIds);
      ids.delete(record.id);
      this.unsavedScenarios.delete(record.id);
      this.unsavedIds = ids;
      await this.reload();
      void navigator.storage?.persist?.().catch(() => false);
      return true;
    } catch (error) {
      this.keepInMemory(record, index ?? null);
      notices.push('error', `${toStorageError(error, `your scenario “${record.title}”`).message} It is kept in this page until you close it.`, {
        action: { label: 'Export my scenarios', run: () => void this.exportMine() },
      });
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await deleteScenario(id);
    } catch (error) {
      notices.push('error', (error as Error).message);
    }
    this.unsavedScenarios.delete(id);
    await this.reload().catch(() => undefined);
  }

  /** Every scenario of the person's as one `pipette-scenarios/1` file. */
  async exportMine(): Promise<void> {
    try {
      const files = [];
      for (const record of this.mine) {
        const snapshot = this.unsavedSnapshots.get(record.indexId) ?? (await getIndex(record.indexId))?.snapshot;
        if (!snapshot) {
          const why = isLiveIndexId(record.indexId) ? 'it resolves against a live index, which a scenario file cannot hold (share it by permalink)' : 'its index is no longer stored';
          notices.push('warning', `“${record.title}” was left out: ${why}.`);
          continue;
        }
        files.push(toScenarioFile(record, snapshot));
      }
      downloadText('pipette-scenarios.json', scenarioListText(files), 'application/json');
    } catch (error) {
      notices.push('error', `Export failed: ${(error as Error).message}`);
    }
  }
}

/** Offers text as a file download. */
export function downloadText(fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const library = new Library();
