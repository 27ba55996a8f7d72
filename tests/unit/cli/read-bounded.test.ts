// Files the user names are read within a limit counted as the bytes come, since a stated size of 0
// says nothing (/dev/zero never ends; a FIFO such as `-r <(cmd)` states 0 and has content), and
// Node's file errors become messages that name the path, never an internal error.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/cli/files.ts';
import { fileError, fileSystemProblem, readBounded } from '../../../src/cli/read-bounded.ts';
import { runCli } from '../../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipette-read-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SNAPSHOT = JSON.stringify({ format: 'index-snapshot/1', source: 'test', projects: { six: { versions: { '1.15.0': {}, '1.16.0': {} } } } });
// POSIX only (/dev/zero, mkfifo), as the suite's Debian CI is.

/** A FIFO at `path` that `text` is written into once a reader opens it. */
async function fifoWith(path: string, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const made = spawn('mkfifo', [path]);
    made.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exit ${code}`))));
    made.on('error', reject);
  });
  // A writer of its own, from a file (an argument this long would be refused): the read below is
  // synchronous, and opening a FIFO blocks until both ends are open.
  const source = `${path}.source`;
  writeFileSync(source, text);
  spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, path], { stdio: 'ignore' });
}

describe('readBounded', () => {
  it('reads a regular file whole, and one exactly at the limit', () => {
    const path = join(dir, 'ten.txt');
    writeFileSync(path, '0123456789');
    expect(readBounded(path, 100).toString()).toBe('0123456789');
    expect(readBounded(path, 10).toString()).toBe('0123456789');
    expect(() => readBounded(path, 9)).toThrow(new InputError(`${path}: 10 bytes, over the limit of 9`));
  });

  it('reads an empty file', () => {
    const path = join(dir, 'empty.txt');
    writeFileSync(path, '');
    expect(readBounded(path, 10).length).toBe(0);
  });

  it('stops a file that states no size and never ends one byte past the limit', () => {
    expect(() => readBounded('/dev/zero', 100_000)).toThrow(new InputError('/dev/zero: more than 100000 bytes, over the limit of 100000'));
  });

  it('reads a FIFO, whose stated size is 0, to its end', async () => {
    const path = join(dir, 'requirements.fifo');
    await fifoWith(path, 'six\n'.repeat(50_000));
    expect(readBounded(path, 1024 * 1024).toString()).toBe('six\n'.repeat(50_000));
  });

  it.each([
    ['a folder', () => dir, 'a folder, not a file'],
    ['a missing file', () => join(dir, 'absent.txt'), 'no such file'],
    ['a path through a file', () => join(dir, 'ten.txt', 'inside'), 'no such file (a part of the path is not a folder)'],
  ])('names the path of %s', (_, path, reason) => {
    writeFileSync(join(dir, 'ten.txt'), '0123456789');
    expect(() => readBounded(path(), 100)).toThrow(new InputError(`${path()}: ${reason}`));
  });

  it("says when it may not read a file (Node's EACCES; tests run as root, who may read anything)", () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fileError('/etc/secret', denied)).toEqual(new InputError('/etc/secret: permission denied'));
    const other = Object.assign(new Error('EIO: i/o error'), { code: 'EIO', syscall: 'read' });
    expect(fileError('/etc/secret', other)).toEqual(new InputError('/etc/secret: could not be read (EIO)'));
    const notAFileError = new Error('something else');
    expect(fileError('/etc/secret', notAFileError)).toBe(notAFileError);
  });
});

describe('fileSystemProblem (a file error that reached the top)', () => {
  const errno = (code: string, path?: string) => Object.assign(new Error(code), { code, ...(path ? { path } : {}) });

  it('names the path and says what is wrong, reading or writing', () => {
    expect(fileSystemProblem(errno('ENOENT', '/no/such/out.csv'))).toBe('/no/such/out.csv: no such file or folder');
    expect(fileSystemProblem(errno('EROFS', '/ro/out.md'))).toBe('/ro/out.md: on a read-only file system');
    expect(fileSystemProblem(errno('ENOSPC', '/full/out.md'))).toBe('/full/out.md: no space left on the device');
  });

  it('leaves alone what is not a file error with a path', () => {
    expect(fileSystemProblem(errno('ENOENT'))).toBeNull();
    expect(fileSystemProblem(errno('EIO', '/x'))).toBeNull();
    expect(fileSystemProblem(new TypeError('x'))).toBeNull();
    expect(fileSystemProblem(undefined)).toBeNull();
  });
});

describe('the CLI on files that are not what they seem', () => {
  const index = join(dir, 'index.json');
  writeFileSync(index, SNAPSHOT);
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);

  it.each([
    ['--index a folder', () => ['resolve', 'six', '--index', folder], `${folder}: a folder, not a file`],
    ['-r a folder', () => ['resolve', '-r', folder, '--index', index], `${folder}: a folder, not a file`],
    ['scenario a folder', () => ['scenario', folder], `${folder}: a folder, not a file`],
    ['--installed a folder', () => ['resolve', 'six', '--index', index, '--installed', folder], `${folder}: a folder, not a file`],
  ])('%s: exit 2 and the path, not an internal error', async (_, args, message) => {
    const { code, err } = await runCli(...args());
    expect(err).not.toMatch(/internal error/);
    expect(err).toContain(message);
    expect(code).toBe(2);
  });

  it.each([
    ['--index', () => ['resolve', 'six', '--index', '/dev/zero'], 67108864],
    ['-r', () => ['resolve', '-r', '/dev/zero', '--index', index], 1048576],
    ['scenario', () => ['scenario', '/dev/zero'], 67108864],
    ['-c', () => ['resolve', 'six', '--index', index, '-c', '/dev/zero'], 1048576],
    ['study check', () => ['study', 'check', '/dev/zero'], 1048576],
  ])('%s /dev/zero stops at the limit with exit 2', async (_, args, limit) => {
    const { code, err } = await runCli(...args());
    expect(err).toContain(`/dev/zero: more than ${limit} bytes, over the limit of ${limit}`);
    expect(code).toBe(2);
  });

  it('resolves requirements read from a FIFO (-r <(cmd)), its -c lines included, reading it once', async () => {
    const constraints = join(dir, 'constraints.txt');
    writeFileSync(constraints, 'six<1.16\n');
    const path = join(dir, 'from-a-command.fifo');
    // A second read would wait for a writer that never comes (the test's time limit).
    await fifoWith(path, `six\n-c ${constraints}\n`);
    const { code, out } = await runCli('resolve', '-r', path, '--index', index);
    expect(out).toContain('six==1.15.0');
    expect(code).toBe(0);
  });

  it('resolves against a snapshot read from a FIFO', async () => {
    const path = join(dir, 'snapshot.fifo');
    await fifoWith(path, SNAPSHOT);
    const { code, out } = await runCli('resolve', 'six', '--index', path);
    expect(out).toContain('six==1.16.0');
    expect(code).toBe(0);
  });

  it('audit says why the advisory files gave nothing, rather than only that there is nothing', async () => {
    const bad = join(dir, 'advisories.json');
    writeFileSync(bad, 'not json');
    const { code, err } = await runCli('audit', 'six', '--index', index, '--advisories', bad);
    expect(err).toContain(`the advisory files given could not be used:\n  ${bad}: not JSON`);
    expect(code).toBe(2);
    // Inside a folder, a broken file is a reason listed when nothing else could be read.
    const folder = join(dir, 'advisory-folder');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'broken.json'), 'not json');
    const inFolder = await runCli('audit', 'six', '--index', index, '--advisories', folder);
    expect(inFolder.err).toContain('no advisories to audit against (the files given had none that could be read:');
    expect(inFolder.err).toContain(`${join(folder, 'broken.json')}: not JSON`);
    expect(inFolder.code).toBe(2);
  });

  it('does not wait on a FIFO, or read a folder named like a scenario, inside a folder given to suite run and wording render', async () => {
    const folder = join(dir, 'suite-with-fifo');
    mkdirSync(join(folder, 'looks-like.json'), { recursive: true });
    writeFileSync(join(folder, 'ok.json'), JSON.stringify({ name: 'ok', requested: ['x'], projects: { x: { versions: { '1.0': { requires_dist: ['y>=2'] } } }, y: { versions: { '1.0': {} } } } }));
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [join(folder, 'waits.json')]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exit ${code}`)))));
    // suite run refuses a suite with a file it can't use, and names it.
    const suite = await runCli('suite', 'run', folder, '--policy', 'pip', '--no-pip-baseline', '--jobs', '1');
    expect(suite.code).toBe(2);
    expect(suite.err).toBe(`pipette: the suite has files that can't be used:\n  ${join(folder, 'waits.json')}: not a regular file (a FIFO, socket or device), which is not read\n`);
    const render = await runCli('wording', 'render', '--suite', folder, '--voice', 'pip', '--budget', '200');
    expect(render.code).toBe(0);
    expect(render.err).toContain('1 scenario read, 1 with no solution.');
  });

  it('refuses an empty --who-needs, which would match nothing and read as "nothing needs it"', async () => {
    const { code, err } = await runCli('lint-index', index, '--who-needs', '');
    expect(code).toBe(2);
    expect(err).toContain('--who-needs "": expected a project name');
  });

  it('names a read error it has no words for (EIO), rather than an internal error', async () => {
    const { code, err } = await runCli('resolve', 'six', '--index', '/proc/self/mem');
    expect(err).toBe('pipette: /proc/self/mem: could not be read (EIO)\n');
    expect(code).toBe(2);
  });

  it('walks a suite folder without following links to folders, so a link to itself ends', async () => {
    const folder = join(dir, 'suite-with-loop');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'ok.json'), JSON.stringify({ name: 'ok', requested: ['x'], projects: { x: { versions: { '1.0': {} } } } }));
    symlinkSync('.', join(folder, 'l1'));
    symlinkSync('.', join(folder, 'l2'));
    symlinkSync('..', join(folder, 'sub', 'loop'));
    const { code, out } = await runCli('suite', 'run', folder, '--policy', 'pip', '--no-pip-baseline', '--jobs', '1', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).scenarios).toHaveLength(1);
  });

  it('refuses a case whose index is a FIFO, rather than waiting on it', async () => {
    // As in ../shared/data: cases/ beside the index, whose path is relative to the data folder.
    const folder = join(dir, 'case-fifo');
    mkdirSync(join(folder, 'cases'), { recursive: true });
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [join(folder, 'index.json')]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exit ${code}`)))));
    writeFileSync(join(folder, 'cases', 'case.json'), JSON.stringify({ name: 'cf', requested: ['app'], index: 'index.json' }));
    const { code, err } = await runCli('scenario', join(folder, 'cases', 'case.json'));
    expect(err).toContain(`the index index.json is not a regular file`);
    expect(code).toBe(2);
  });
});
