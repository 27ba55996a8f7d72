import { describe, expect, it } from 'vitest';
import { DB_VERSION, upgradeDatabase } from '../../../src/cache/schema.ts';

describe('the database upgrade for the wording lab', () => {
  it('takes a version 2 database to version 3 by adding the variants store only, touching nothing else', () => {
    const calls: string[] = [];
    const fakeDb = {
      createObjectStore: (name: string, options?: { keyPath?: string }) => {
        calls.push(`create ${name} ${options?.keyPath ?? ''}`.trim());
        return { createIndex: (index: string) => calls.push(`index ${name}/${index}`) };
      },
      deleteObjectStore: (name: string) => calls.push(`delete ${name}`),
    };
    type Db = Parameters<typeof upgradeDatabase>[0];
    type Tx = Parameters<typeof upgradeDatabase>[2];
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    // Version 3 adds the variants (after trust's step 2); later steps belong to other stores.
    upgradeDatabase(fakeDb as unknown as Db, 2, {} as Tx);
    expect(calls.slice(0, 1)).toEqual(['create variants id']);
    expect(calls).not.toContain('create indexes id');
  });
});
