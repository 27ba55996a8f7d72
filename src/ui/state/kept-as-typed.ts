/**
 * What a person types, kept as they type: written to the cache (IndexedDB) half a second after
 * the last change, and to this tab's sessionStorage as the page goes (synchronously, which
 * IndexedDB is not: a write begun as the page unloads may never land), for the next load to
 * take back (`leftBehind`). The workspace's draft and the index editor's are kept this way.
 */

export interface KeptAsTyped<T> {
  /** The latest value, written once no change has followed for the delay. */
  keep(value: T): void;
  /** Forgets the value not yet written (used or discarded). */
  drop(): void;
  /** Writes what is pending and stops listening for the page going. */
  stop(): void;
}

export interface KeptAsTypedOptions<T> {
  /** Where the value goes in sessionStorage as the page goes. */
  readonly leavingKey: string;
  /** The cache write. Once it lands, what was left in sessionStorage is forgotten. */
  readonly write: (value: T) => Promise<unknown>;
  /** Told of the first failed write only (the text stays on the page). */
  readonly onError: (error: Error) => void;
  readonly delayMs?: number;
}

export function keepAsTyped<T>(options: KeptAsTypedOptions<T>): KeptAsTyped<T> {
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let warned = false;
  const save = (): void => {
    clearTimeout(timer);
    const kept = pending;
    pending = null;
    if (!kept) return;
    options.write(kept.value).then(
      () => forgetLeft(options.leavingKey),
      (error: Error) => {
        if (warned) return;
        warned = true;
        options.onError(error);
      },
    );
  };
  // A reload or a closed tab within the delay would lose the last edit: keep it as the page goes.
  const leaving = (): void => {
    if (pending) {
      try {
        sessionStorage.setItem(options.leavingKey, JSON.stringify(pending.value));
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
    keep: (value) => {
      pending = { value };
      clearTimeout(timer);
      timer = setTimeout(save, options.delayMs ?? 500);
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

/** What the last page left under `leavingKey` as it went, parsed; undefined when nothing (or nothing readable). */
export function leftBehind(leavingKey: string): unknown {
  try {
    const text = sessionStorage.getItem(leavingKey);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export function forgetLeft(leavingKey: string): void {
  try {
    sessionStorage.removeItem(leavingKey);
  } catch {
    // Nothing was kept there.
  }
}
