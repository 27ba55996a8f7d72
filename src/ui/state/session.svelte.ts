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

/**
 * The draft of an edit the page was left within half a second of, before the cache had it:
 * written to this tab's sessionStorage as the page goes (synchronously, which IndexedDB is
 * not: a write begun as the page unloads may never land), read back once on the next load.
 */
const UNSAVED_DRAFT = 'pipette-unsaved-draft';

function keepUnsavedDraft(draft: Draft): void {
  try {
    sessionStorage.setItem(UNSAVED_DRAFT, JSON.stringify(draft));
  } catch {
    // Storage full or unavailable: the cache write begun alongside is all there is.
  }
}

function forgetUnsavedDraft(): void {
  try {
    sessionStorage.removeItem(UNSAVED_DRAFT);
  } catch {
    // Nothing was kept.
  }
}

function takeUnsavedDraft(): Draft | undefined {
  try {
    const text = sessionStorage.getItem(UNSAVED_DRAFT);
    sessionStorage.removeItem(UNSAVED_DRAFT);
    const draft = text === null ? undefined : (JSON.parse(text) as Draft);
    // Into the cache too, for other tabs and for the next load.
    if (draft) void Promise.all([setPref(DRAFT.own, draft), setPref(DRAFT.latest, draft)]).catch(() => undefined);
    return draft;
  } catch {
    return undefined;
  }
}

/** Keeps the draft in the cache, half a second after the last change. Call from a component. */
export function watchDraft(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let warned = false;
  /** The draft written when the timer fires, or at once when the page is left before it does. */
  let unsaved: ReturnType<typeof currentDraft> | null = null;
  const save = (): void => {
    clearTimeout(timer);
    const draft = unsaved;
    unsaved = null;
    if (!draft) return;
    Promise.all([setPref(DRAFT.own, draft), setPref(DRAFT.latest, draft)]).then(forgetUnsavedDraft, (error: Error) => {
      if (warned) return;
      warned = true;
      notices.push('warning', `${error.message} Your text stays on this page; save or export it before closing.`);
    });
  };
  // A reload or a closed tab within the half second would lose the last edit: keep it as the page goes.
  const leaving = (): void => {
    if (unsaved) keepUnsavedDraft(unsaved);
    save();
  };
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') leaving();
  };
  addEventListener('pagehide', leaving);
  document.addEventListener('visibilitychange', onHidden);
  $effect(() => {
    const draft = currentDraft();
    if (restoring) return;
    unsaved = draft;
    clearTimeout(timer);
    timer = setTimeout(save, 500);
    return () => clearTimeout(timer);
  });
}
