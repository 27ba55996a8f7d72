/** Which messages show, and for how long: pure, so it is tested without a page. */
export type NoticeKind = 'error' | 'warning' | 'info' | 'success';

/** Messages shown at once: more would push the page's content far down. */
export const MAX_SHOWN = 3;

interface QueuedNotice {
  readonly kind: NoticeKind;
  readonly text: string;
  readonly details: readonly string[];
  readonly action: unknown;
}

/**
 * The list after `incoming` arrives: the same text said again replaces the older copy, and
 * past MAX_SHOWN the oldest news goes first, then the oldest warning, errors last.
 */
export function admit<T extends QueuedNotice>(items: readonly T[], incoming: T): { kept: T[]; dropped: T[] } {
  const dropped: T[] = [];
  let kept = items.filter((n) => {
    const same = n.text === incoming.text && n.kind === incoming.kind;
    if (same) dropped.push(n);
    return !same;
  });
  kept.push(incoming);
  const rank = (kind: NoticeKind) => (kind === 'error' ? 2 : kind === 'warning' ? 1 : 0);
  while (kept.length > MAX_SHOWN) {
    const candidates = kept.slice(0, -1);
    const lowest = Math.min(...candidates.map((n) => rank(n.kind)));
    const victim = candidates.find((n) => rank(n.kind) === lowest)!;
    dropped.push(victim);
    kept = kept.filter((n) => n !== victim);
  }
  return { kept, dropped };
}

/** How long a message stays on its own (null: until dismissed). One with a button or details stays longer, to be used. */
export function lifetimeMs(notice: QueuedNotice): number | null {
  if (notice.kind === 'error' || notice.kind === 'warning') return null;
  return notice.action || notice.details.length > 0 ? 20_000 : 7000;
}

/**
 * A notice's words with bidirectional embeddings, overrides and isolates shown as U+FFFD: a
 * name from a file ("abc\u202etxt.exe") would otherwise reverse the notice's own words after it.
 */
export function withoutBidiControls(text: string): string {
  return text.replace(/[\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
