/**
 * The one interface storage is written against, and its two implementations, chosen at
 * start-up: PGlite (PostgreSQL compiled to WebAssembly, embedded, in a data folder) by
 * default, or a PostgreSQL server through node-postgres. Both speak the same SQL.
 */
import { mkdirSync } from 'node:fs';

export interface SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** One statement with $1… parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements in one transaction (a migration). */
  execInTransaction(sql: string, after: (client: Pick<SqlClient, 'query'>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function openPglite(dataDir: string): Promise<SqlClient> {
  mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<T>(sql, [...params])).rows;
    },
    async execInTransaction(sql, after) {
      await db.transaction(async (tx) => {
        await tx.exec(sql);
        await after({ query: async <T>(q: string, p: readonly unknown[] = []) => (await tx.query<T>(q, [...p])).rows });
      });
    },
    close: () => db.close(),
  };
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
    close: () => pool.end(),
  };
}
