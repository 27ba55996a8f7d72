/**
 * Unsaved work in *Edit the index*: the text and title as typed, kept for each index it started
 * from, per tab like the workspace's draft (session.svelte.ts; a new tab finds the latest of any
 * tab), so a reload, a closed editor or a switch of index loses none of it. Kept in the cache
 * half a second after the last change, and written to sessionStorage as the page goes (an
 * IndexedDB write begun while it unloads may never land). Forgotten once the person uses the
 * index or discards the edits.
 */
import { deletePref, getPref, setPref } from '../../cache/db.ts';
import { tabId } from './tab-id.ts';

export interface IndexEditorDraft {
  /** The index the edits started from (empty: none, the template). */
  readonly indexId: string;
  readonly title: string;
  readonly text: string;
  /** When the last edit was made (ISO 8601). */
  readonly editedAt: string;
}

const TAB = tabId();
const ownKey = (indexId: string) => `index-editor:${TAB}:${indexId}`;
const latestKey = (indexId: string) => `index-editor:${indexId}`;
const LEAVING_KEY = 'pipette-unsaved-index-editor';
/** The index whose editor is open in this tab, so a reload opens it again. */
const OPEN_KEY = 'pipette-index-editor-open';

function isDraft(value: unknown): value is IndexEditorDraft {
  const draft = value as IndexEditorDraft | null;
  return typeof draft === 'object' && draft !== null && typeof draft.indexId === 'string' && typeof draft.title === 'string' && typeof draft.text === 'string' && typeof draft.editedAt === 'string';
}

function fromSessionStorage(): IndexEditorDraft | undefined {
  try {
    const text = sessionStorage.getItem(LEAVING_KEY);
    if (text === null) return undefined;
    const draft: unknown = JSON.parse(text);
    return isDraft(draft) ? draft : undefined;
  } catch {
    return undefined;
  }
}

function store(draft: IndexEditorDraft): Promise<unknown> {
  return Promise.all([setPref(ownKey(draft.indexId), draft), setPref(latestKey(draft.indexId), draft)]);
}

/** The unsaved edits of `indexId` made in this tab, else in any tab; undefined when there are none. */
export async function readIndexEditorDraft(indexId: string): Promise<IndexEditorDraft | undefined> {
  const leaving = fromSessionStorage();
  if (leaving) {
    // Into the cache, where the next load looks.
    await store(leaving).then(forgetLeaving, () => undefined);
    if (leaving.indexId === indexId) return leaving;
  }
  for (const key of [ownKey(indexId), latestKey(indexId)]) {
    const kept = await getPref<unknown>(key).catch(() => undefined);
    if (isDraft(kept) && kept.indexId === indexId) return kept;
  }
  return undefined;
}

function forgetLeaving(): void {
  try {
    sessionStorage.removeItem(LEAVING_KEY);
  } catch {
    // Nothing was kept there.
  }
}

export async function forgetIndexEditorDraft(indexId: string): Promise<void> {
  if (fromSessionStorage()?.indexId === indexId) forgetLeaving();
  await Promise.all([deletePref(ownKey(indexId)), deletePref(latestKey(indexId))]).catch(() => undefined);
}

/** Whether this tab had the editor open on `indexId` when it was last left. */
export function editorWasOpen(indexId: string): boolean {
  try {
    return sessionStorage.getItem(OPEN_KEY) === indexId;
  } catch {
    return false;
  }
}

export function rememberEditorOpen(indexId: string | null): void {
  try {
    if (indexId === null) sessionStorage.removeItem(OPEN_KEY);
    else sessionStorage.setItem(OPEN_KEY, indexId);
  } catch {
    // Storage switched off: a reload shows the editor closed, the edits kept in the cache.
  }
}

/**
 * Keeps the edits as they are made: `keep(draft)` after each change, `drop()` when they are
 * used or discarded, `stop()` when the editor goes. `onError` hears a failed write once (the
 * text stays on the page).
 */
export function keepIndexEditorDrafts(onError: (error: Error) => void): { keep: (draft: IndexEditorDraft) => void; drop: () => void; stop: () => void } {
  let pending: IndexEditorDraft | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let warned = false;
  const save = (): void => {
    clearTimeout(timer);
    const draft = pending;
    pending = null;
    if (!draft) return;
    store(draft).then(forgetLeaving, (error: Error) => {
      if (warned) return;
      warned = true;
      onError(error);
    });
  };
  const leaving = (): void => {
    if (pending) {
      try {
        sessionStorage.setItem(LEAVING_KEY, JSON.stringify(pending));
      } catch {
        // Storage full or switched off: the cache write begun alongside is all there is.
      }
    }
    save();
  };
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') leaving();
  };
  addEventListener('pagehide', leaving);
  document.addEventListener('visibilitychange', onHidden);
  return {
    keep: (draft) => {
      pending = draft;
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    },
    drop: () => {
      pending = null;
      clearTimeout(timer);
    },
    stop: () => {
      removeEventListener('pagehide', leaving);
      document.removeEventListener('visibilitychange', onHidden);
      save();
    },
  };
}
