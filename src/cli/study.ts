/**
 * pipette study: run a study and get its results.
 *
 *   pipette study check STUDY.json
 *   pipette study serve STUDY.json [--port N] [--host ADDR] [--data DIR | --database-url URL] [--address-share F] [--address-sessions N] [--trust-proxy ADDR[/PREFIX][,…]] [--disk-reserve MIB]
 *   pipette study export (--data DIR | --database-url URL | --server URL --token T) [--format csv|json] [--kind events|attempts|integrity] [--out FILE]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { attemptsCsv, eventsCsv, integrityCsv, parseStudy, parseStudyText, stepAttempts, StudyError, summarizeStudy, MAX_STUDY_BYTES, type RecordedEvent, type Study } from '../core/index.ts';
import { InputError, readText, REPO_ROOT, withoutBom } from './files.ts';
import { trustProxies, TrustProxyError, type TrustedProxies } from '../server/client-address.ts';
import { isLoopback } from '../server/loopback.ts';
import { DEFAULT_DISK_RESERVE_MIB, MIN_DISK_RESERVE_MIB } from '../server/disk-reserve.ts';
import { SERVE_LOCK } from '../server/sql.ts';
import { writeOutput } from './read-bounded.ts';

export const STUDY_USAGE = `  pipette study check STUDY.json       check a study file (pipette-study/1)
  pipette study serve STUDY.json [--port N] [--host ADDR] [--data DIR | --database-url URL]
                       [--address-share F] [--address-sessions N] [--trust-proxy ADDR[/PREFIX][,…]]
                       [--disk-reserve MIB]
                                       serve the app with the study and collect its events
                                       (F: the part of the study one client address may store,
                                       0.25 unless given; N: its sessions, 1000 unless given;
                                       --trust-proxy: reverse proxies, or loopback, whose
                                       X-Forwarded-For names the client; repeatable;
                                       MIB: the free space kept on the data folder's disk,
                                       ${DEFAULT_DISK_RESERVE_MIB} unless given)
  pipette study export (--data DIR | --database-url URL | --server URL --token T)
                       [--format csv|json] [--kind events|attempts|integrity] [--out FILE] [--study ID]`;

const DEFAULT_DATA = 'pipette-study-data';
const LOCK = SERVE_LOCK;

function fail(message: string): never {
  throw new InputError(message);
}

/** The bundled scenarios a task may name. */
function bundledScenarioIds(distDir: string | null): Set<string> {
  for (const dir of [distDir, join(REPO_ROOT, 'public')]) {
    const list = dir ? join(dir, 'scenarios', 'index.json') : null;
    if (list && existsSync(list)) return new Set((JSON.parse(readFileSync(list, 'utf8')) as { id: string }[]).map((s) => s.id));
  }
  return new Set();
}

export function readStudyFile(path: string, distDir: string | null = null): Study {
  let study: Study;
  try {
    study = parseStudyText(withoutBom(readText(path, MAX_STUDY_BYTES)));
  } catch (error) {
    if (error instanceof StudyError) fail(`${path}: ${error.message}`);
    throw error;
  }
  const known = bundledScenarioIds(distDir);
  study.steps.forEach((step, i) => {
    if (step.type === 'task' && known.size > 0 && !known.has(step.scenario)) fail(`${path}: steps.${i}.scenario: no bundled scenario ${JSON.stringify(step.scenario)} (there are ${[...known].join(', ')})`);
  });
  return study;
}

function commandCheck(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) fail('pipette study check takes one STUDY.json');
  const study = readStudyFile(positionals[0]!);
  const tasks = study.steps.filter((s) => s.type === 'task').length;
  console.log(`${positionals[0]}: ${study.title} — ${tasks} task${tasks === 1 ? '' : 's'}, ${study.steps.length - tasks} question${study.steps.length - tasks === 1 ? '' : 's'}, conditions ${study.conditions.map((c) => `${c.name} (${c.rollout}%${c.flags.wording ? `, wording ${c.flags.wording}` : ''})`).join(', ')}${study.order === 'latin-square' ? ', task order counterbalanced' : ''}. OK.`);
  return 0;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The data folder's lock, made only if no other live server holds it (a stale one is taken over). */
function takeServeLock(dataDir: string, lock: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fail(`could not use the data folder ${dataDir}: ${(error as Error).message}`);
    }
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && pidAlive(pid)) fail(`${dataDir} is in use by another pipette study serve (process ${pid})`);
    rmSync(lock, { force: true }); // Left by a server that is gone.
  }
  fail(`${dataDir}: another pipette study serve is starting on it`);
}

/** `--address-share` (a fraction, 0.1 or 1/10) and `--address-sessions` (a count), checked. */
export function storageOptions(share: string | undefined, sessions: string | undefined): { addressShare?: number; addressSessions?: number } {
  const storage: { addressShare?: number; addressSessions?: number } = {};
  if (share !== undefined) {
    const fraction = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(share);
    const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(share) ? Number(share) : NaN;
    if (!(value > 0 && value <= 1)) fail(`--address-share ${share}: expected the part of the study one client address may store, more than 0 and at most 1 (0.25, 1/10; 1 leaves only the study's limit)`);
    storage.addressShare = value;
  }
  if (sessions !== undefined) {
    const value = /^\s*\d+\s*$/.test(sessions) ? Number(sessions) : NaN;
    if (!(Number.isSafeInteger(value) && value >= 1)) fail(`--address-sessions ${sessions}: expected how many sessions one client address may make, 1 or more`);
    storage.addressSessions = value;
  }
  return storage;
}

/** `--trust-proxy` values (each ADDRESS, ADDRESS/PREFIX or loopback, comma-separated), checked; null when none is given. */
export function trustProxyOption(values: readonly string[] | undefined): TrustedProxies | null {
  if (values === undefined || values.length === 0) return null;
  try {
    return trustProxies(values);
  } catch (error) {
    if (error instanceof TrustProxyError) fail(`--trust-proxy ${error.value}: ${error.message}`);
    throw error;
  }
}

/** `--disk-reserve` (whole MiB), checked; PGlite's only: with --database-url the disk is the PostgreSQL server's. */
export function diskReserveOption(mib: string | undefined, databaseUrl: string | null): number | undefined {
  if (mib === undefined) return undefined;
  if (databaseUrl) fail("--disk-reserve is kept on the disk of the data folder: with --database-url the database's disk is the PostgreSQL server's, which refuses writes itself when it fills");
  const value = /^\s*\d+\s*$/.test(mib) ? Number(mib) : NaN;
  if (!(Number.isSafeInteger(value) && value >= MIN_DISK_RESERVE_MIB)) {
    fail(`--disk-reserve ${mib}: expected the MiB the server keeps free on the data folder's disk, a whole number of at least ${MIN_DISK_RESERVE_MIB} (${DEFAULT_DISK_RESERVE_MIB} unless given): less leaves no room to open the database again after a stop`);
  }
  return value;
}

async function commandServe(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      dist: { type: 'string' },
      'researcher-token': { type: 'string' },
      'address-share': { type: 'string' },
      'address-sessions': { type: 'string' },
      'trust-proxy': { type: 'string', multiple: true },
      'disk-reserve': { type: 'string' },
    },
  });
  if (positionals.length !== 1) fail('pipette study serve takes one STUDY.json');
  const distDir = resolvePath(values.dist ?? join(REPO_ROOT, 'dist'));
  if (!existsSync(join(distDir, 'index.html'))) fail(`${distDir} has no built app: run "npx vite build" first (or give --dist DIR)`);
  const study = readStudyFile(positionals[0]!, distDir);
  if (values.host !== undefined && values.host.trim() === '') fail('--host "": expected an address to listen on, such as 127.0.0.1 (an empty one would listen on every interface)');
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port}: expected a port number`);
  if (values['researcher-token'] !== undefined && !/^[A-Za-z0-9_-]{16,128}$/.test(values['researcher-token'])) fail('--researcher-token: expected 16 to 128 letters, digits, - or _');
  const storage = storageOptions(values['address-share'], values['address-sessions']);
  const trustedProxies = trustProxyOption(values['trust-proxy']);
  const databaseUrl = values['database-url'] ?? null;
  const diskReserveMib = diskReserveOption(values['disk-reserve'], databaseUrl);
  const dataDir = resolvePath(values.data ?? DEFAULT_DATA);
  const lock = join(dataDir, LOCK);
  // Taken before the database is opened: two servers on one PGlite folder each kept their own
  // copy of it, and one's acknowledged events were lost when the other wrote.
  if (!databaseUrl) takeServeLock(dataDir, lock);
  const { startStudyServer } = await import('../server/serve.ts');
  let server;
  try {
    server = await startStudyServer({
      study,
      port,
      host: values.host ?? '127.0.0.1',
      dataDir,
      databaseUrl,
      distDir,
      researcherToken: values['researcher-token'] ?? null,
      storage,
      trustedProxies,
      diskReserveMib,
      onStudyChanged: (change) => {
        const gone = [...change.stepsGone.map((id) => `step ${id}`), ...change.conditionsGone.map((name) => `condition ${name}`)];
        process.stderr.write(
          `warning: ${positionals[0]} differs from the definition ${change.sessions} session${change.sessions === 1 ? '' : 's'} already ran under${gone.length > 0 ? `; it no longer has ${gone.join(', ')}, whose events stay stored and are listed apart in the results (notInStudy)` : ''}. The earlier definition is kept in the storage (study_versions); a new study id keeps results apart.\n`,
        );
      },
    });
  } catch (error) {
    if (!databaseUrl) rmSync(lock, { force: true });
    const message = (error as Error).message;
    fail(databaseUrl ? `could not use the database at ${databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}: ${message}` : `could not open the data folder ${dataDir}: ${message}`);
  }
  console.log(`Serving “${study.title}” at ${server.url} (storage: ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`})`);
  console.log(`  participants:      ${server.url}/study?participant=P01   (one id per person; leave it out to make one up)`);
  console.log(`  researcher panel:  ${server.url}/study/researcher`);
  console.log(`  researcher token:  ${server.researcherToken}`);
  const host = values.host ?? '127.0.0.1';
  if (trustedProxies) {
    console.log(`  client addresses:  as X-Forwarded-For names them on connections from ${trustedProxies.networks.join(', ')} (--trust-proxy)`);
    // Bound to this machine, every connection comes from a loopback address.
    if (isLoopback(host) && !trustedProxies.includes('127.0.0.1') && !trustedProxies.includes('::1')) {
      process.stderr.write(`warning: --trust-proxy names no loopback address, and on ${host} every connection comes from one: X-Forwarded-For is never read (add --trust-proxy loopback, or --host)\n`);
    }
  }
  if (!isLoopback(host)) {
    process.stderr.write(`warning: --host ${host} lets other machines reach this server: anyone who can reach it can take part, and the researcher token is all that guards the results\n`);
  }
  if (!isLoopback(host) || trustedProxies) {
    const { addressShare, addressSessions } = server.storageLimits;
    const uncounted = trustedProxies ? 'private and loopback addresses are counted only when a trusted proxy names them as the client' : "private and loopback addresses, such as a reverse proxy's, are not counted";
    console.log(`  per client address: ${Math.round(addressShare * 1000) / 10}% of the study's storage, ${addressSessions} sessions (--address-share, --address-sessions; ${uncounted})`);
  }
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().finally(() => {
        if (!databaseUrl) rmSync(lock, { force: true });
        done();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

interface ExportData {
  readonly study: Study;
  readonly sessions: readonly unknown[];
  readonly events: readonly RecordedEvent[];
}

async function fromStorage(values: Record<string, string | undefined>): Promise<ExportData> {
  const { openStorage } = await import('../server/serve.ts');
  const { StudyStore, listStudyIds, loadStudyDefinition } = await import('../server/store.ts');
  const dataDir = resolvePath(values.data ?? DEFAULT_DATA);
  if (!values['database-url']) {
    if (!existsSync(dataDir)) fail(`${dataDir}: no such data folder (give --data DIR, --database-url URL or --server URL)`);
    const lock = join(dataDir, LOCK);
    if (existsSync(lock) && pidAlive(Number(readFileSync(lock, 'utf8')))) fail(`${dataDir} is in use by a running pipette study serve: export from it with --server URL --token TOKEN`);
  }
  let db;
  try {
    db = await openStorage({ dataDir, databaseUrl: values['database-url'] ?? null }, { create: false });
  } catch (error) {
    const message = (error as Error).message;
    return fail(values['database-url'] ? `could not use the database at ${values['database-url'].replace(/\/\/[^@/]*@/, '//***@')}: ${message}` : `could not read the data folder ${dataDir}: ${message}`);
  }
  const store = await StudyStore.open(db);
  try {
    const ids = await listStudyIds(store.db);
    const id = values.study ?? (ids.length === 1 ? ids[0] : fail(ids.length === 0 ? 'no study in this storage yet' : `this storage holds several studies (${ids.join(', ')}): pick one with --study ID`));
    if (!ids.includes(id!)) fail(`no study ${JSON.stringify(id)} here (there is ${ids.join(', ')})`);
    const study = parseStudy(await loadStudyDefinition(store.db, id!));
    return { study, sessions: await store.listSessions(id!), events: await store.listEvents(id!) };
  } finally {
    await store.close();
  }
}

async function fromServer(url: string, token: string | undefined): Promise<ExportData> {
  if (!token) fail('--server needs --token (the researcher token the server printed)');
  let response: Response;
  try {
    response = await fetch(new URL('/api/results', url), { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    fail(`could not reach ${url}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as (ExportData & { error?: string }) | null;
  if (!response.ok || !body) fail(`${url}: ${response.status} ${body?.error ?? response.statusText}`);
  return { study: parseStudy(body.study), sessions: body.sessions, events: body.events };
}

async function commandExport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, 'database-url': { type: 'string' }, server: { type: 'string' }, token: { type: 'string' }, study: { type: 'string' }, format: { type: 'string' }, kind: { type: 'string' }, out: { type: 'string' } },
  });
  const format = values.format ?? 'csv';
  const kind = values.kind ?? 'events';
  if (format !== 'csv' && format !== 'json') fail(`--format ${format}: expected csv or json`);
  if (kind !== 'events' && kind !== 'attempts' && kind !== 'integrity') fail(`--kind ${kind}: expected events, attempts or integrity`);
  const data = values.server ? await fromServer(values.server, values.token) : await fromStorage(values);
  const text = format === 'json' ? jsonExport(data) : kind === 'events' ? eventsCsv(data.events) : kind === 'attempts' ? attemptsCsv(data.events) : integrityCsv(data.events);
  if (values.out) {
    writeOutput(values.out, text);
    process.stderr.write(`Wrote ${values.out}: ${data.events.length} events from ${data.sessions.length} sessions.\n`);
  } else if (typeof text === 'string') {
    process.stdout.write(text);
  } else {
    for (const piece of text) process.stdout.write(piece);
  }
  return 0;
}

/**
 * The JSON export, in pieces, each session, event and attempt on a line of its own: written
 * whole and indented, a study's nested event data made a string longer than V8 allows (a
 * study within every storage limit could not be exported).
 */
function* jsonExport(data: ExportData): Generator<string> {
  const list = function* (name: string, items: readonly unknown[], last = false): Generator<string> {
    yield `  ${JSON.stringify(name)}: [`;
    for (let i = 0; i < items.length; i++) yield `${i === 0 ? '' : ','}\n    ${JSON.stringify(items[i])}`;
    yield `${items.length > 0 ? '\n  ' : ''}]${last ? '' : ','}\n`;
  };
  yield `{\n  "study": ${JSON.stringify(data.study)},\n`;
  yield* list('sessions', data.sessions);
  yield* list('events', data.events);
  yield* list('attempts', stepAttempts(data.events));
  yield `  "results": ${JSON.stringify(summarizeStudy(data.study, data.events), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}

export { isLoopback };

export async function commandStudy(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'check':
      return commandCheck(rest);
    case 'serve':
      return commandServe(rest);
    case 'export':
      return commandExport(rest);
    default:
      return fail(`pipette study: expected check, serve or export\n\nusage:\n${STUDY_USAGE}`);
  }
}
