/**
 * What the person does, across the state modules: open a scenario, resolve, apply a fix,
 * import files, save their scenario. Components call these; the modules stay small.
 */
import { getScenario } from '../../cache/db.ts';
import type { RequirementsFormat, ScenarioRecord, StoredIndex } from '../../cache/schema.ts';
import type { Suggestion } from '../../core/index.ts';
import { resolver, type IndexChoice, type ResolveJob } from '../../worker/client.ts';
import { engineChoice } from './engine-choice.svelte.ts';
import { applyChangeToText } from './apply-change.ts';
import { checkTextFile } from './text-file.ts';
import { environment } from './environment.svelte.ts';
import { installTarget } from './install-target.svelte.ts';
import { library } from './library.svelte.ts';
import { liveIndex } from './live-index.svelte.ts';
import { notices } from './notices.svelte.ts';
import { prefs } from './prefs.svelte.ts';
import { resultsView } from './results-view.svelte.ts';
import { noteRevision, revisionOf, savedElsewhere, seenRevision } from './revisions.ts';
import { run } from './run.svelte.ts';
import { workspace } from './workspace.svelte.ts';
import { wordingLab } from '../views/wording/lab.svelte.ts';

/** The index picked, as the worker takes it, or why it can't be used. */
function currentIndex(): IndexChoice | string {
  if (!workspace.indexId) return 'Pick an index (or a scenario) to resolve against.';
  const live = liveIndex.decision;
  if (live) return live.ok ? live.value : live.reason;
  const unsavedSnapshot = library.unsavedSnapshot(workspace.indexId);
  return { kind: 'snapshot', id: workspace.indexId, ...(unsavedSnapshot ? { unsavedSnapshot } : {}) };
}

/** The job for what is on screen, or why there is none. */
export function currentJob(): ResolveJob | string {
  const { target, error } = environment.built;
  if (!target) return `The environment is not valid: ${error}`;
  const index = currentIndex();
  if (typeof index === 'string') return index;
  return {
    index,
    requirements: workspace.text,
    format: workspace.format,
    // makeTarget builds a plain object: it crosses to the worker as is (a $state proxy would not).
    target,
    policy: environment.policy,
    prereleases: environment.prereleases,
    ...(prefs.maxSeconds !== null ? { maxSeconds: prefs.maxSeconds } : {}),
    previousPlan: run.previousPlanFor({ index }),
    engine: engineChoice.engine,
    ...(wordingLab.activeVariant ? { variant: wordingLab.activeVariant } : {}),
    ...(installTarget.job() ? { installTarget: installTarget.job()! } : {}),
  };
}

/**
 * Resolves what is on screen. `reveal`: the person asked (a button, a key, a fix, a scenario
 * they picked), so the result is scrolled into view once it is there if it is out of sight.
 */
export async function resolveNow(options: { reveal?: boolean } = {}): Promise<void> {
  const job = currentJob();
  if (typeof job === 'string') {
    notices.push('error', job);
    return;
  }
  installTarget.decision = null;
  if (options.reveal ?? true) resultsView.reveal();
  await run.start(job, workspace.titleLine, (outcome) => {
    if (outcome.kind === 'failed') resultsView.tab = 'conflict';
    // From the export tab the person was sharing: they stay there with the fresh result.
    else if (outcome.kind === 'solved' && resultsView.tab === 'conflict') resultsView.tab = 'plan';
  });
  // Whatever the run downloaded is in the cache now, even if it failed or was cancelled.
  if (job.index.kind === 'live') void liveIndex.refreshCacheStats();
  if (run.status !== 'done' || !run.outcome) return;
  if (options.reveal ?? true) resultsView.reveal();
}

/**
 * What was just opened (a scenario, a link, the last session) is resolved at once, so the
 * results answer what is on screen. Not a live index: opening something must not make the
 * page download from the network unasked; the results say to press Resolve.
 */
export function resolveOpened(reveal: boolean): void {
  if (liveIndex.picked) return;
  void resolveNow({ reveal });
}

let chosen = false;

/** Whether the person has picked something since the page loaded (then nothing restored late may replace it). */
export function personHasChosen(): boolean {
  return chosen;
}

export function openScenario(record: ScenarioRecord, byPerson = true): void {
  chosen ||= byPerson;
  run.reset();
  workspace.replaceText(record.requirements, record.format);
  workspace.indexId = record.indexId;
  workspace.scenarioId = record.id;
  workspace.title = record.title;
  workspace.description = record.description;
  workspace.markOpened();
  environment.applyScenario(record.target, record.options);
  noteRevision(record);
  resolveOpened(byPerson);
}

/** Starts from scratch against an index: empty text, same environment. */
export function newScenario(indexId: string): void {
  chosen = true;
  run.reset();
  workspace.replaceText('', 'requirements');
  workspace.indexId = indexId;
  workspace.scenarioId = null;
  workspace.title = 'Untitled scenario';
  workspace.description = '';
  workspace.markOpened();
}

/** Applies a checked fix to the text and the environment, then resolves again. */
export async function applySuggestion(suggestion: Suggestion): Promise<void> {
  const { change } = suggestion;
  const applied = applyChangeToText(workspace.text, workspace.format, change);
  if (applied.notFound.length > 0) {
    notices.push('warning', `Could not find ${applied.notFound.map((r) => `“${r}”`).join(', ')} in your text as written; the other parts of the fix were applied.`);
  }
  workspace.replaceText(applied.text);
  if (applied.flagsNotFound.length > 0) notices.push('warning', `Could not find ${applied.flagsNotFound.join(', ')} in your text; take it out of the option by hand.`);
  if (change.python) environment.python = change.python;
  if (change.prereleases) environment.prereleases = true;
  await resolveNow({ reveal: true });
}

/** Files dropped or picked: requirements go to the editor, indexes and scenarios to the library. */
export async function importFiles(files: readonly File[]): Promise<void> {
  chosen = true;
  // What the editor held before the first of these files replaced it: Undo goes back to it.
  let before: { text: string; format: RequirementsFormat } | null = null;
  for (const file of files) {
    try {
      // A binary file is refused here: it never reaches the editor or the importers.
      const checked = checkTextFile(new Uint8Array(await file.arrayBuffer()));
      if (!checked.ok) {
        notices.push('error', `${file.name} was not opened: ${checked.reason}. Pipette opens requirements.txt, pyproject.toml, packse .toml and JSON files.`);
        continue;
      }
      const text = checked.text;
      const result = await resolver.importFile(file.name, text);
      if (result.kind === 'requirements') {
        const syntax = result.format === 'pyproject' ? 'pyproject.toml' : 'requirements.txt';
        before ??= { text: workspace.text, format: workspace.format };
        const replacing = before.text.trim() !== '' && before.text !== result.text;
        workspace.replaceUndoably(result.text, result.format, `Opened ${file.name} in the editor (${syntax} syntax)${replacing ? ', in place of your text' : ''}`, [], before);
        // The text on screen is now the file's: it is no longer the scenario it came from.
        workspace.scenarioId = null;
        workspace.title = file.name;
        workspace.description = '';
        continue;
      }
      const opened = await library.takeImport(result);
      if (result.kind === 'scenarios') for (const variant of result.wording ?? []) await wordingLab.adopt(variant, file.name);
      const details = result.warnings.slice(0, 20);
      if (opened.scenario) {
        openScenario(opened.scenario);
        const count = result.kind === 'scenarios' ? result.scenarios.length : 1;
        notices.push('success', `Imported ${file.name}: ${count === 1 ? `the scenario “${opened.scenario.title}”` : `${count} scenarios`}, now under “Your scenarios”.`, { details });
      } else if (opened.indexId) {
        workspace.indexId = opened.indexId;
        notices.push('success', `Imported the index ${file.name} (${library.indexById(opened.indexId)?.projects ?? 0} projects); it is now the index to resolve against.`, { details });
      }
    } catch (error) {
      notices.push('error', `Could not import ${file.name}: ${(error as Error).message}`);
    }
  }
}

/** Saves what is on screen as the person's scenario (over the open one if it is theirs). */
export async function saveAsMine(title: string, authoredIndex?: StoredIndex): Promise<boolean> {
  const current = workspace.scenarioId ? library.byId(workspace.scenarioId) : undefined;
  const { target, options } = environment.scenarioTarget();
  let overwrite = current?.origin === 'user';
  const stored = overwrite && current ? await getScenario(current.id).catch(() => undefined) : undefined;
  if (overwrite && current && savedElsewhere(stored, seenRevision(current.id, current))) {
    // Another tab saved this scenario after this one opened it: replace that version only if asked to.
    overwrite = confirm(
      `“${stored!.title}” was saved in another tab (at ${new Date(stored!.updatedAt).toLocaleTimeString()}) after this tab opened it.\n\nOK replaces that version with this one; Cancel keeps it and saves this one as a new scenario beside it.`,
    );
  }
  const record: ScenarioRecord = {
    id: overwrite && current ? current.id : `user:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    title: title.trim() || 'Untitled scenario',
    kind: current?.kind ?? '',
    description: workspace.description,
    requirements: workspace.text,
    format: workspace.format,
    target,
    options,
    indexId: authoredIndex?.id ?? workspace.indexId,
    origin: 'user',
    updatedAt: new Date().toISOString(),
    revision: overwrite ? revisionOf(stored) + 1 : 1,
  };
  const saved = await library.save(record, authoredIndex);
  if (saved) noteRevision(record);
  workspace.scenarioId = record.id;
  workspace.title = record.title;
  workspace.markOpened();
  if (saved) notices.push('success', `Saved “${record.title}” under “Your scenarios”.`);
  return saved;
}
