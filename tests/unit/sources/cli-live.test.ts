// `pipette resolve --index-url` against a local index that serves a snapshot gives the same
// result as `pipette resolve --index` on the same snapshot file; with --cache-dir it works
// offline; an index failure is a clear message and exit status 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readIndexFile } from '../../../src/cli/files.ts';
import { runCli } from '../../support/run-cli.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';
import { POPULAR_SNAPSHOT } from '../../support/shared-data.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await runCli(...args);
  return { code, stdout: out, stderr: err };
}

describe.skipIf(!POPULAR_SNAPSHOT)('pipette resolve --index-url (skipped: ../shared/data/indexes is absent)', () => {
  let server: IndexServer;
  let cacheDir: string;
  beforeAll(async () => {
    server = await startIndexServer({ snapshot: readIndexFile(POPULAR_SNAPSHOT!).index });
    cacheDir = mkdtempSync(join(tmpdir(), 'pipette-cache-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it.each([
    [['flask', 'requests']],
    [['flask<2', 'requests[socks]', '--python', '3.8']],
    [['black', 'pytest', '--platform', 'windows']],
  ])('gives the same packages from the server as from the snapshot file: %j', async (args) => {
    const fromFile = await run(['resolve', ...args, '--index', POPULAR_SNAPSHOT!, '--json']);
    const fromServer = await run(['resolve', ...args, '--index-url', server.indexUrl, '--json']);
    expect(fromServer.code).toBe(fromFile.code);
    const file = JSON.parse(fromFile.stdout);
    const live = JSON.parse(fromServer.stdout);
    expect(live.satisfiable).toBe(true);
    expect(live.packages).toEqual(file.packages);
    expect(live.index.progress.pagesFetched).toBeGreaterThan(3);
  });

  it('keeps answers in --cache-dir and resolves --offline from them', async () => {
    const online = await run(['resolve', 'flask', '--index-url', server.indexUrl, '--cache-dir', cacheDir]);
    expect(online.code).toBe(0);
    expect(online.stderr).toMatch(/^index http:\/\/127\.0\.0\.1:\d+\/simple\/: 7 project pages \(0 from the cache, 0 confirmed unchanged\), 7 metadata files \(0 from the cache\), \d+ KiB downloaded; cache: folder /m);

    const before = server.requests.length;
    const offline = await run(['resolve', 'flask', '--index-url', server.indexUrl, '--cache-dir', cacheDir, '--offline', '--json']);
    expect(offline.code).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(JSON.parse(offline.stdout).packages).toMatchObject({ flask: '2.3.3' });

    const missing = await run(['resolve', 'django', '--index-url', server.indexUrl, '--cache-dir', cacheDir, '--offline']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`pipette: ${server.indexUrl}django/: the project page is not in the cache, and Pipette is working offline.`);
  });

  it('says what went wrong with the index, and suggests names for a missing project', async () => {
    server.addFault({ path: '/simple/werkzeug/', fault: { kind: 'status', status: 500 } });
    try {
      const failed = await run(['resolve', 'flask', '--index-url', server.indexUrl]);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain(`pipette: ${server.indexUrl}werkzeug/: the index answered 500 Internal Server Error (gave up after 4 attempts).`);
    } finally {
      server.clearFaults();
    }
    const typo = await run(['resolve', 'flaks', '--index-url', server.indexUrl]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`note: ${server.indexUrl} has no project named flaks; close names (from the list of 606 projects on ${server.indexUrl}): flask`);
  }, 30_000);

  it('honours the --index-url of a requirements file, and refuses two indexes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipette-req-'));
    try {
      const file = join(dir, 'requirements.txt');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, `--index-url ${server.indexUrl}\nitsdangerous\n`);
      const result = await run(['resolve', '-r', file, '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).packages).toEqual({ itsdangerous: '2.1.2' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const both = await run(['resolve', 'flask', '--index', POPULAR_SNAPSHOT!, '--index-url', server.indexUrl]);
    expect(both).toMatchObject({ code: 2, stderr: 'pipette: give --index SNAPSHOT.json or --index-url URL, not both\n' });
  });
});
