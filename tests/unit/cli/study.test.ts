import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { isLoopback } from '../../../src/cli/study.ts';
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
    const file = join(dir, 'serve.json');
    writeFileSync(file, JSON.stringify(studyJson()));
    const dist = join(dir, 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
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
