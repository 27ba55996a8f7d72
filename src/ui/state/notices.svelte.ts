/** Messages for the person: failed saves, import errors, what a file turned out to be. */
export type NoticeKind = 'error' | 'warning' | 'info' | 'success';

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
  readonly details: readonly string[];
  readonly action: NoticeAction | null;
}

class Notices {
  items = $state.raw<Notice[]>([]);
  private nextId = 1;

  push(kind: NoticeKind, text: string, options: { details?: readonly string[]; action?: NoticeAction } = {}): number {
    const id = this.nextId++;
    this.items = [...this.items, { id, kind, text, details: options.details ?? [], action: options.action ?? null }].slice(-6);
    // Good news fades; errors and warnings stay until the person dismisses them.
    if ((kind === 'success' || kind === 'info') && !options.details?.length && !options.action) setTimeout(() => this.dismiss(id), 8000);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();
