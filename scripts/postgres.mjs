// A throwaway PostgreSQL server for the tests of the study server's PostgreSQL storage.
//
//   ensurePostgres()   installs Debian's `postgresql` package when no server binaries are found
//                      (as `npm test` installs Chromium); returns the bin directory, or null with
//                      the reason printed when it cannot be installed here.
//   startPostgres()    initdb in a temporary directory (as the `postgres` user when run as root:
//                      PostgreSQL refuses to run as root), start it on a free port on 127.0.0.1,
//                      and return { url, stop }. stop() shuts it down and removes the directory.
//
//   node scripts/postgres.mjs COMMAND...   runs COMMAND with PIPETTE_TEST_DATABASE_URL set to a
//                                          fresh server, then stops it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest installed PostgreSQL server's bin directory, or null. Only looks. */
export function binDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

const asRoot = process.getuid?.() === 0;

export function ensurePostgres() {
  const found = binDir();
  if (found) return found;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    console.log('PostgreSQL: no server binaries and no apt-get here; the PostgreSQL tests will be skipped.');
    return null;
  }
  const sudo = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync(sudo.length ? sudo[0] : 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], { stdio: 'inherit', env }).status === 0;
  console.log('\nPostgreSQL: installing Debian’s postgresql package for the storage tests…');
  if (!apt(['install', '-y', '--no-install-recommends', 'postgresql']) && !(apt(['update']) && apt(['install', '-y', '--no-install-recommends', 'postgresql']))) {
    console.log('PostgreSQL: could not be installed (no network or no root); the PostgreSQL tests will be skipped.');
    return null;
  }
  return binDir();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function pgRun(bin, program, args) {
  const command = asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, program), ...args] : [join(bin, program), ...args];
  return execFileSync(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

export async function startPostgres() {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (run ensurePostgres first)');
  const dir = mkdtempSync(join(tmpdir(), 'pipette-pg-'));
  if (asRoot) {
    execFileSync('chown', ['postgres:postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    pgRun(bin, 'initdb', ['-D', data, '-U', 'pipette', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    pgRun(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${error.stderr || error.message}`);
  }
  let stopped = false;
  return {
    url: `postgres://pipette@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgRun(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv.slice(2);
  if (command.length === 0) {
    console.error('usage: node scripts/postgres.mjs COMMAND...');
    process.exit(2);
  }
  let env = { ...process.env };
  let server = null;
  if (ensurePostgres()) {
    server = await startPostgres();
    env = { ...env, PIPETTE_TEST_DATABASE_URL: server.url };
    console.log(`PostgreSQL: a throwaway server at ${server.url}`);
  }
  const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' });
  await server?.stop();
  process.exit(result.status ?? 1);
}
