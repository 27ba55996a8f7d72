/**
 * `pipette resolve` against a private index: the login from the index URL, from `${NAME}` in a
 * requirements file, or from a netrc file reaches the index, and no secret reaches the output,
 * whichever engine prints it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readIndexFile } from '../../../src/cli/files.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';
import { runCli } from '../../support/run-cli.ts';

const SNAPSHOT = join(import.meta.dirname, '../../e2e/fixtures/tiny-index.snapshot.json');
const PASSWORD = 'pw-9f8e7d';
const SET_VARIABLES = ['PIPETTE_TEST_USER', 'PIPETTE_TEST_PASSWORD', 'NETRC'];

describe('a private index from the command line', () => {
  let server: IndexServer;
  let folder: string;
  let loginUrl: string;
  beforeAll(async () => {
    server = await startIndexServer({ snapshot: readIndexFile(SNAPSHOT).index, login: { username: 'alice', password: PASSWORD } });
    folder = mkdtempSync(join(tmpdir(), 'pipette-login-'));
    loginUrl = server.indexUrl.replace('http://', `http://alice:${PASSWORD}@`);
    // No netrc of the machine's may answer for these tests.
    process.env.NETRC = join(folder, 'no-netrc');
  });
  afterEach(() => {
    for (const name of SET_VARIABLES) if (name !== 'NETRC') delete process.env[name];
    process.env.NETRC = join(folder, 'no-netrc');
  });
  afterAll(async () => {
    delete process.env.NETRC;
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const expectNoSecret = (run: { out: string; err: string }) => {
    expect(run.out).not.toContain(PASSWORD);
    expect(run.err).not.toContain(PASSWORD);
  };

  it('sends the login of --index-url and prints the URL without it', async () => {
    const run = await runCli('resolve', 'greeter', '--index-url', loginUrl);
    expect(run.code).toBe(0);
    expect(run.out).toContain('colour-words==2.0');
    expect(run.err).toContain(`index ${server.indexUrl} (with the login from the index URL): `);
    expectNoSecret(run);
    expect(server.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  it("prints pip's 'Looking in indexes' with the login masked, as pip does", async () => {
    const run = await runCli('resolve', 'greeter', '--index-url', loginUrl, '--engine', 'pip');
    expect(run.code).toBe(0);
    // pip 23.2.1 printed "Looking in indexes: http://alice:****@127.0.0.1:9/simple/" for such a URL.
    expect(run.out + run.err).toContain(`Looking in indexes: ${server.indexUrl.replace('http://', 'http://alice:****@')}\n`);
    expectNoSecret(run);
  });

  it('expands ${NAME} in a requirements file, as pip does, and shows only the names', async () => {
    process.env.PIPETTE_TEST_USER = 'alice';
    process.env.PIPETTE_TEST_PASSWORD = PASSWORD;
    const file = join(folder, 'requirements.txt');
    writeFileSync(file, `--index-url ${server.indexUrl.replace('http://', 'http://${PIPETTE_TEST_USER}:${PIPETTE_TEST_PASSWORD}@')}\ngreeter\n--find-links https://\${PIPETTE_TEST_PASSWORD}@example.invalid/\n`);
    const run = await runCli('resolve', '-r', file);
    expect(run.code).toBe(0);
    expect(run.out).toContain('greeter==1.0');
    expect(run.err).toContain(`${file}:3:1: info: --find-links https://\${PIPETTE_TEST_PASSWORD}@example.invalid/ is kept but not searched here`);
    expectNoSecret(run);
  });

  it('takes the login from the netrc file when the URL has none', async () => {
    const netrc = join(folder, 'netrc');
    writeFileSync(netrc, `machine 127.0.0.1 login alice password ${PASSWORD}\n`);
    process.env.NETRC = netrc;
    const run = await runCli('resolve', 'greeter', '--index-url', server.indexUrl);
    expect(run.code).toBe(0);
    expect(run.err).toContain(`(with the login from ${netrc})`);
    expectNoSecret(run);
  });

  it('says how to give a login when the index asks for one and none was given', async () => {
    const run = await runCli('resolve', 'greeter', '--index-url', server.indexUrl);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`pipette: ${server.indexUrl}greeter/: the index refused access (401 Unauthorized). Pipette sent no login.`);
  });

  it('says the login was refused, without showing it, and warns about a netrc file that cannot be read', async () => {
    const netrc = join(folder, 'broken-netrc');
    writeFileSync(netrc, `machine 127.0.0.1 login alice pasword ${PASSWORD}\n`);
    process.env.NETRC = netrc;
    const refused = await runCli('resolve', 'greeter', '--index-url', server.indexUrl.replace('http://', 'http://alice:not-the-password@'));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('It did not accept the login Pipette sent');
    expect(refused.err).not.toContain('not-the-password');
    const broken = await runCli('resolve', 'greeter', '--index-url', server.indexUrl);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`warning: ${netrc}:1: a word where 'login', 'account' or 'password' belongs; no login is taken from this file (pip ignores it too)`);
    expectNoSecret(broken);
  });
});

describe('a file link with a login in it', () => {
  // An index whose pages put the files on another server that wants a login, written into each link.
  let files: IndexServer;
  let index: IndexServer;
  let filesWithLogin: string;
  beforeAll(async () => {
    files = await startIndexServer({ snapshot: readIndexFile(SNAPSHOT).index, login: { username: 'bob', password: PASSWORD } });
    filesWithLogin = `${files.origin.replace('http://', `http://bob:${PASSWORD}@`)}/files/`;
    index = await startIndexServer({ snapshot: readIndexFile(SNAPSHOT).index, filesAt: filesWithLogin });
  });
  afterAll(async () => {
    await index.close();
    await files.close();
  });

  it("is used as pip uses it: sent to the file's host as HTTP Basic, and printed masked", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pipette-link-login-cache-'));
    const run = await runCli('resolve', 'greeter', '--index-url', index.indexUrl, '--engine', 'pip', '--cache-dir', cacheDir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Would install');
    // The cache keeps answers by the URL without it (the pages keep their links as the index wrote them, as pip's cache does).
    const cachedUrls = readdirSync(cacheDir).map((name) => (JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as { entry: { url: string } }).entry.url);
    expect(cachedUrls).toContainEqual(expect.stringMatching(new RegExp(`^${files.origin}/files/greeter/.*\\.metadata$`)));
    for (const url of cachedUrls) expect(url).not.toContain(PASSWORD);
    rmSync(cacheDir, { recursive: true, force: true });
    // Every metadata file was asked of the files' host, with the link's login and without it in the URL.
    const metadata = files.requests.filter((r) => r.path.endsWith('.metadata'));
    expect(metadata.length).toBeGreaterThan(0);
    expect(metadata.every((r) => r.status === 200 && r.authorization === `Basic ${Buffer.from(`bob:${PASSWORD}`).toString('base64')}`)).toBe(true);
    // The index itself got no login, and served no metadata.
    expect(index.requests.every((r) => r.authorization === undefined && !r.path.endsWith('.metadata'))).toBe(true);
    const masked = `${files.origin.replace('http://', 'http://bob:****@')}/files/greeter/`;
    expect(run.out).toContain(`Obtaining dependency information for greeter from ${masked}`);
    expect(run.out).toContain(`Downloading ${masked}`);
    expect(run.out + run.err).not.toContain(PASSWORD);
  });

  it('masks the login of a direct reference that it refuses', async () => {
    const run = await runCli('resolve', `greeter @ https://bob:${PASSWORD}@files.example/greeter-1.0-py3-none-any.whl`, '--index', SNAPSHOT);
    expect(run.code).toBe(2);
    expect(run.err).toContain('argument 1: greeter @ https://bob:****@files.example/greeter-1.0-py3-none-any.whl: direct references');
    expect(run.out + run.err).not.toContain(PASSWORD);
  });

  it('fails, saying so without the password, when the login in the link is refused', async () => {
    const refusing = await startIndexServer({ snapshot: readIndexFile(SNAPSHOT).index, filesAt: filesWithLogin.replace(PASSWORD, 'wrong-pw') });
    try {
      const run = await runCli('resolve', 'greeter', '--index-url', refusing.indexUrl);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`${files.origin.replace('http://', '')}`);
      expect(run.err).toContain('It did not accept the login Pipette sent');
      expect(run.out + run.err).not.toContain('wrong-pw');
    } finally {
      await refusing.close();
    }
  });
});
