/** A session's events on the "device" for the page's sender (sync.ts): the order and the states the IndexedDB queue keeps, in memory. */
import type { StoredStudyEvent } from '../../src/cache/study-records.ts';
import { setAside, type Refusal } from '../../src/ui/views/study/refusal.ts';
import type { EventQueue } from '../../src/ui/views/study/sync.ts';

export class MemoryQueue implements EventQueue {
  events: StoredStudyEvent[] = [];
  private made = 0;

  async waiting(limit: number): Promise<StoredStudyEvent[]> {
    return this.inOrder().filter((e) => e.sent === 0 && e.refused === undefined).slice(0, limit);
  }
  async countWaiting(): Promise<number> {
    return (await this.waiting(Infinity)).length;
  }
  async countRefused(): Promise<number> {
    return this.events.filter((e) => e.refused !== undefined).length;
  }
  async markSent(ids: readonly string[]): Promise<void> {
    this.events = this.events.map((e) => (ids.includes(e.id) ? { ...e, sent: 1 } : e));
  }
  async setAside(event: StoredStudyEvent, refusal: Refusal): Promise<StoredStudyEvent | null> {
    const current = this.events.find((e) => e.id === event.id);
    const done = current && setAside(current, refusal, `marker-${this.made++}-xxxxxxxx`);
    if (!done) return null;
    this.events = [...this.events.map((e) => (e.id === event.id ? done.refused : e)), ...(done.marker ? [done.marker] : [])];
    return done.marker;
  }
  inOrder(): StoredStudyEvent[] {
    return [...this.events].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
