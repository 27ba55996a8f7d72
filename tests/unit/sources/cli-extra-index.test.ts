/**
 * `--extra-index-url`, as pip reads it: a project's files come from every index that has it,
 * the best version wins whichever index has it, metadata is asked of the index that listed the
 * file (with that index's login, and no other's; of a file both list, the copy pip takes), and a project found on several indexes is
 * pointed out, since that is how dependency confusion happens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIndexFile } from '../../../src/cli/files.ts';
import { startIndexServer, type IndexServer } from '../../support/index-server.ts';
import { runCli } from '../../support/run-cli.ts';

const PUBLIC = {
  format: 'index-snapshot/1',
  source: 'the public index of this test',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['private-lib>=1', 'shared'] } } },
    shared: { versions: { '1.0': {} } },
  },
};
const PRIVATE = {
  format: 'index-snapshot/1',
  source: 'the private index of this test',
  projects: {
    'private-lib': { versions: { '1.0': {}, '1.5': {} } },
    shared: { versions: { '2.0': {} } },
  },
};

describe('pipette resolve with --extra-index-url', () => {
  let folder: string;
  let publicIndex: IndexServer;
  let privateIndex: IndexServer;
  let privateWithLogin: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'pipette-extra-index-'));
    writeFileSync(join(folder, 'public.json'), JSON.stringify(PUBLIC));
    writeFileSync(join(folder, 'private.json'), JSON.stringify(PRIVATE));
    publicIndex = await startIndexServer({ snapshot: readIndexFile(join(folder, 'public.json')).index });
    privateIndex = await startIndexServer({ snapshot: readIndexFile(join(folder, 'private.json')).index, login: { username: 'ci', password: 'private-pw' } });
    privateWithLogin = privateIndex.indexUrl.replace('http://', 'http://ci:private-pw@');
    process.env.NETRC = join(folder, 'no-netrc');
  });
  afterAll(async () => {
    delete process.env.NETRC;
    await publicIndex.close();
    await privateIndex.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes each project from whichever index has it, the best version from either, each login to its own index', async () => {
    const run = await runCli('resolve', 'app', '--index-url', publicIndex.indexUrl, '--extra-index-url', privateWithLogin, '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out);
    expect(result.packages).toEqual({ app: '1.0', 'private-lib': '1.5', shared: '2.0' });
    expect(result.index).toMatchObject({ indexUrl: publicIndex.indexUrl, extraIndexUrls: [privateIndex.indexUrl], onSeveralIndexes: ['shared'] });
    // The private index's login went to it alone, on every request; the public index got none.
    expect(privateIndex.requests.length).toBeGreaterThan(0);
    expect(privateIndex.requests.every((r) => r.status !== 401 && r.authorization !== undefined)).toBe(true);
    expect(publicIndex.requests.every((r) => r.authorization === undefined)).toBe(true);
    // shared 2.0's metadata was asked of the index that listed it.
    expect(privateIndex.requests.map((r) => r.path)).toContain('/files/shared/shared-2.0-py3-none-any.whl.metadata');
    expect(publicIndex.requests.map((r) => r.path)).not.toContain('/files/shared/shared-2.0-py3-none-any.whl.metadata');
    expect(run.err + run.out).not.toContain('private-pw');
  });

  it('says which projects are on more than one index, and names both indexes', async () => {
    const run = await runCli('resolve', 'app', '--index-url', publicIndex.indexUrl, '--extra-index-url', privateWithLogin);
    expect(run.code).toBe(0);
    // Each index with where its login came from; the public one sent none.
    expect(run.err).toContain(`index ${publicIndex.indexUrl} and ${privateIndex.indexUrl} (with the login from the index URL): `);
    expect(run.err).toContain('note: shared is on more than one index: as in pip, each version is taken from whichever index has it');
  });

  it("reads a requirements file's --extra-index-url, and prints pip's 'Looking in indexes' with both", async () => {
    const file = join(folder, 'requirements.txt');
    writeFileSync(file, `--index-url ${publicIndex.indexUrl}\n--extra-index-url ${privateWithLogin}\napp\n`);
    const run = await runCli('resolve', '-r', file, '--engine', 'pip');
    expect(run.code).toBe(0);
    expect(run.out + run.err).toContain(`Looking in indexes: ${publicIndex.indexUrl}, ${privateIndex.indexUrl.replace('http://', 'http://ci:****@')}\n`);
    expect(run.out + run.err).toContain('Would install app-1.0 private-lib-1.5 shared-2.0');
    expect(run.out + run.err).not.toContain('private-pw');
  });

  it("names in pip's Downloading lines each file where the index that listed it put it", async () => {
    const run = await runCli('resolve', 'app', '--index-url', publicIndex.indexUrl, '--extra-index-url', privateWithLogin, '--engine', 'pip');
    expect(run.code).toBe(0);
    const downloads = (run.out + run.err).split('\n').filter((line) => /^\s*Downloading /.test(line)).map((line) => line.trim().replace(/ \(.*\)$/, ''));
    expect(downloads).toEqual([
      `Downloading ${publicIndex.origin}/files/app/app-1.0-py3-none-any.whl.metadata`,
      `Downloading ${privateIndex.origin}/files/private-lib/private_lib-1.5-py3-none-any.whl.metadata`,
      `Downloading ${privateIndex.origin}/files/shared/shared-2.0-py3-none-any.whl.metadata`,
      `Downloading ${publicIndex.origin}/files/app/app-1.0-py3-none-any.whl`,
      `Downloading ${privateIndex.origin}/files/private-lib/private_lib-1.5-py3-none-any.whl`,
      `Downloading ${privateIndex.origin}/files/shared/shared-2.0-py3-none-any.whl`,
    ]);
  });

  it('names the extra index for a file both indexes have, as pip 23.2 downloads it from there', async () => {
    // pip sorts a version's files by a key the two copies share, stably, and tries them last first.
    const mirror = await startIndexServer({ snapshot: readIndexFile(join(folder, 'private.json')).index });
    try {
      const run = await runCli('resolve', 'private-lib', '--index-url', privateWithLogin, '--extra-index-url', mirror.indexUrl, '--engine', 'pip');
      expect(run.code).toBe(0);
      expect(run.out + run.err).toContain(`\nDownloading ${mirror.origin}/files/private-lib/private_lib-1.5-py3-none-any.whl (`);
      expect(run.out + run.err).not.toContain(`Downloading ${privateIndex.origin}`);
    } finally {
      await mirror.close();
    }
  });

  it("reads a version's metadata from the copy pip takes when both indexes have the file: the extra index's", async () => {
    // The same file name on both, with different metadata. pip 23.2.1, given a main and an extra
    // local index set up this way, read the extra index's .metadata (and downloaded its wheel), and
    // installed the dependency that copy names.
    const twin = (requiresDist: string[]) => ({ twin: { versions: { '1.0': { requires_dist: requiresDist } } }, 'from-main': { versions: { '1.0': {} } }, 'from-extra': { versions: { '1.0': {} } } });
    writeFileSync(join(folder, 'twin-main.json'), JSON.stringify({ ...PUBLIC, projects: twin(['from-main']) }));
    writeFileSync(join(folder, 'twin-extra.json'), JSON.stringify({ ...PRIVATE, projects: { twin: twin(['from-extra']).twin } }));
    const main = await startIndexServer({ snapshot: readIndexFile(join(folder, 'twin-main.json')).index });
    const extra = await startIndexServer({ snapshot: readIndexFile(join(folder, 'twin-extra.json')).index });
    try {
      const run = await runCli('resolve', 'twin', '--index-url', main.indexUrl, '--extra-index-url', extra.indexUrl, '--json');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out).packages).toEqual({ twin: '1.0', 'from-extra': '1.0' });
      const metadata = '/files/twin/twin-1.0-py3-none-any.whl.metadata';
      expect(extra.requests.map((r) => r.path)).toContain(metadata);
      expect(main.requests.map((r) => r.path)).not.toContain(metadata);
      // pip's engine agrees, and names the copy it read.
      const pip = await runCli('resolve', 'twin', '--index-url', main.indexUrl, '--extra-index-url', extra.indexUrl, '--engine', 'pip');
      expect(pip.code).toBe(0);
      expect(pip.out + pip.err).toContain(`Downloading ${extra.origin}${metadata} (`);
      expect(pip.out + pip.err).toContain('Would install from-extra-1.0 twin-1.0');
    } finally {
      await main.close();
      await extra.close();
    }
  });

  it('without the extra index, finds no private-lib', async () => {
    const run = await runCli('resolve', 'app', '--index-url', publicIndex.indexUrl);
    expect(run.code).toBe(1);
    expect(run.out).toContain('private-lib');
  });

  it("lets a requirements file's --index-url replace the command line's indexes, as pip does, and says so", async () => {
    const file = join(folder, 'own-index.txt');
    writeFileSync(file, `--index-url ${publicIndex.indexUrl}\nshared\n`);
    const run = await runCli('resolve', '-r', file, '--index-url', privateWithLogin, '--json');
    expect(run.code).toBe(0);
    // pip 23.2 read public alone here ("Looking in indexes: <public>"): the file's line replaces the command line's.
    expect(JSON.parse(run.out)).toMatchObject({ packages: { shared: '1.0' }, index: { indexUrl: publicIndex.indexUrl, extraIndexUrls: [] } });
    expect(run.err).toContain(`note: ${file}:1: --index-url ${publicIndex.indexUrl} replaces the indexes named before it (${privateIndex.indexUrl.replace('http://', 'http://ci:****@')}), as in pip`);
    expect(run.err).not.toContain('private-pw');
  });

  it("reads the index options of constraints files, in pip's order: -c files first, then each line in place", async () => {
    const constraints = join(folder, 'constraints.txt');
    writeFileSync(constraints, `--extra-index-url ${privateWithLogin}\nshared<3\n`);
    // Command-line -c: read before the requirements, so the private index is searched too.
    const first = await runCli('resolve', 'app', '--index-url', publicIndex.indexUrl, '-c', constraints, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ packages: { 'private-lib': '1.5', shared: '2.0' }, index: { extraIndexUrls: [privateIndex.indexUrl] } });
    // A -c line before the file's --index-url: that line replaces the extra index, as in pip.
    const file = join(folder, 'constrained.txt');
    writeFileSync(file, `-c constraints.txt\n--index-url ${publicIndex.indexUrl}\napp\n`);
    const replaced = await runCli('resolve', '-r', file, '--json');
    expect(replaced.code).toBe(1);
    expect(replaced.err).toContain(`note: ${file}:2: --index-url ${publicIndex.indexUrl} replaces the indexes named before it`);
    // After it: both.
    writeFileSync(file, `--index-url ${publicIndex.indexUrl}\n-c constraints.txt\napp\n`);
    const both = await runCli('resolve', '-r', file, '--json');
    expect(both.code).toBe(0);
    expect(JSON.parse(both.out)).toMatchObject({ index: { indexUrl: publicIndex.indexUrl, extraIndexUrls: [privateIndex.indexUrl] } });
  });

  it('refuses --no-index in a requirements file with a live index, naming the line', async () => {
    const file = join(folder, 'no-index.txt');
    writeFileSync(file, `shared\n--no-index\n`);
    const run = await runCli('resolve', '-r', file, '--index-url', publicIndex.indexUrl);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}:2: --no-index: pip would read no index`);
  });

  it('says that a snapshot is read instead of the indexes the requirements name', async () => {
    const file = join(folder, 'with-indexes.txt');
    writeFileSync(file, `--extra-index-url ${privateWithLogin}\nshared\n`);
    const run = await runCli('resolve', '-r', file, '--index', join(folder, 'public.json'));
    expect(run.code).toBe(0);
    expect(run.err).toContain(`note: the requirements name an index (${privateIndex.indexUrl.replace('http://', 'http://ci:****@')}); the snapshot ${join(folder, 'public.json')} is read instead`);
  });
});
