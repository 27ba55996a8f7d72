import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { diskReserveOption, isLoopback, storageOptions } from '../../../src/cli/study.ts';
import { parseStudy } from '../../../src/core/index.ts';
import { openPglite } from '../../../src/server/sql.ts';
import { StudyStore } from '../../../src/server/store.ts';
import { studyJson } from '../study/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipette-study-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

/** A study file and a stand-in for the built app, as `study serve` needs them, named `name`. */
function serveFiles(name: string): { file: string; dist: string } {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(studyJson()));
  const dist = join(dir, `${name}-dist`);
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  return { file, dist };
}

describe('pipette study check', () => {
  it('accepts the example study', async () => {
    const result = await run(['study', 'check', join(import.meta.dirname, '../../../examples/study.json')]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('2 tasks, 2 questions');
  });

  it('names the file and the field of a mistake', async () => {
    const file = join(dir, 'bad.json');
    const study = studyJson() as { steps: Record<string, unknown>[] };
    study.steps[1]!.scenario = 'no-such-scenario';
    writeFileSync(file, JSON.stringify(study));
    const result = await run(['study', 'check', file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${file}: steps.1.scenario: no bundled scenario "no-such-scenario"`);
  });

  it('reads a study file that starts with a UTF-8 byte-order mark', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\ufeff${JSON.stringify(studyJson())}`);
    const result = await run(['study', 'check', file]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });

  it('refuses an empty --host, which would listen on every interface', async () => {
    const { file, dist } = serveFiles('serve');
    const result = await run(['study', 'serve', file, '--host', '', '--dist', dist, '--data', join(dir, 'data')]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--host "": expected an address to listen on');
  });

  it('names an --out path it cannot write, rather than an internal error', async () => {
    const data = join(dir, 'export-data');
    const store = await StudyStore.open(await openPglite(data));
    await store.putStudy(parseStudy(studyJson()));
    await store.close();
    const result = await run(['study', 'export', '--data', data, '--out', '/dev/full']);
    expect(result.err).toContain('pipette: /dev/full: no space left on the device');
    expect(result.code).toBe(2);
  }, 60_000);

  it('leaves a folder that holds files but no study database as it is, for export and serve alike', async () => {
    const other = join(dir, 'not-data');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'notes.txt'), 'mine');
    // What a database folder that lost PG_VERSION looks like: PGlite would have started an empty one over it.
    mkdirSync(join(other, 'base'));
    const exported = await run(['study', 'export', '--data', other]);
    expect(exported.code).toBe(2);
    expect(exported.err).toContain(`could not read the data folder ${other}: ${other} holds files but no study database (it has no PG_VERSION)`);
    const { file, dist } = serveFiles('not-data-study');
    const served = await run(['study', 'serve', file, '--dist', dist, '--data', other, '--port', '0']);
    expect(served.code).toBe(2);
    expect(served.err).toContain('holds files but no study database');
    expect(readdirSync(other).sort()).toEqual(['base', 'notes.txt']);
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('mine');
  }, 60_000);

  it('exports JSON a record a line, nested event data compact, that reads back whole, without the address hash', async () => {
    const data = join(dir, 'json-export-data');
    const study = parseStudy(studyJson());
    const store = await StudyStore.open(await openPglite(data));
    await store.putStudy(study);
    const session = await store.createSession(study.id, 'P-json', 'hash', async () => ({ condition: study.conditions[0]!.name, source: 'assigned', order: study.steps.map((step) => step.id) }) as never, { address: '203.0.113.30' });
    const addressHash = (await store.sessionToken(session.id))!.addressHash!;
    expect(addressHash).toMatch(/^[0-9a-f]{64}$/);
    let nested: unknown = { leaf: 'x' };
    for (let depth = 0; depth < 30; depth++) nested = { depth, nested };
    const events = Array.from({ length: 3 }, (_, seq) => ({ id: `json-${seq}`, seq, type: 'edit' as const, step: study.steps[0]!.id, wall: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), mono: seq, data: { nested } }));
    expect(await store.appendEvents(session.id, events)).toBe(3);
    await store.close();
    const out = join(dir, 'export.json');
    const result = await run(['study', 'export', '--data', data, '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const exported = JSON.parse(text) as { study: { id: string }; sessions: unknown[]; events: { id: string }[]; attempts: unknown[]; results: unknown };
    expect(exported.study.id).toBe(study.id);
    expect(exported.sessions).toHaveLength(1);
    expect(exported.events.map((e) => e.id)).toEqual(['json-0', 'json-1', 'json-2']);
    expect(exported.results).toBeTypeOf('object');
    // Indented, the 30 levels took 30 times the room; here each event is one line.
    expect(text.split('\n').filter((line) => line.includes('"json-')).length).toBe(3);
    expect(text).not.toContain(addressHash);
    expect(text).not.toContain('203.0.113.30');
    expect(text).not.toMatch(/address_?hash/i);
    expect(exported.results).toMatchObject({ integrity: [{ session: session.id, participant: 'P-json', events: 3, lastSeq: 2, gaps: [], duplicates: [] }] });

    const integrityOut = join(dir, 'integrity.csv');
    expect((await run(['study', 'export', '--data', data, '--kind', 'integrity', '--out', integrityOut])).code).toBe(0);
    expect(readFileSync(integrityOut, 'utf8')).toBe(`session,participant,condition,events,last_seq,missing_seqs,duplicate_seqs\r\n${session.id},P-json,${session.condition},3,2,,\r\n`);
  }, 60_000);

  it('exports from no folder without making a database there', async () => {
    const empty = join(dir, 'empty-data');
    mkdirSync(empty, { recursive: true });
    const result = await run(['study', 'export', '--data', empty]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('holds no study data');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses to serve a data folder another live server holds, before opening it', async () => {
    const held = join(dir, 'held-data');
    mkdirSync(held, { recursive: true });
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(held, '.pipette-serve.pid'), String(other.pid));
      const { file, dist } = serveFiles('held-study');
      const result = await run(['study', 'serve', file, '--dist', dist, '--data', held, '--port', '0']);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`is in use by another pipette study serve (process ${other.pid})`);
      // Nothing was opened: no database appeared beside the lock.
      expect(existsSync(join(held, 'PG_VERSION'))).toBe(false);
    } finally {
      other.kill();
    }
  });

  it('takes a share of the study per client address as a fraction, and sessions per address as a count', async () => {
    expect(storageOptions(undefined, undefined)).toEqual({});
    expect(storageOptions('0.1', '50')).toEqual({ addressShare: 0.1, addressSessions: 50 });
    expect(storageOptions('1/4', undefined)).toEqual({ addressShare: 0.25 });
    expect(storageOptions('1', undefined)).toEqual({ addressShare: 1 });
    const { file, dist } = serveFiles('share-study');
    for (const [option, value, message] of [
      ['--address-share', '0', '--address-share 0: expected the part of the study one client address may store, more than 0 and at most 1'],
      ['--address-share', '1.5', '--address-share 1.5: expected'],
      ['--address-share', '25%', '--address-share 25%: expected'],
      ['--address-share', '1/0', '--address-share 1/0: expected'],
      ['--address-sessions', '0', '--address-sessions 0: expected how many sessions one client address may make, 1 or more'],
      ['--address-sessions', '2.5', '--address-sessions 2.5: expected'],
    ]) {
      const result = await run(['study', 'serve', file, '--dist', dist, '--data', join(dir, 'share-data'), '--port', '0', option!, value!]);
      expect(result.code, `${option} ${value}`).toBe(2);
      expect(result.err).toContain(message);
    }
    // Refused before the data folder is used.
    expect(existsSync(join(dir, 'share-data'))).toBe(false);
  });

  it('refuses a --trust-proxy value that names no proxy, saying which entry and why, before the data folder is used', async () => {
    const { file, dist } = serveFiles('proxy-study');
    for (const [values, message] of [
      [['10.0.0.0/33'], '--trust-proxy 10.0.0.0/33: "10.0.0.0/33": the prefix of an IPv4 network is 1 to 32'],
      [['loopback', '10.0.0.0/8,proxy.example'], '--trust-proxy 10.0.0.0/8,proxy.example: "proxy.example" is not an IP address or network: expected ADDRESS, ADDRESS/PREFIX'],
      [['0.0.0.0/0'], '--trust-proxy 0.0.0.0/0: "0.0.0.0/0" trusts every address'],
    ] as const) {
      const result = await run(['study', 'serve', file, '--dist', dist, '--data', join(dir, 'proxy-data'), '--port', '0', ...values.flatMap((value) => ['--trust-proxy', value])]);
      expect(result.code, values.join(' ')).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(existsSync(join(dir, 'proxy-data'))).toBe(false);
  });

  it('takes the free space kept on the data folder\'s disk in whole MiB, and only for PGlite', async () => {
    expect(diskReserveOption(undefined, null)).toBeUndefined();
    expect(diskReserveOption('1024', null)).toBe(1024);
    expect(diskReserveOption(' 32 ', null)).toBe(32);
    const { file, dist } = serveFiles('reserve-study');
    for (const [value, message] of [
      ['31', "--disk-reserve 31: expected the MiB the server keeps free on the data folder's disk, a whole number of at least 32 (256 unless given)"],
      ['0', '--disk-reserve 0: expected'],
      ['1.5', '--disk-reserve 1.5: expected'],
      ['256M', '--disk-reserve 256M: expected'],
      ['', '--disk-reserve : expected'],
    ]) {
      const result = await run(['study', 'serve', file, '--dist', dist, '--data', join(dir, 'reserve-data'), '--port', '0', '--disk-reserve', value!]);
      expect(result.code, value).toBe(2);
      expect(result.err).toContain(message);
    }
    const withPostgres = await run(['study', 'serve', file, '--dist', dist, '--database-url', 'postgres://127.0.0.1:1/none', '--port', '0', '--disk-reserve', '512']);
    expect(withPostgres.code).toBe(2);
    expect(withPostgres.err).toContain("--disk-reserve is kept on the disk of the data folder: with --database-url the database's disk is the PostgreSQL server's");
    // Refused before the data folder is used.
    expect(existsSync(join(dir, 'reserve-data'))).toBe(false);
  });

  it('refuses an unknown subcommand with the usage', async () => {
    const result = await run(['study', 'launch']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('expected check, serve or export');
  });
});

describe('study serve on another address', () => {
  it('warns unless the address reaches this machine only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '127.0.0.1.example.com', 'example.com']) expect(isLoopback(host), host).toBe(false);
  });
});
