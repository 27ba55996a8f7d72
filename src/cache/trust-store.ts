/** Imported advisories and the advisory settings of each scenario, in the `pipette` database. */
import { openPipetteDb, toStorageError } from './db.ts';
import type { StoredAdvisories, TrustSettings } from './schema.ts';

/** The one set the app imports into (a later import merges into it). */
export const IMPORTED_ADVISORIES = 'imported';

export async function getAdvisories(id = IMPORTED_ADVISORIES): Promise<StoredAdvisories | undefined> {
  return (await openPipetteDb()).get('advisories', id);
}

export async function putAdvisories(record: StoredAdvisories): Promise<void> {
  try {
    await (await openPipetteDb()).put('advisories', record);
  } catch (error) {
    throw toStorageError(error, `the ${record.records.length} imported advisories`);
  }
}

export async function clearAdvisories(id = IMPORTED_ADVISORIES): Promise<void> {
  try {
    await (await openPipetteDb()).delete('advisories', id);
  } catch (error) {
    throw toStorageError(error, 'the removal of the imported advisories');
  }
}

export async function getTrustSettings(key: string): Promise<TrustSettings | undefined> {
  return (await openPipetteDb()).get('trust', key);
}

export async function putTrustSettings(settings: TrustSettings): Promise<void> {
  try {
    await (await openPipetteDb()).put('trust', settings);
  } catch (error) {
    throw toStorageError(error, 'the advisory settings of this scenario');
  }
}
