// The wording lab's journal (src/cache/variant-journal.ts): a change is kept in localStorage at
// once and settled when IndexedDB has it; a later change is not settled by an earlier write; a
// deleted variant leaves nothing behind; a browser without usable storage goes without it.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyVariant } from '../../../src/core/index.ts';
import { forgetVariant, journalVariant, pendingVariants, settleVariant } from '../../../src/cache/variant-journal.ts';
import { MemoryStorage } from '../../support/memory-storage.ts';

function withStorage(storage: unknown): void {
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('the wording variants journal', () => {
  it('keeps a change until the write that carried it is settled', () => {
    withStorage(new MemoryStorage());
    const first = emptyVariant('shorter', 'Shorter');
    const kept = journalVariant(first);
    expect(pendingVariants()).toEqual([{ id: 'shorter', value: JSON.parse(JSON.stringify(first)) }]);
    settleVariant('shorter', kept!);
    expect(pendingVariants()).toEqual([]);
  });

  it('does not settle a later change with an earlier write', () => {
    withStorage(new MemoryStorage());
    const earlier = journalVariant(emptyVariant('v', 'First name'))!;
    journalVariant(emptyVariant('v', 'Second name'));
    settleVariant('v', earlier);
    expect(pendingVariants()).toHaveLength(1);
    expect((pendingVariants()[0]!.value as { name: string }).name).toBe('Second name');
  });

  it('forgets a deleted variant, and hands back unreadable entries for the lab to name', () => {
    const storage = new MemoryStorage();
    withStorage(storage);
    journalVariant(emptyVariant('gone', 'Gone'));
    forgetVariant('gone');
    storage.setItem('pipette.wording-variant-pending.broken', '{not json');
    storage.setItem('someone-else', '{}');
    expect(pendingVariants()).toEqual([{ id: 'broken', value: null }]);
  });

  it('skips a variant too large to keep, and goes without storage when there is none or it refuses', () => {
    withStorage(new MemoryStorage());
    const huge = { ...emptyVariant('huge', 'Huge'), description: 'x'.repeat(600 * 1024) };
    expect(journalVariant(huge)).toBeNull();
    expect(pendingVariants()).toEqual([]);

    withStorage(undefined);
    expect(journalVariant(emptyVariant('a', 'A'))).toBeNull();
    expect(pendingVariants()).toEqual([]);

    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    withStorage(full);
    expect(journalVariant(emptyVariant('a', 'A'))).toBeNull();
    expect(() => settleVariant('a', '{}')).not.toThrow();
  });
});
