/** `pipette suite run`, in-process (its workers are real threads): exit codes, streams, files. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../support/run-cli.ts';
import { availableEngines } from '../../../src/core/index.ts';
import { parseXml } from '../../support/xml.ts';
import { INLINE_CASE, NAMED_CASE, packseFolder, SNAPSHOT } from './fixtures.ts';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-suite-'));
  for (const file of packseFolder('packse/')) {
    mkdirSync(join(dir, file.path, '..'), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  mkdirSync(join(dir, 'data/cases'), { recursive: true });
  mkdirSync(join(dir, 'data/indexes'), { recursive: true });
  writeFileSync(join(dir, 'data/cases/black-typer.json'), JSON.stringify(NAMED_CASE));
  writeFileSync(join(dir, 'data/cases/inline-ok.json'), JSON.stringify(INLINE_CASE));
  writeFileSync(join(dir, 'data/indexes/tiny.json'), JSON.stringify(SNAPSHOT));
  writeFileSync(join(dir, 'cases.zip'), zipSync({ 'suite/cases/inline-ok.json': strToU8(JSON.stringify(INLINE_CASE)) }));
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad/broken.toml'), 'name = "x"\n[root\n');
});

afterEach(() => vi.restoreAllMocks());

const run = runCli;

describe('pipette suite run', () => {
  it('exits 0 when every expectation holds, streaming JSON and writing JUnit and CSV', async () => {
    const junit = join(dir, 'cases.xml');
    const csv = join(dir, 'cases.csv');
    const { code, out } = await run('suite', 'run', join(dir, 'data/cases'), '--policy', 'pip', '--json', '--junit', junit, '--csv', csv, '--jobs', '2', '--no-pip-baseline');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.format).toBe('pipette-suite-run/1');
    expect(json.cells.map((c: { scenario: string; status: string }) => `${c.scenario}:${c.status}`).sort()).toEqual(['black-typer.json:pass', 'inline-ok.json:pass']);
    expect(json.summary['pubgrub/pip/own/own']).toMatchObject({ pass: 2, total: 2 });
    expect(parseXml(readFileSync(junit, 'utf8')).children[0]!.attributes).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(readFileSync(csv, 'utf8').trim().split('\r\n')).toHaveLength(3);
  });

  it('exits 1 when an expectation fails, and names it', async () => {
    const { code, out } = await run('suite', 'run', join(dir, 'packse'), '--policy', 'uv,pip', '--jobs', '2', '--no-pip-baseline');
    expect(code).toBe(1);
    expect(out).toMatch(/^3 scenarios × 2 combinations in /);
    expect(out).toContain('FAIL prereleases/pipette-transitive-pre.toml [pubgrub/pip/own/own]: packse expects no solution; solved: a==1.0.0 b==2.0.0a1');
  });

  it("judges packse under pip's rules by pip's recorded verdicts when given, and refuses a file that is not one", async () => {
    const baseline = join(dir, 'pip-baseline.json');
    writeFileSync(baseline, JSON.stringify({ pip_version: '23.2.1', scenarios: [{ path: 'prereleases/pipette-transitive-pre.toml', name: 'pipette-transitive-pre', verdict: 'pass', pip_ok: true, pip_install: { a: '1.0.0', b: '2.0.0a1' } }] }));
    const { code, out } = await run('suite', 'run', join(dir, 'packse'), '--policy', 'pip', '--jobs', '1', '--pip-baseline', baseline, '--json');
    expect(code).toBe(0);
    const cell = JSON.parse(out).cells.find((c: { scenario: string }) => c.scenario === 'prereleases/pipette-transitive-pre.toml');
    expect(cell).toMatchObject({ status: 'pass', expectation: 'pip 23.2.1', verdict: 'solved' });
    const wrong = await run('suite', 'run', join(dir, 'packse'), '--pip-baseline', join(dir, 'data/indexes/tiny.json'));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/tiny\.json: not a pip baseline/);
  });

  it('reports engines not in this build as errors of their column, once', async () => {
    const { code, out } = await run('suite', 'run', join(dir, 'cases.zip'), '--engine', 'pubgrub,legacy', '--jobs', '1', '--no-pip-baseline');
    expect(out).toMatch(/PubGrub · pip rules\s+1\s+0\s+0\s+0/);
    if (availableEngines().some((e) => e.name === 'legacy')) {
      expect(out).not.toContain('not available in this build');
    } else {
      expect(code).toBe(1);
      expect(out).toContain('ERROR cases/inline-ok.json [legacy/pip/own/own]: the legacy engine is not available in this build (available: pubgrub');
    }
  });

  it('exits 2 on bad input, saying what and where', async () => {
    const broken = await run('suite', 'run', join(dir, 'bad'));
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.toml \(read as a packse scenario\): line 2:/);
    expect((await run('suite', 'run', join(dir, 'nowhere'))).err).toMatch(/nowhere: no such file or folder/);
    expect((await run('suite', 'run', join(dir, 'packse'), '--engine', 'poetry')).err).toMatch(/engine "poetry": expected pubgrub, pip or legacy/);
    expect((await run('suite', 'run', join(dir, 'packse'), '--jobs', '0')).code).toBe(2);
    expect((await run('suite', 'walk')).code).toBe(2);
  });

  it('refuses an expectation of the wrong shape, naming the field, rather than crashing or passing the plan unjudged', async () => {
    const folder = join(dir, 'bad-expectations');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'number.toml'), 'name = "numeric-expect"\n[expected]\nsatisfiable = true\n[expected.packages]\na = 2.0\n[root]\nrequires = ["a"]\n[packages.a.versions."1.0.0"]\nrequires = []\n');
    writeFileSync(join(folder, 'case.json'), JSON.stringify({ ...INLINE_CASE, name: 'bad-case', expected: { satisfiable: true, packages: { x: 5 } } }));
    writeFileSync(join(folder, 'yes.json'), JSON.stringify({ ...INLINE_CASE, name: 'yes-case', expected: { satisfiable: 'yes' } }));
    const { code, out, err } = await run('suite', 'run', folder, '--no-pip-baseline', '--jobs', '1', '--json');
    expect(err).not.toMatch(/internal error/);
    expect(err).toContain('expected.packages.a: expected a version as a string, such as "1.0" (a TOML number loses the spelling: quote it)');
    expect(err).toContain('expected.packages.x: expected a version as a string');
    expect(err).toContain('expected.satisfiable: expected true or false');
    expect(out).toBe('');
    expect(code).toBe(2);
  });

  it('exits 2 naming an output path it cannot write, rather than an internal error or a crash', async () => {
    const cases = join(dir, 'data/cases');
    for (const [option, path, reason] of [
      ['--csv', join(dir, 'no-such-folder', 'out.csv'), 'no such file or folder'],
      ['--junit', join(dir, 'no-such-folder', 'out.xml'), 'no such file or folder'],
      ['--junit', dir, 'a folder, not a file'],
    ]) {
      const { code, out, err } = await run('suite', 'run', cases, '--no-pip-baseline', option!, path!);
      expect(out).toBe(''); // refused before the run, not after it
      expect(err).not.toMatch(/internal error/);
      expect(err).toContain(`pipette: ${path}: ${reason}`);
      expect(code).toBe(2);
    }
    // A device that takes the file but not its bytes fails only at the write, after the run.
    const full = await run('suite', 'run', cases, '--no-pip-baseline', '--junit', '/dev/full');
    expect(full.err).toContain('pipette: /dev/full: no space left on the device');
    expect(full.code).toBe(2);
  });
});
