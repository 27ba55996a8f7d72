/**
 * The CLI's durable ResponseCache (`--cache-dir DIR`): one JSON file per URL, named by the
 * URL's SHA-256. A file is written beside its final name and renamed over it, so a reader
 * sees the old entry or the new one, never half of either.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheWriteError, type CachedResponse, type CacheStats, type ResponseCache } from '../sources/index.ts';

const ENTRY_SUFFIX = '.json';
/** Bumped when the stored shape changes; entries of another version are ignored. */
const FORMAT = 'pipette-http-cache/1';

export class FileResponseCache implements ResponseCache {
  readonly description: string;

  constructor(readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  private pathOf(url: string): string {
    return join(this.dir, `${createHash('sha256').update(url).digest('hex')}${ENTRY_SUFFIX}`);
  }

  async get(url: string): Promise<CachedResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(url), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const stored = JSON.parse(text) as { format?: string; entry?: CachedResponse };
      return stored.format === FORMAT && stored.entry?.url === url ? stored.entry : undefined;
    } catch {
      return undefined; // a damaged file is a miss; the next download replaces it
    }
  }

  async put(entry: CachedResponse): Promise<void> {
    const path = this.pathOf(entry.url);
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temporary, JSON.stringify({ format: FORMAT, entry }));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      const code = (error as { code?: string }).code;
      const kind = code === 'ENOSPC' || code === 'EDQUOT' ? 'quota' : 'failed';
      throw new CacheWriteError(kind, entry.url, `${entry.url} could not be kept in ${this.dir} (${code ?? (error as Error).message}); it will be downloaded again next time.`);
    }
  }

  async delete(url: string): Promise<void> {
    await rm(this.pathOf(url), { force: true });
  }

  async clear(): Promise<void> {
    for (const name of await this.entryFiles()) await rm(join(this.dir, name), { force: true });
  }

  async stats(): Promise<CacheStats> {
    let bytes = 0;
    const files = await this.entryFiles();
    for (const name of files) bytes += (await stat(join(this.dir, name))).size;
    return { entries: files.length, bytes };
  }

  private async entryFiles(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => name.endsWith(ENTRY_SUFFIX));
    } catch {
      return [];
    }
  }
}
