/** Each tab keeps its own draft: an id per tab, kept across its reloads. */
import { describe, expect, it } from 'vitest';
import { draftKeys, tabId } from '../../../src/ui/state/tab-id.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('tab ids and draft keys', () => {
  it('keeps one id per tab across reloads, and gives another tab another id', () => {
    let n = 0;
    const random = () => `id-${++n}`;
    const tab1 = memoryStorage();
    const tab2 = memoryStorage();
    const first = tabId(tab1, random);
    expect(tabId(tab1, random)).toBe(first);
    expect(tabId(tab2, random)).not.toBe(first);
    expect(draftKeys(first).own).not.toBe(draftKeys(tabId(tab2, random)).own);
    expect(draftKeys(first).latest).toBe('draft');
  });

  it('falls back to one id for the page when storage is switched off', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {},
    };
    const id = tabId(broken, () => 'page-id');
    expect(tabId(broken, () => 'other')).toBe(id);
  });
});
