/**
 * The one interface storage is written against, and its two implementations, chosen at
 * start-up: PGlite (PostgreSQL compiled to WebAssembly, embedded, in a data folder; pglite.ts) by
 * default, or a PostgreSQL server through node-postgres. Both speak the same SQL.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { DiskReserve, oncePerMinute, reportOnStderr, type DiskReserveOptions, type Report } from './disk-reserve.ts';
import { PgliteClient } from './pglite.ts';
import { isDiskFull, isServerBusy, StorageFullError, StorageUnavailableError } from './storage-limits.ts';

export interface SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** One statement with $1… parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements in one transaction (a migration). */
  execInTransaction(sql: string, after: (client: Pick<SqlClient, 'query'>) => Promise<void>): Promise<void>;
  /** Why the database may not grow now (its disk is nearly full), or null: asked before a write that grows it. */
  noRoomToGrow(): Promise<string | null>;
  close(): Promise<void>;
}

/** Files Pipette keeps beside the database in a data folder (`study serve`'s lock). */
export const SERVE_LOCK = '.pipette-serve.pid';

export interface PgliteFolderOptions {
  /** false (export): refuse a folder with no database rather than make one. */
  readonly create?: boolean;
  /** The free space kept on the folder's disk (none: writes are never refused for it). */
  readonly diskReserve?: DiskReserveOptions | null;
  /** The operator's log (stderr unless given). */
  readonly report?: Report;
}

/**
 * PGlite in `dataDir`. A folder that holds files but no database (no PG_VERSION: another
 * folder, or one whose database lost that file) is refused: PGlite would start a new, empty
 * database over it, and the study's data would be gone. `create: false` (export) also refuses a
 * folder with no database at all rather than making one.
 */
export async function openPglite(dataDir: string, options: PgliteFolderOptions = {}): Promise<SqlClient> {
  const entries = existsSync(dataDir) ? readdirSync(dataDir) : [];
  const holdsFiles = entries.some((name) => name !== SERVE_LOCK);
  if (holdsFiles && !entries.includes('PG_VERSION')) {
    throw new Error(`${dataDir} holds files but no study database (it has no PG_VERSION): opening it would start an empty database over them, so it is left as it is`);
  }
  if (!holdsFiles && options.create === false) throw new Error(`${dataDir} holds no study data`);
  mkdirSync(dataDir, { recursive: true });
  const reserve = options.diskReserve ? new DiskReserve(dataDir, options.diskReserve, options.report) : null;
  return PgliteClient.open(dataDir, { reserve, report: options.report });
}

export async function openPostgres(url: string, options: { readonly report?: Report } = {}): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // Fail at start-up, with the server's own words, rather than on the first participant.
  const probe = await pool.connect();
  probe.release();
  pool.on('error', (error) => process.stderr.write(`pipette study: PostgreSQL connection error: ${error.message}\n`));
  return postgresClient(pool, options.report ?? reportOnStderr);
}

/** What postgresClient needs of node-postgres's Pool (given, so tests can stand in for the server). */
export interface PostgresPool {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
  /** `release(error)` with an error destroys the client instead of giving it back to the pool. */
  connect(): Promise<{ query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>; release(error?: Error): void }>;
  end(): Promise<void>;
}

const POSTGRES_DISK_FULL_ANSWER = "The database server's disk is full, so this was not stored; later events stay on the participant's device until the researcher frees space on that disk.";

const POSTGRES_BUSY_ANSWER = "The database server can't take this now, so it was not stored; the page keeps its events and sends them again shortly.";

/**
 * A PostgreSQL server's pool as a SqlClient. The server refuses a write itself when its disk is
 * full (SQLSTATE 53100, disk_full: the statement is undone and the server goes on); that is a
 * StorageFullError, answered 507 as PGlite's full disk is, so the pages keep their events. A
 * server that can't take a statement now (out of connections, restarting, unreachable:
 * isServerBusy) is a StorageUnavailableError, answered 503 with a time to try again, as PGlite's
 * stopped database is: the operator's log says so once a minute, not with a stack per request.
 */
export function postgresClient(pool: PostgresPool, report: Report = reportOnStderr): SqlClient {
  const reportBusy = oncePerMinute(report);
  const reportDiskFull = oncePerMinute(report);
  const failed = (error: unknown): unknown => {
    if (isServerBusy(error)) {
      reportBusy(`the PostgreSQL server could not take a statement (${(error as Error).message}); the pages keep their events and send them again (each event is stored once). Sessions, events and results are answered 503 while this lasts.`);
      return new StorageUnavailableError(POSTGRES_BUSY_ANSWER);
    }
    if (!isDiskFull(error)) return error;
    reportDiskFull(`a write to the PostgreSQL database failed for want of disk space (${(error as Error).message}); it was undone, and nothing stored before is lost. Free space on the database server's disk.`);
    return new StorageFullError(POSTGRES_DISK_FULL_ANSWER);
  };
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await pool.query(sql, [...params])).rows as T[];
      } catch (error) {
        throw failed(error);
      }
    },
    async execInTransaction(sql, after) {
      let client;
      try {
        client = await pool.connect();
      } catch (error) {
        throw failed(error);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await after({ query: async <T>(q: string, p: readonly unknown[] = []) => (await client.query(q, [...p])).rows as T[] });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A connection that failed goes, rather than back to the pool for the next request to meet.
        if (isServerBusy(error)) broken = error as Error;
        throw failed(error);
      } finally {
        client.release(broken);
      }
    },
    // The disk is the PostgreSQL server's, which refuses writes itself when it fills (53100, above).
    noRoomToGrow: async () => null,
    close: () => pool.end(),
  };
}
