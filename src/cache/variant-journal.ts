/**
 * The wording lab's variants as last changed, kept in localStorage at once (a synchronous
 * write) until IndexedDB has them. A variant is stored in IndexedDB a moment after a change
 * (edits are gathered for 300 ms, and the write itself is asynchronous), so a reload in that
 * moment would lose the change; the lab replays what is still here when it loads.
 *
 * What is read back is only a candidate: the lab checks it as a variant file before using it.
 * A browser that refuses localStorage (private mode, quota) just goes without the journal.
 */
import type { WordingVariant } from '../core/wording/format.ts';

const PREFIX = 'pipette.wording-variant-pending.';
/** A variant's journal entry is skipped past this size (a variant is a few kilobytes). */
const MAX_ENTRY_CHARACTERS = 512 * 1024;

/** What is used of the Web Storage API (this folder is also compiled for workers, which have none). */
interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    return null; // access itself can throw (storage disabled)
  }
}

/** Keeps `variant` as the latest change to its id; returns the text kept (for `settleVariant`), or null when it could not be kept. */
export function journalVariant(variant: WordingVariant): string | null {
  const text = JSON.stringify(variant);
  const store = storage();
  if (!store || text.length > MAX_ENTRY_CHARACTERS) return null;
  try {
    store.setItem(PREFIX + variant.id, text);
    return text;
  } catch {
    return null;
  }
}

/** IndexedDB has `written` (the text journalVariant returned): its entry goes, unless a later change replaced it. */
export function settleVariant(id: string, written: string): void {
  const store = storage();
  try {
    if (store?.getItem(PREFIX + id) === written) store.removeItem(PREFIX + id);
  } catch {
    // Nothing to settle without storage.
  }
}

/** The variant `id` is gone: a pending change must not bring it back. */
export function forgetVariant(id: string): void {
  try {
    storage()?.removeItem(PREFIX + id);
  } catch {
    // Nothing to forget without storage.
  }
}

/** Every change not yet known to be in IndexedDB, parsed but unchecked, with the id it was kept under. */
export function pendingVariants(): { id: string; value: unknown }[] {
  const store = storage();
  if (!store) return [];
  const pending: { id: string; value: unknown }[] = [];
  try {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const text = store.getItem(key);
      if (text === null || text.length > MAX_ENTRY_CHARACTERS) continue;
      try {
        pending.push({ id: key.slice(PREFIX.length), value: JSON.parse(text) });
      } catch {
        pending.push({ id: key.slice(PREFIX.length), value: null });
      }
    }
  } catch {
    return pending;
  }
  return pending;
}
