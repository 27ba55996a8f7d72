/**
 * The wording lab's variants in the `pipette` database (store `variants`, since version 2).
 * Whatever is read back is checked again as a variant file is: storage written by an older
 * or newer Pipette never reaches the renderers unchecked.
 */
import { checkWordingVariant, type WordingVariant } from '../core/wording/format.ts';
import { openPipetteDb, toStorageError } from './db.ts';
import type { StoredVariant } from './schema.ts';

export async function listVariants(): Promise<{ variants: WordingVariant[]; problems: string[] }> {
  const records = await (await openPipetteDb()).getAll('variants');
  const variants: WordingVariant[] = [];
  const problems: string[] = [];
  for (const record of records) {
    const { variant, issues } = checkWordingVariant(record.variant);
    if (variant) variants.push(variant);
    const errors = issues.filter((i) => i.severity === 'error');
    if (!variant || errors.length) problems.push(`the stored variant “${record.id}”: ${errors.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  variants.sort((a, b) => a.name.localeCompare(b.name));
  return { variants, problems };
}

export async function putVariant(variant: WordingVariant): Promise<void> {
  const record: StoredVariant = { id: variant.id, variant, updatedAt: new Date().toISOString() };
  try {
    await (await openPipetteDb()).put('variants', record);
  } catch (error) {
    throw toStorageError(error, `the wording variant “${variant.name}”`);
  }
}

export async function deleteVariant(id: string): Promise<void> {
  try {
    await (await openPipetteDb()).delete('variants', id);
  } catch (error) {
    throw toStorageError(error, 'the change to your wording variants');
  }
}
