import { describe, expect, it } from 'vitest';
import { StorageError, isQuotaError, toStorageError } from '../../../src/cache/db.ts';
import { signature } from '../../../src/cache/bundled.ts';

describe('toStorageError', () => {
  it('says the storage is full for a QuotaExceededError', () => {
    const error = toStorageError(new DOMException('quota', 'QuotaExceededError'), 'your scenario “x”');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.quota).toBe(true);
    expect(error.message).toBe("Could not save your scenario “x”: the browser's storage for this site is full.");
  });

  it('passes other failures on with their message', () => {
    const error = toStorageError(new DOMException('The transaction was aborted', 'AbortError'), 'your preferences');
    expect(error.quota).toBe(false);
    expect(error.message).toBe('Could not save your preferences: The transaction was aborted');
  });

  it('recognises Firefox’s old quota error name', () => {
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Error('x'))).toBe(false);
  });
});

describe('signature', () => {
  it('changes with the text and not otherwise', () => {
    expect(signature('[1]')).toBe(signature('[1]'));
    expect(signature('[1]')).not.toBe(signature('[2]'));
  });
});

describe('the database schema', () => {
  it('has one migration per version, so every old version can be brought up to date', async () => {
    const { DB_VERSION, MIGRATIONS } = await import('../../../src/cache/schema.ts');
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it('creates every store from an empty database, and nothing from the current version', async () => {
    const { DB_VERSION, upgradeDatabase } = await import('../../../src/cache/schema.ts');
    const created: string[] = [];
    const fakeDb = {
      createObjectStore: (name: string) => {
        created.push(name);
        return { createIndex: (index: string) => created.push(`${name}/${index}`) };
      },
    };
    type Db = Parameters<typeof upgradeDatabase>[0];
    type Tx = Parameters<typeof upgradeDatabase>[2];
    upgradeDatabase(fakeDb as unknown as Db, 0, {} as Tx);
    expect(created.sort()).toEqual(['advisories', 'indexes', 'meta', 'prefs', 'scenarios', 'scenarios/by-origin', 'studyEvents', 'studyEvents/by-session', 'studySessions', 'suite-runs', 'suite-runs/by-suite', 'suites', 'trust', 'variants']);
    created.length = 0;
    // From version 4, only the study stores are added: the person's scenarios and indexes are untouched.
    upgradeDatabase(fakeDb as unknown as Db, 4, {} as Tx);
    expect(created.sort()).toEqual(['studyEvents', 'studyEvents/by-session', 'studySessions']);
    created.length = 0;
    upgradeDatabase(fakeDb as unknown as Db, DB_VERSION, {} as Tx);
    expect(created).toEqual([]);
    // From version 1 (before trust): only the trust stores are added; the rest is left as it is.
    upgradeDatabase(fakeDb as unknown as Db, 1, {} as Tx);
    expect(created.sort()).toEqual(['advisories', 'studyEvents', 'studyEvents/by-session', 'studySessions', 'suite-runs', 'suite-runs/by-suite', 'suites', 'trust', 'variants']);
  });
});
