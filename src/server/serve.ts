/**
 * Starts the study server: storage (PGlite in a data folder, or PostgreSQL at a URL), the
 * study saved into it, the researcher token (made once, kept in the database), and the
 * HTTP server on 127.0.0.1 unless told otherwise.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Study } from '../core/index.ts';
import { createStudyApp, type StudyAppOptions } from './app.ts';
import type { TrustedProxies } from './client-address.ts';
import { DEFAULT_DISK_RESERVE_MIB, type DiskReserveOptions } from './disk-reserve.ts';
import { isLoopback } from './loopback.ts';
import { openPglite, openPostgres, type SqlClient } from './sql.ts';
import type { StorageLimits } from './storage-limits.ts';
import { newToken, StudyStore, type StudyChange } from './store.ts';

export interface StorageChoice {
  /** A PostgreSQL URL; else PGlite in `dataDir`. */
  readonly databaseUrl?: string | null;
  readonly dataDir: string;
}

export interface ServeOptions extends StorageChoice {
  readonly study: Study;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly distDir: string | null;
  /** Use this researcher token instead of the stored (or a new) one. */
  readonly researcherToken?: string | null;
  readonly limits?: Pick<StudyAppOptions, 'maxBodyBytes' | 'eventRate' | 'sessionRate'>;
  /** What is stored, at most (DEFAULT_STORAGE_LIMITS for what is not given). */
  readonly storage?: Partial<StorageLimits>;
  /** Reverse proxies whose X-Forwarded-For names the client; none unless given (`--trust-proxy`). */
  readonly trustedProxies?: TrustedProxies | null;
  /** MiB kept free on the PGlite data folder's disk (DEFAULT_DISK_RESERVE_MIB unless given; PostgreSQL's disk is its server's). */
  readonly diskReserveMib?: number;
  /** Told when the study file differs from the definition earlier sessions ran under (kept in study_versions). */
  readonly onStudyChanged?: (change: StudyChange) => void;
}

export interface RunningStudyServer {
  readonly url: string;
  readonly port: number;
  readonly researcherToken: string;
  readonly storage: SqlClient['kind'];
  readonly storageLimits: StorageLimits;
  close(): Promise<void>;
}

/** `create: false`: only storage that holds a study database already (export). `diskReserve`: PGlite's only. */
export function openStorage(choice: StorageChoice, options: { readonly create?: boolean; readonly diskReserve?: DiskReserveOptions } = {}): Promise<SqlClient> {
  return choice.databaseUrl ? openPostgres(choice.databaseUrl) : openPglite(choice.dataDir, options);
}

export async function startStudyServer(options: ServeOptions): Promise<RunningStudyServer> {
  const db = await openStorage(options, { diskReserve: { mib: options.diskReserveMib ?? DEFAULT_DISK_RESERVE_MIB } });
  let store: StudyStore;
  try {
    // Measured now, so that a disk already nearly full is told on the console before the first participant.
    await db.noRoomToGrow();
    store = await StudyStore.open(db, options.storage);
    const change = await store.putStudy(options.study);
    if (change) options.onStudyChanged?.(change);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const researcherToken = options.researcherToken ?? (await store.setMetaIfAbsent('researcher_token', newToken()));
  const host = options.host ?? '127.0.0.1';
  const app = createStudyApp({ study: options.study, store, researcherToken, distDir: options.distDir, loopbackOnly: isLoopback(host), trustedProxies: options.trustedProxies ?? null, ...options.limits });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    researcherToken,
    storage: db.kind,
    storageLimits: store.limits,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await store.close();
    },
  };
}
