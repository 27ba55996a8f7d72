/**
 * Unsaved work in *Edit the index*: the text and title as typed, kept for each index it started
 * from, per tab like the workspace's draft (session.svelte.ts; a new tab finds the latest of any
 * tab), so a reload, a closed editor or a switch of index loses none of it (kept as typed:
 * kept-as-typed.ts). Forgotten once the person uses the index or discards the edits.
 */
import { deletePref, getPref, setPref } from '../../cache/db.ts';
import { forgetLeft, keepAsTyped, leftBehind, type KeptAsTyped } from './kept-as-typed.ts';
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
  const draft = leftBehind(LEAVING_KEY);
  return isDraft(draft) ? draft : undefined;
}

function store(draft: IndexEditorDraft): Promise<unknown> {
  return Promise.all([setPref(ownKey(draft.indexId), draft), setPref(latestKey(draft.indexId), draft)]);
}

/** The unsaved edits of `indexId` made in this tab, else in any tab; undefined when there are none. */
export async function readIndexEditorDraft(indexId: string): Promise<IndexEditorDraft | undefined> {
  const leaving = fromSessionStorage();
  if (leaving) {
    // Into the cache, where the next load looks.
    await store(leaving).then(() => forgetLeft(LEAVING_KEY), () => undefined);
    if (leaving.indexId === indexId) return leaving;
  }
  for (const key of [ownKey(indexId), latestKey(indexId)]) {
    const kept = await getPref<unknown>(key).catch(() => undefined);
    if (isDraft(kept) && kept.indexId === indexId) return kept;
  }
  return undefined;
}

export async function forgetIndexEditorDraft(indexId: string): Promise<void> {
  if (fromSessionStorage()?.indexId === indexId) forgetLeft(LEAVING_KEY);
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

/** Keeps the edits as they are made (kept-as-typed.ts); `onError` hears a failed write once. */
export function keepIndexEditorDrafts(onError: (error: Error) => void): KeptAsTyped<IndexEditorDraft> {
  return keepAsTyped({ leavingKey: LEAVING_KEY, write: store, onError });
}
