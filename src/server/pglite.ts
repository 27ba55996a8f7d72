/**
 * PGlite (PostgreSQL compiled to WebAssembly, embedded in this process) in a data folder, as a
 * SqlClient. PostgreSQL stops a backend whose write to its log fails halfway (a PANIC: the disk
 * filled as a new WAL segment was made); PGlite's backend is this process, and the next statement
 * sent to it loops in WebAssembly on the main thread for good: no request is answered, not even
 * /api/health, and no timer fires, so no time limit can end it. So statements go to PGlite one at
 * a time, and none after a PANIC: the instance is closed (what it acknowledged is in its files,
 * and is replayed from the WAL when the folder is opened again), every request is answered 503,
 * and the folder is opened again once its disk has the reserve free.
 */
import type { PGlite } from '@electric-sql/pglite';
import { oncePerMinute, reportOnStderr, type DiskReserve, type Report } from './disk-reserve.ts';
import type { SqlClient } from './sql.ts';
import { isDiskFull, StorageFullError, StorageUnavailableError } from './storage-limits.ts';

/** What a failed statement means for the database: it stopped (nothing more may be sent to it), its disk is full, or neither. */
export function failureOf(error: unknown): 'stopped' | 'disk-full' | null {
  const { severity } = (typeof error === 'object' && error !== null ? error : {}) as { severity?: unknown };
  if (severity === 'PANIC' || severity === 'FATAL') return 'stopped';
  return isDiskFull(error) ? 'disk-full' : null;
}

const DISK_FULL_ANSWER = "The server's disk is full, so this was not stored; later events stay on the participant's device until the researcher frees space on the server's disk.";

async function createPglite(dataDir: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  try {
    return await PGlite.create(dataDir);
  } catch (error) {
    throw new Error(`its database could not be opened (its files may be damaged, unreadable, or from another version, or its disk full): ${(error as Error).message}`);
  }
}

export interface PgliteOptions {
  /** Writes that grow the database wait while its disk has less free (none: never refused, and a stopped database is not opened again). */
  readonly reserve?: DiskReserve | null;
  readonly report?: Report;
}

export class PgliteClient implements SqlClient {
  readonly kind = 'pglite';
  /** The statements sent so far, in order: the next waits for them. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Why the database stopped, or null while it runs. */
  private stopped: string | null = null;
  /** An opening that failed is not tried again: each keeps some 165 MiB of this process's memory. */
  private reopenFailed = false;
  /** The operator hears of a full disk once a minute while writes keep failing. */
  private readonly reportDiskFull: Report;

  private constructor(
    private readonly dataDir: string,
    private db: PGlite,
    private readonly reserve: DiskReserve | null,
    private readonly report: Report,
  ) {
    this.reportDiskFull = oncePerMinute(report);
  }

  static async open(dataDir: string, options: PgliteOptions = {}): Promise<PgliteClient> {
    return new PgliteClient(dataDir, await createPglite(dataDir), options.reserve ?? null, options.report ?? reportOnStderr);
  }

  noRoomToGrow(): Promise<string | null> {
    return this.reserve ? this.reserve.noRoom() : Promise.resolve(null);
  }

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.exclusive(async (db) => (await db.query<T>(sql, [...params])).rows);
  }

  execInTransaction(sql: string, after: (client: Pick<SqlClient, 'query'>) => Promise<void>): Promise<void> {
    return this.exclusive(async (db) => {
      await db.exec('BEGIN');
      try {
        await db.exec(sql);
        await after({ query: async <T>(q: string, p: readonly unknown[] = []) => (await db.query<T>(q, [...p])).rows });
        await db.exec('COMMIT');
      } catch (error) {
        // Not PGlite's transaction(): it rolls back a stopped database too, and that never returns.
        if (failureOf(error) !== 'stopped') await db.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(async (db) => {
      if (this.stopped === null) await db.close();
    }, { evenStopped: true });
  }

  private exclusive<T>(op: (db: PGlite) => Promise<T>, options: { readonly evenStopped?: boolean } = {}): Promise<T> {
    const run = this.tail.then(async () => {
      if (this.stopped !== null && !options.evenStopped) await this.reopen();
      try {
        return await op(this.db);
      } catch (error) {
        throw await this.failed(error);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** What `error` is answered as: the database stopped (closed here), the disk is full, or the error itself. */
  private async failed(error: unknown): Promise<unknown> {
    switch (failureOf(error)) {
      case 'stopped':
        this.stopped = (error as Error).message;
        this.report(
          `the database in ${this.dataDir} stopped after a write failed (${this.stopped}). What it acknowledged is kept in its files. Sessions, events and results are answered 503 until ${this.reserve ? `it is opened again, which the server does once its disk has ${this.reserve.mib} MiB free` : 'the server is restarted'}.`,
        );
        // A stopped instance closes at once and leaves its files as they are; a statement would never return.
        await this.db.close().catch(() => undefined);
        return new StorageUnavailableError(this.unavailable());
      case 'disk-full':
        this.reportDiskFull(`a write to the database in ${this.dataDir} failed for want of disk space (${(error as Error).message}); it was undone, and nothing stored before is lost. Free space on that disk.`);
        return new StorageFullError(DISK_FULL_ANSWER);
      default:
        return error;
    }
  }

  /** Opens the stopped database again when its disk has the reserve free; else StorageUnavailableError. */
  private async reopen(): Promise<void> {
    if (this.reopenFailed || this.reserve === null || (await this.reserve.noRoom()) !== null) throw new StorageUnavailableError(this.unavailable());
    try {
      this.db = await createPglite(this.dataDir);
    } catch (error) {
      this.reopenFailed = true;
      this.report(`the database in ${this.dataDir} could not be opened again (${(error as Error).message}): restart the server once its disk has room; nothing it stored is lost.`);
      throw new StorageUnavailableError(this.unavailable());
    }
    this.stopped = null;
    this.report(`the database in ${this.dataDir} is open again: sessions, events and results are answered again.`);
  }

  private unavailable(): string {
    const after = this.reopenFailed || this.reserve === null ? 'the researcher must restart the server' : 'it is opened again once the disk has room';
    return `The server's database stopped after a write failed (its disk is full, or failing); nothing it stored is lost, and ${after}. Until then events stay on the participant's device.`;
  }
}
