/** The CLI's environment options and commands: -c, --override, --installed, check, matrix. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';

let dir = '';
const SNAPSHOT = {
  format: 'index-snapshot/1',
  source: 'test',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['lib>=1'] }, '2.0': { requires_dist: ['lib>=2'] } } },
    lib: { versions: { '1.0': {}, '2.0': {}, '3.0': { requires_python: '>=3.11' } } },
    old: { versions: { '1.0': { requires_dist: ['lib<2'] } } },
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-env-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify(SNAPSHOT));
  writeFileSync(join(dir, 'constraints.txt'), '# keep lib old\nlib<2\n');
  writeFileSync(join(dir, 'requirements.txt'), 'app\n-c constraints.txt\n');
  writeFileSync(join(dir, 'freeze.txt'), 'app==1.0\nlib==1.0\nold==1.0\n');
  writeFileSync(join(dir, 'override.txt'), 'lib>=2\n');
  writeFileSync(join(dir, 'bad-freeze.txt'), 'app==1.0\nthis is not\n');
});

const run = runCli;

describe('-r and -c lines inside files, followed as pip follows them', () => {
  beforeAll(() => {
    mkdirSync(join(dir, 'reqs/more'), { recursive: true });
    // dev.txt includes base.txt (beside it) between its own lines, and itself; base.txt includes one a folder down.
    writeFileSync(join(dir, 'reqs/dev.txt'), 'old\n-r base.txt\n-r dev.txt\n');
    writeFileSync(join(dir, 'reqs/base.txt'), '-r more/pinned.txt\n');
    writeFileSync(join(dir, 'reqs/more/pinned.txt'), 'app==1.0\n');
    writeFileSync(join(dir, 'reqs/missing.txt'), 'app\n-r nowhere.txt\n');
    writeFileSync(join(dir, 'reqs/url.txt'), 'app\n-r https://example.com/reqs.txt\n');
    writeFileSync(join(dir, 'reqs/c-outer.txt'), '-c c-inner.txt\n');
    writeFileSync(join(dir, 'reqs/c-inner.txt'), '-r c-outer.txt\nlib<2\n');
  });

  it('reads nested -r files relative to the file naming them, in place of the line, each once', async () => {
    const { code, out } = await run('resolve', '-r', join(dir, 'reqs/dev.txt'), '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.packages).toEqual({ app: '1.0', lib: '1.0', old: '1.0' });
    const origins = Object.fromEntries(result.install.filter((p: { direct: boolean }) => p.direct).map((p: { key: string; requiredBy: { from: string | null; requirement: string }[] }) => [p.key, p.requiredBy.find((r) => r.from === null)!.requirement]));
    expect(origins).toEqual({ old: 'old', app: 'app==1.0' });
  });

  it('names a nested file that is missing, and refuses a URL, at the line that names it', async () => {
    const missing = await run('resolve', '-r', join(dir, 'reqs/missing.txt'), '--index', join(dir, 'index.json'));
    expect(missing.err).toContain(`${join(dir, 'reqs', 'nowhere.txt')}: no such file`);
    expect(missing.code).toBe(2);
    const url = await run('resolve', '-r', join(dir, 'reqs/url.txt'), '--index', join(dir, 'index.json'));
    expect(url.err).toContain(`${join(dir, 'reqs/url.txt')}:2:1: error: -r https://example.com/reqs.txt: requirements are read from files here, not from URLs`);
    expect(url.code).toBe(2);
  });

  it('follows -r lines inside an overrides file (a requirements file, as uv reads it)', async () => {
    writeFileSync(join(dir, 'reqs/overrides.txt'), '-r more/override-lib.txt\n');
    writeFileSync(join(dir, 'reqs/more/override-lib.txt'), 'lib>=2\n');
    const { code, err } = await run('resolve', 'old', '--override', join(dir, 'reqs/overrides.txt'), '--index', join(dir, 'index.json'), '--python', '3.10');
    expect(err).toContain('override: old 1.0 requires lib<2; replaced by lib>=2');
    expect(code).toBe(0);
  });

  it('places a problem of a JSON installed list by its path alone, not at line 0', async () => {
    writeFileSync(join(dir, 'list.json'), JSON.stringify([{ name: 'app', version: '1.0' }, { name: 'lib' }]));
    const { code, err } = await run('check', '--installed', join(dir, 'list.json'), '--index', join(dir, 'index.json'));
    expect(err).toContain(`pipette: ${join(dir, 'list.json')}: [1]: expected`);
    expect(err).not.toContain(':0:0');
    expect(code).toBe(2);
  });

  it('follows -c and -r lines inside a constraints file as more constraints, each file once', async () => {
    const { code, out } = await run('resolve', 'app', '-c', join(dir, 'reqs/c-outer.txt'), '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).packages).toEqual({ app: '1.0', lib: '1.0' });
  });
});

describe('pipette resolve with an environment', () => {
  it('follows -c lines of a requirements file, relative to it', async () => {
    const { code, out } = await run('resolve', '-r', join(dir, 'requirements.txt'), '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).packages).toEqual({ app: '1.0', lib: '1.0' });
  });

  it('reads a -c pipe once, so that its constraints hold (`-c <(cmd)`, `-c /dev/stdin`)', async () => {
    const fifo = join(dir, 'constraints.fifo');
    execFileSync('mkfifo', [fifo]);
    // The writer fills the pipe once, then offers it empty to every later reader, as a pipe read a
    // second time is: a command that read the file twice took its constraints from an empty read.
    const writer = spawn('sh', ['-c', 'printf "lib<2\\n" > "$1"; while :; do : > "$1"; done', 'sh', fifo], { stdio: 'ignore' });
    try {
      const { code, out } = await run('resolve', 'app', '-c', fifo, '--index', join(dir, 'index.json'), '--json');
      expect(code).toBe(0);
      expect(JSON.parse(out).packages).toEqual({ app: '1.0', lib: '1.0' });
    } finally {
      writer.kill();
    }
  });

  it('--constraint that clashes names the file and line', async () => {
    const { code, out } = await run('resolve', 'app>=2', '-c', join(dir, 'constraints.txt'), '--index', join(dir, 'index.json'));
    expect(code).toBe(1);
    expect(out).toContain(`constraint lib<2 (${join(dir, 'constraints.txt')}, line 2)`);
  });

  it('--installed keeps what fits; -U upgrades and names what it breaks in pip\'s words', async () => {
    const keep = await run('resolve', 'app', '--installed', join(dir, 'freeze.txt'), '--index', join(dir, 'index.json'), '--python', '3.10', '--json');
    expect(keep.code).toBe(0);
    expect(JSON.parse(keep.out).changes.map((c: { key: string; action: string }) => `${c.key}:${c.action}`)).toEqual(['app:keep', 'lib:keep']);

    const up = await run('resolve', 'app', '-U', '--installed', join(dir, 'freeze.txt'), '--index', join(dir, 'index.json'), '--python', '3.10');
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/upgrade\s+app 1\.0 -> 2\.0/);
    expect(up.out).toMatch(/upgrade\s+lib 1\.0 -> 2\.0/);
    expect(up.out).toContain('old 1.0 requires lib<2, but you have lib 2.0 which is incompatible.');
  });

  it('--whole-environment keeps every installed package working', async () => {
    const { code, out } = await run('resolve', 'app', '-U', '--whole-environment', '--installed', join(dir, 'freeze.txt'), '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.broken).toEqual([]);
    expect(result.changes.find((c: { key: string }) => c.key === 'lib').version).toBe('1.0');
  });

  it('--override replaces a requirement and says so', async () => {
    const { code, out, err } = await run('resolve', 'old', '--override', join(dir, 'override.txt'), '--index', join(dir, 'index.json'), '--python', '3.10');
    expect(code).toBe(0);
    expect(out).toMatch(/lib 2\.0/);
    expect(err).toContain('override: old 1.0 requires lib<2; replaced by lib>=2');
  });

  it('--what-if changes one release for one resolve', async () => {
    const before = await run('resolve', 'old', 'lib>=2', '--index', join(dir, 'index.json'), '--python', '3.10');
    expect(before.code).toBe(1);
    const after = await run('resolve', 'old', 'lib>=2', '--what-if', 'old==1.0', '--what-if-requires', 'lib<3', '--index', join(dir, 'index.json'), '--python', '3.10', '--json');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out).packages).toEqual({ old: '1.0', lib: '2.0' });
    const bad = await run('resolve', 'old', '--what-if', 'old', '--index', join(dir, 'index.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected NAME==VERSION');
  });

  it('a malformed installed set is an error with file:line:column, and -U without it is refused', async () => {
    const bad = await run('resolve', 'app', '--installed', join(dir, 'bad-freeze.txt'), '--index', join(dir, 'index.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${join(dir, 'bad-freeze.txt')}:2:1`);
    const noInstalled = await run('resolve', 'app', '-U', '--index', join(dir, 'index.json'));
    expect(noInstalled.code).toBe(2);
    expect(noInstalled.err).toContain('need --installed FILE');
  });
});

describe('pipette check and pipette matrix', () => {
  it('check words broken requirements as pip check does, and exits 1', async () => {
    writeFileSync(join(dir, 'broken-env.txt'), 'old==1.0\nlib==2.0\napp==2.0\n');
    const { code, out } = await run('check', '--installed', join(dir, 'broken-env.txt'), '--index', join(dir, 'index.json'));
    expect(code).toBe(1);
    expect(out.trim()).toBe('old 1.0 has requirement lib<2, but you have lib 2.0.');
    const fine = await run('check', '--installed', join(dir, 'freeze.txt'), '--index', join(dir, 'index.json'));
    expect(fine.code).toBe(0);
    expect(fine.out.trim()).toBe('No broken requirements found.');
  });

  it('matrix resolves for every Python × platform and shows where plans differ', async () => {
    const { code, out } = await run('matrix', 'app', '--index', join(dir, 'index.json'), '--pythons', '3.10,3.12', '--platforms', 'linux,windows', '--json');
    expect(code).toBe(0);
    const { cells } = JSON.parse(out);
    expect(cells).toHaveLength(4);
    expect(cells.find((c: { python: string; platform: string }) => c.python === '3.10' && c.platform === 'linux').packages.lib).toBe('2.0');
    expect(cells.find((c: { python: string; platform: string }) => c.python === '3.12' && c.platform === 'windows').packages.lib).toBe('3.0');
  });

  it('matrix refuses a Python or a platform it cannot read before resolving anything, naming the option', async () => {
    // Exit 1 means "no solution" somewhere; a typo is bad input (exit 2), as with --python and --platform.
    for (const [option, value, message] of [
      ['--pythons', '3.10,3.12,banana', '--pythons: bad Python version "banana"'],
      ['--pythons', '3.10,', '--pythons: bad Python version ""'],
      ['--platforms', 'linux,mars', '--platforms: unknown platform "mars"'],
    ]) {
      const { code, out, err } = await run('matrix', 'app', '--index', join(dir, 'index.json'), option!, value!);
      expect(err).toContain(message);
      expect(out).toBe('');
      expect(code).toBe(2);
    }
  });

  it('matrix lines up its columns under long platform names', async () => {
    const { code, out } = await run('matrix', 'app', '--index', join(dir, 'index.json'), '--pythons', '3.12', '--platforms', 'linux,x86_64-manylinux2014');
    expect(code).toBe(0);
    const [header, row] = out.split('\n');
    expect(row!.indexOf('ok', 'Python  ok'.length)).toBe(header!.indexOf('x86_64-manylinux2014'));
  });
});
