/** The CLI, in-process: exit codes, JSON output, errors that say where. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../support/run-cli.ts';

let dir = '';
const SNAPSHOT = {
  format: 'index-snapshot/1',
  source: 'test',
  projects: {
    black: { versions: { '22.1': { requires_dist: ['click>=8.0'] } } },
    typer: { versions: { '0.3': { requires_dist: ['click<8.0,>=7.1'] }, '0.4': { requires_dist: ['click<9,>=7.1'] } } },
    click: { versions: { '7.1': {}, '8.0': {}, '8.1': {}, 'not-a-version': {} } },
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-cli-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify(SNAPSHOT));
  writeFileSync(join(dir, 'broken.json'), '{"format": "index-snapshot/1", "projects": {"a": {"versions": {"1.0": {"requires_dist": "not a list"}}}}}');
  writeFileSync(join(dir, 'requirements.txt'), '# tools\nblack>=22.1\n\ntyper<0.4  # pinned\n');
  writeFileSync(join(dir, 'bad.txt'), 'black>=22.1\ntyper<<0.4\n-e ./local\n');
  writeFileSync(
    join(dir, 'scenario.toml'),
    ['name = "tiny"', '[root]', 'requires = ["a"]', '[expected]', 'satisfiable = true', '[packages.a.versions."1.0.0"]', 'requires = ["b"]', '[packages.b.versions."2.0.0"]'].join('\n'),
  );
});

const run = runCli;

afterEach(() => vi.restoreAllMocks());

describe('pipette --version', () => {
  it("prints the package's version", async () => {
    const { version } = (await import('../../../package.json', { with: { type: 'json' } })).default as { version: string };
    for (const flag of ['--version', '-V']) {
      const { code, out } = await run(flag);
      expect(code).toBe(0);
      expect(out.trim()).toBe(`pipette ${version}`);
    }
  });
});

describe('pipette resolve', () => {
  it('exits 0 with the plan when solved', async () => {
    const { code, out } = await run('resolve', 'typer', '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ satisfiable: true, packages: { typer: '0.4', click: '8.1' }, message: '' });
  });

  it('exits 1 with the message in the chosen voice, the minimal conflict and checked fixes', async () => {
    const { code, out } = await run('resolve', '-r', join(dir, 'requirements.txt'), '--index', join(dir, 'index.json'), '--json', '--voice', 'plain', '--suggest');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json.satisfiable).toBe(false);
    expect(json.voice).toBe('plain');
    expect(json.message).toMatch(/^black>=22\.1 and typer<0\.4 can't be installed together/);
    expect(json.explanation.minimalConflict.requirements).toEqual(['black>=22.1', 'typer<0.4']);
    expect(json.explanation.suggestions[0].title).toBe('Change typer<0.4 to typer<0.5');
    expect(json.explanation.facts.edges.length).toBeGreaterThan(0);
    expect(json.warnings).toContainEqual(expect.stringContaining('not-a-version'));
  });

  it('prints the pubgrub proof by default', async () => {
    const { code, out } = await run('resolve', 'black>=22.1', 'typer<0.4', '--index', join(dir, 'index.json'));
    expect(code).toBe(1);
    expect(out).toContain('So, because you require both black>=22.1 and typer<0.4, your requirements cannot be met.');
  });

  it('exits 2 on a bad requirement, saying file, line and column, for every bad line', async () => {
    const { code, err } = await run('resolve', '-r', join(dir, 'bad.txt'), '--index', join(dir, 'index.json'));
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.txt:2:\d+: error: /);
    expect(err).toMatch(/bad\.txt:3:\d+: error: .*editable/i);
  });

  it('exits 2 on a broken snapshot, saying where', async () => {
    const { code, err } = await run('resolve', 'a', '--index', join(dir, 'broken.json'));
    expect(code).toBe(2);
    expect(err).toContain('projects.a.versions.1.0.requires_dist');
  });

  it('says which requirements it ignores because their marker is false for the target', async () => {
    const { code, out, err } = await run('resolve', 'black', "typer; python_version < '3'", '--index', join(dir, 'index.json'), '--python', '3.11');
    expect(code).toBe(0);
    expect(out).not.toContain('typer');
    expect(err).toContain(`note: ignoring "typer; python_version < '3'": its marker is false for CPython 3.11`);
    expect((await run('resolve', 'black', '--index', join(dir, 'index.json'))).err).not.toContain('ignoring');
  });

  it('reads a snapshot and a requirements file saved with a byte-order mark (UTF-8, or UTF-16 as PowerShell writes)', async () => {
    writeFileSync(join(dir, 'bom-index.json'), `\uFEFF${JSON.stringify(SNAPSHOT)}`);
    writeFileSync(join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('black\r\n', 'utf16le')]));
    const { code, out, err } = await run('resolve', '-r', join(dir, 'utf16.txt'), '--index', join(dir, 'bom-index.json'));
    expect(err).not.toMatch(/error|JSON/); // the snapshot's own warning (click's invalid version) is all
    expect(out).toContain('black==22.1');
    expect(code).toBe(0);
  });

  it('says that a missing field is missing', async () => {
    writeFileSync(join(dir, 'no-format.json'), '{"projects": {}}');
    const { code, err } = await run('resolve', 'a', '--index', join(dir, 'no-format.json'));
    expect(err).toContain('format: expected "index-snapshot/1", found nothing (the field is missing)');
    expect(code).toBe(2);
  });

  it('--exclude-newer leaves out what was uploaded later, and refuses what is not an ISO 8601 date', async () => {
    const dated = {
      format: 'index-snapshot/1',
      // 1.5 was uploaded at 23:00 UTC on 31 August, written with an offset: before each cut-off below.
      projects: { lib: { versions: { '1.0': { upload_time: '2023-01-10T09:00:00Z' }, '1.5': { upload_time: '2023-09-01T01:00:00+02:00' }, '2.0': { upload_time: '2023-09-20T09:00:00Z' } } } },
    };
    writeFileSync(join(dir, 'dated.json'), JSON.stringify(dated));
    const index = join(dir, 'dated.json');
    expect((await run('resolve', 'lib', '--index', index)).out).toContain('lib==2.0');
    for (const date of ['2023-09-01', '2023-09-01T00:00:00Z', '2023-09-01T02:00:00+02:00']) {
      const { code, out } = await run('resolve', 'lib', '--index', index, '--exclude-newer', date);
      expect(out).toContain('lib==1.5');
      expect(code).toBe(0);
    }
    // pip's own resolver leaves out the same releases.
    expect((await run('resolve', 'lib', '--index', index, '--exclude-newer', '2023-09-01', '--engine', 'pip')).out).toContain('lib-1.5');
    // Date.parse takes the middle two, but compared as text with upload times they would let 2.0 through.
    // Nor does it take a day or time that does not exist, which Date.parse rolls over (2023-08-32 to 1 September).
    for (const date of ['garbage', 'Sep 1 2023', '2023-9-1', '', '2023-02-30', '2023-08-32', '2023-09-01T25:00', '2023-09-01T12:60:00Z', '2023-09-01T24:00:00Z', '2023-09-01T12:00:00+24:00']) {
      const { code, err } = await run('resolve', 'lib', '--index', index, '--exclude-newer', date);
      expect(err).toContain(`--exclude-newer ${date}: expected an ISO 8601 date`);
      expect(code).toBe(2);
    }
  });

  it('refuses a --marker version that is not a version, which markers would compare as text', async () => {
    const bad = await run('resolve', 'black', '--index', join(dir, 'index.json'), '--marker', 'python_version=abc');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--marker python_version=abc: python_version is compared as a version, and "abc" is not one');
    expect((await run('resolve', 'black', '--index', join(dir, 'index.json'), '--marker', 'python_full_version=3.11.4')).code).toBe(0);
    expect((await run('resolve', 'black', '--index', join(dir, 'index.json'), '--marker', 'platform_release=5.15.0-76-generic')).code).toBe(0);
  });

  it('exits 2 on unknown options and values', async () => {
    expect((await run('resolve', 'a', '--index', join(dir, 'index.json'), '--policy', 'poetry')).code).toBe(2);
    expect((await run('resolve', 'a', '--index', join(dir, 'index.json'), '--voice', 'shouty')).code).toBe(2);
    expect((await run('resolve', 'a', '--frobnicate')).code).toBe(2);
    expect((await run('nonsense')).code).toBe(2);
  });
});

describe('pipette scenario and why', () => {
  it('reads a .json file holding null as JSON that is not a scenario, not as TOML', async () => {
    writeFileSync(join(dir, 'null.json'), 'null\n');
    const { code, err } = await run('scenario', join(dir, 'null.json'));
    expect(err).toContain(`${join(dir, 'null.json')}: not a packse scenario (.toml) or a case`);
    expect(err).not.toContain('TOML:');
    expect(code).toBe(2);
  });

  it('runs a packse scenario', async () => {
    const { code, out } = await run('scenario', join(dir, 'scenario.toml'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ satisfiable: true, packages: { a: '1.0.0', b: '2.0.0' }, scenario: 'tiny', expected: { satisfiable: true } });
  });

  it('runs a Pipette scenario file, as the app exports them', async () => {
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify({ format: 'pipette-scenario/1', id: 'mine', title: 'Mine', description: '', requirements: 'typer<0.4\nblack>=22.1\n', target: { python: '3.11' }, options: {}, index: SNAPSHOT }));
    const { code, out } = await run('scenario', file, '--json', '--voice', 'pip');
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ satisfiable: false, python: '3.11.0', scenario: 'mine' });
    expect(json.message).toMatch(/^ERROR: Cannot install typer<0\.4 and black>=22\.1/);
  });

  it('says why a package is installed and why not a newer one', async () => {
    const { code, out } = await run('why', 'click', 'typer<0.4', '--index', join(dir, 'index.json'), '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.whyInstalled.chains).toEqual([['you require typer<0.4', 'typer 0.3 requires click<8.0,>=7.1']]);
    expect(json.whyNotNewer.newer).toEqual(['8.1', '8.0']);
    expect(json.whyNotNewer.text).toContain('click>7.1');
  });
});
