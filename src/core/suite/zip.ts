/**
 * Suite files out of a zip (a packse release, or any zip of scenarios), with fflate. Only
 * scenario-like files are inflated, each and all together under a size limit, since a zip's
 * declared sizes are the uploader's word.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { SuiteFile } from './import.ts';

/** Per file, uncompressed (the biggest real index snapshot is ~10 MB). */
export const MAX_ZIP_ENTRY_BYTES = 32 * 1024 * 1024;
/** All the files taken from one zip, uncompressed. */
export const MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024;
export const MAX_ZIP_FILES = 20_000;

export class ZipError extends Error {
  constructor(readonly zip: string, reason: string) {
    super(`${zip}: ${reason}`);
    this.name = 'ZipError';
  }
}

const WANTED = /\.(toml|json)$/i;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** The scenario files of a zip, paths as stored, skipped ones (macOS metadata, too big) said so. */
export function filesFromZip(name: string, bytes: Uint8Array): { files: SuiteFile[]; problems: string[] } {
  if (!isZip(bytes)) throw new ZipError(name, 'not a zip file');
  const problems: string[] = [];
  let total = 0;
  let count = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter(file) {
        if (!WANTED.test(file.name) || file.name.startsWith('__MACOSX/') || /(^|\/)\./.test(file.name)) return false;
        if (file.originalSize > MAX_ZIP_ENTRY_BYTES) {
          problems.push(`${name}: ${file.name}: ${file.originalSize} bytes, over the limit of ${MAX_ZIP_ENTRY_BYTES}; left out`);
          return false;
        }
        total += file.originalSize;
        count += 1;
        if (total > MAX_ZIP_TOTAL_BYTES) throw new ZipError(name, `the files in it come to more than ${MAX_ZIP_TOTAL_BYTES} bytes uncompressed`);
        if (count > MAX_ZIP_FILES) throw new ZipError(name, `more than ${MAX_ZIP_FILES} scenario files`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(name, `could not be read as a zip (${(error as Error).message})`);
  }
  const files: SuiteFile[] = [];
  for (const [path, data] of Object.entries(entries)) {
    // A lying header could inflate past what it declared; the limit holds on what came out.
    if (data.length > MAX_ZIP_ENTRY_BYTES) {
      problems.push(`${name}: ${path}: over the limit of ${MAX_ZIP_ENTRY_BYTES} bytes; left out`);
      continue;
    }
    files.push({ path, text: strFromU8(data) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}
