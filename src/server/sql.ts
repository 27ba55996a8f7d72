/**
 * The one interface storage is written against, and its two implementations, chosen at
 * start-up: PGlite (PostgreSQL compiled to WebAssembly, embedded, in a data folder; pglite.ts) by
 * default, or a PostgreSQL server through node-postgres. Both speak the same SQL.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { DiskReserve, type DiskReserveOptions, type Report } from './disk-reserve.ts';
import { PgliteClient } from './pglite.ts';

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

export async function openPostgres(url: string): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // Fail at start-up, with the server's own words, rather than on the first participant.
  const probe = await pool.connect();
  probe.release();
  pool.on('error', (error) => process.stderr.write(`pipette study: PostgreSQL connection error: ${error.message}\n`));
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, [...params])).rows as T[];
    },
    async execInTransaction(sql, after) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await after({ query: async <T>(q: string, p: readonly unknown[] = []) => (await client.query(q, [...p])).rows as T[] });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // The disk is the PostgreSQL server's, which refuses writes itself when it fills.
    noRoomToGrow: async () => null,
    close: () => pool.end(),
  };
}
