/**
 * Which browser tab this is, across its reloads: an id kept in sessionStorage (one per tab), so
 * that each tab keeps its own unsaved draft and two tabs never overwrite each other's text.
 */
const TAB_KEY = 'pipette-tab-id';

type TabStorage = Pick<Storage, 'getItem' | 'setItem'>;

function sessionStore(): TabStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    // Storage switched off: the id lives as long as the page.
    return null;
  }
}

let fallback: string | null = null;

export function tabId(storage: TabStorage | null = sessionStore(), random: () => string = () => crypto.randomUUID()): string {
  try {
    const known = storage?.getItem(TAB_KEY);
    if (known) return known;
    const id = random();
    storage?.setItem(TAB_KEY, id);
    if (storage) return id;
  } catch {
    // Fall through to a per-page id.
  }
  fallback ??= random();
  return fallback;
}

/** Where this tab's draft is kept, and where the latest draft of any tab is (what a new tab opens). */
export function draftKeys(tab: string): { readonly own: string; readonly latest: string } {
  return { own: `draft:${tab}`, latest: 'draft' };
}
