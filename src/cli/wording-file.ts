/**
 * A wording variant file (JSON or PO) as the CLI reads it: `wording check`, `wording render`
 * and `--wording` read it within a size limit, then as core's readVariantFile reads any
 * variant's bytes (the page's import does too), so a file gives the same variant everywhere.
 */
import { basename } from 'node:path';
import { readVariantFile, type WordingCheck } from '../core/index.ts';
import { readBounded } from './read-bounded.ts';

const MAX_VARIANT_BYTES = 2 * 1024 * 1024;

/** Reads and checks a variant file. Throws an InputError only when the file can't be read. */
export function checkVariantFile(path: string): WordingCheck {
  return readVariantFile(basename(path), readBounded(path, MAX_VARIANT_BYTES));
}
