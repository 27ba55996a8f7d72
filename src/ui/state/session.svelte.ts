/**
 * What is on screen survives a reload: a draft of the workspace is kept in the cache as the
 * person types, and a permalink in the URL fragment wins over it on load.
 */
import { getPref, setPref } from '../../cache/db.ts';
import type { RequirementsFormat } from '../../cache/schema.ts';
import { resolveOpened } from './actions.ts';
import { environment, type EnvironmentState } from './environment.svelte.ts';
import { library } from './library.svelte.ts';
import { isLiveIndexId, type LiveIndexSettings } from './live-index-choice.ts';
import { liveIndex } from './live-index.svelte.ts';
import { notices } from './notices.svelte.ts';
import { forgetLeft, keepAsTyped, leftBehind } from './kept-as-typed.ts';
import { draftKeys, tabId } from './tab-id.ts';
import { workspace } from './workspace.svelte.ts';

export interface Draft {
  readonly text: string;
  readonly format: RequirementsFormat;
  readonly indexId: string;
  readonly scenarioId: string | null;
  readonly title: string;
  readonly description: string;
  readonly environment: EnvironmentState;
  /** Absent from drafts made before live indexes could be used. */
  readonly live?: LiveIndexSettings;
  /** The open scenario's text and index as opened (absent from older drafts). */
  readonly opened?: { readonly text: string; readonly indexId: string };
}

/** Each tab its own draft (tab-id.ts); a new tab opens the latest draft of any tab. */
const DRAFT = draftKeys(tabId());
let restoring = true;
let permalinkSettled = false;

export function currentDraft(): Draft {
  return {
    text: workspace.text,
    format: workspace.format,
    indexId: workspace.indexId,
    scenarioId: workspace.scenarioId,
    title: workspace.title,
    description: workspace.description,
    environment: environment.snapshot(),
    live: liveIndex.settings(),
    opened: { text: workspace.openedText, indexId: workspace.openedIndexId },
  };
}

export function applyDraft(draft: Draft): void {
  workspace.replaceText(draft.text, draft.format);
  workspace.indexId = draft.indexId;
  workspace.scenarioId = draft.scenarioId;
  workspace.title = draft.title;
  workspace.description = draft.description;
  workspace.markOpened(draft.opened?.text ?? draft.text, draft.opened?.indexId ?? draft.indexId);
  environment.restore(draft.environment);
  liveIndex.restore(draft.live);
}

/** On load: the permalink in the fragment, else the last draft. True when something was restored. */
export async function restoreSession(): Promise<boolean> {
  try {
    if (!permalinkSettled && location.hash.length > 1) {
      const { openPermalink } = await import('../components/ShareExport/permalink.ts');
      const outcome = await openPermalink(location.hash.slice(1));
      if (outcome === 'waiting') return false;
      permalinkSettled = true;
      if (outcome === 'opened') return true;
    }
    const draft = takeUnsavedDraft() ?? (await getPref<Draft>(DRAFT.own).catch(() => undefined)) ?? (await getPref<Draft>(DRAFT.latest).catch(() => undefined));
    if (draft && typeof draft.text === 'string' && (library.indexById(draft.indexId) || isLiveIndexId(draft.indexId) || library.byId(draft.scenarioId ?? ''))) {
      applyDraft(draft);
      resolveOpened(false);
      return true;
    }
    return false;
  } finally {
    restoring = false;
  }
}

/** Where an edit the page was left within half a second of goes (kept-as-typed.ts). */
const UNSAVED_DRAFT = 'pipette-unsaved-draft';

function takeUnsavedDraft(): Draft | undefined {
  const draft = leftBehind(UNSAVED_DRAFT) as Draft | undefined;
  forgetLeft(UNSAVED_DRAFT);
  // Into the cache too, for other tabs and for the next load.
  if (draft) void Promise.all([setPref(DRAFT.own, draft), setPref(DRAFT.latest, draft)]).catch(() => undefined);
  return draft;
}

/** Keeps the draft in the cache, half a second after the last change. Call from a component. */
export function watchDraft(): void {
  const kept = keepAsTyped<Draft>({
    leavingKey: UNSAVED_DRAFT,
    write: (draft) => Promise.all([setPref(DRAFT.own, draft), setPref(DRAFT.latest, draft)]),
    onError: (error) => notices.push('warning', `${error.message} Your text stays on this page; save or export it before closing.`),
  });
  $effect(() => {
    const draft = currentDraft();
    if (!restoring) kept.keep(draft);
  });
  $effect(() => () => kept.stop());
}
