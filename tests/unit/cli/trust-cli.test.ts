/** `pipette audit` and `pipette lint-index`, in-process: exit codes, JSON, errors that say where. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';
import { readIndexFile } from '../../../src/cli/files.ts';
import { startIndexServer } from '../../support/index-server.ts';

let dir = '';
const SNAPSHOT = {
  format: 'index-snapshot/1',
  source: 'trust test',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['lib>=1.0'] } } },
    lib: { versions: { '1.0': { requires_dist: [] }, '1.1': { requires_dist: ['ghost'] }, '2.0': { requires_dist: ['bad spec>>1', 'app'] } } },
    old: { status: 'deprecated', status_reason: 'use lib', versions: { '0.1': { requires_dist: [] } } },
  },
};
const RECORD = (id: string, fixed: string) => ({ id, summary: `${id} summary`, aliases: [`CVE-${id}`], affected: [{ package: { name: 'lib', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-trust-'));
  writeFileSync(join(dir, 'index.json'), JSON.stringify(SNAPSHOT));
  writeFileSync(join(dir, 'osv.json'), JSON.stringify({ format: 'osv-list/1', advisories: [RECORD('ADV-1', '2.0')] }));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'folder', 'ADV-2.json'), JSON.stringify(RECORD('ADV-2', '1.1')));
  writeFileSync(join(dir, 'folder', 'broken.json'), '{"id": 3}');
  writeFileSync(join(dir, 'reqs.txt'), 'app\nlib<2\nold\n');
});

const run = runCli;

describe('pipette audit', () => {
  it('warn: the plan, the affected package with id, aliases, fix and chain, the statuses; exit 0', async () => {
    const { code, out } = await run('audit', '-r', join(dir, 'reqs.txt'), '--index', join(dir, 'index.json'), '--advisories', join(dir, 'osv.json'));
    expect(code).toBe(0);
    // lib 1.1 needs a project the index lacks, so the plan takes lib 1.0.
    expect(out).toContain('lib==1.0  affected by ADV-1');
    expect(out).toContain('ADV-1 (CVE-ADV-1): ADV-1 summary');
    expect(out).toContain('fixed in 2.0');
    expect(out).toContain('pulled in by: you require app → app 1.0 requires lib>=1.0');
    expect(out).toContain('warning: old is deprecated by its maintainers ("use lib")');
  });

  it('reads a folder, names the broken file, and applies the ignore list', async () => {
    const { code, out, err } = await run('audit', 'lib<2', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'folder'), '--advisories', join(dir, 'osv.json'), '--ignore', 'ADV-1:only used offline', '--json');
    expect(code).toBe(0);
    expect(err).toBe('');
    const data = JSON.parse(out);
    expect(data.audit.packages[0].advisories.map((a: { id: string }) => a.id)).toEqual(['ADV-2']);
    expect(data.audit.packages[0].ignored[0]).toMatchObject({ advisory: { id: 'ADV-1' }, reason: 'only used offline' });
    expect(data.advisories.problems[0]).toMatch(/broken\.json: expected OSV advisories/);
  });

  it('stops (exit 2) when an advisory file named on the command line cannot be used, even beside the snapshot’s own advisories', async () => {
    const withOwn = join(dir, 'with-advisories.json');
    writeFileSync(withOwn, JSON.stringify({ ...SNAPSHOT, advisories: [RECORD('ADV-OWN', '2.0')] }));
    writeFileSync(join(dir, 'cut.json'), '{');
    const { code, err } = await run('audit', 'lib<2', '--index', withOwn, '--advisories', join(dir, 'cut.json'));
    expect(err).toContain(`the advisory files given could not be used:\n  ${join(dir, 'cut.json')}: not JSON`);
    expect(code).toBe(2);
  });

  it('says when a range event is not a PEP 440 version, since the advisory may then affect nothing', async () => {
    const odd = { id: 'ADV-ODD', summary: 'odd', affected: [{ package: { name: 'lib', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0.x' }, { fixed: '2.0' }] }] }] };
    writeFileSync(join(dir, 'odd.json'), JSON.stringify(odd));
    writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON.stringify(RECORD('ADV-BOM', '2.0'))}`);
    const audit = await run('audit', 'lib<2', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'odd.json'), '--advisories', join(dir, 'bom.json'), '--json');
    expect(audit.code).toBe(0);
    const data = JSON.parse(audit.out);
    expect(data.advisories.problems).toContain('ADV-ODD: introduced "1.0.x" is not a PEP 440 version; event skipped');
    // The byte-order mark before the second file's JSON is dropped, as for every JSON file.
    expect(data.audit.packages[0].advisories.map((a: { id: string }) => a.id)).toEqual(['ADV-BOM']);
    const lint = await run('lint-index', join(dir, 'index.json'), '--advisories', join(dir, 'odd.json'));
    expect(lint.err).toContain('warning: ADV-ODD: introduced "1.0.x" is not a PEP 440 version; event skipped');
  });

  it('block: exit 1 when no unaffected plan exists, with the checked fix', async () => {
    const { code, out } = await run('audit', 'lib<2', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'osv.json'), '--policy', 'block');
    expect(code).toBe(1);
    expect(out).toContain('lib 1.0 and 1.1 are affected by ADV-1, and your advisory policy blocks them (fixed in 2.0)');
    expect(out).toContain('Require a fixed release: change lib<2 to lib>=2.0');
  });

  it('avoid: the plan moves off the affected release; exit 0', async () => {
    const { code, out } = await run('audit', 'lib', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'folder'), '--policy', 'avoid', '--json');
    expect(code).toBe(0);
    const data = JSON.parse(out);
    expect(data.packages.lib).toBe('2.0');
    expect(data.staysAffected).toEqual([]);
  });

  it('bad input says what: a policy, an ignore without a reason, no advisories', async () => {
    expect((await run('audit', 'lib', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'osv.json'), '--policy', 'strict')).err).toContain('--policy strict: expected warn, avoid, block');
    expect((await run('audit', 'lib', '--index', join(dir, 'index.json'), '--advisories', join(dir, 'osv.json'), '--ignore', 'ADV-1')).err).toContain('expected ID:reason');
    const none = await run('audit', 'lib', '--index', join(dir, 'index.json'));
    expect(none.code).toBe(2);
    expect(none.err).toContain('no advisories to audit against');
  });
});

describe('pipette lint-index', () => {
  it('reports each kind with counts, the resolver proof, and who needs a project', async () => {
    const { code, out } = await run('lint-index', join(dir, 'index.json'), '--who-needs', 'lib');
    expect(code).toBe(0);
    expect(out).toContain('3 projects, 5 releases');
    expect(out).toMatch(/Requirements with an invalid version specifier: 1\n  lib 2.0: "bad spec>>1"/);
    expect(out).toContain('Dependencies on projects not in the index: 1\n  lib 1.1 requires ghost, but the index has no project ghost');
    expect(out).toContain('Circular requirements: 1\n  app, lib require each other');
    expect(out).toContain('Who needs lib: 1 project\n  app 1.0: lib>=1.0');
  });

  it('--json gives every finding', async () => {
    const { out } = await run('lint-index', join(dir, 'index.json'), '--json');
    const data = JSON.parse(out);
    expect(data.counts['no-requires-python']).toBe(5);
    expect(data.findings['missing-dependency'][0]).toMatchObject({ project: 'lib', version: '1.1', requirement: 'ghost' });
  });
});

describe('against a live index (a local one serving the same snapshot)', () => {
  it('lint-index audits what a resolve read; audit works with imported advisories', async () => {
    const server = await startIndexServer({ snapshot: readIndexFile(join(dir, 'index.json')).index });
    try {
      const lint = await run('lint-index', '--index-url', server.indexUrl, 'app', '--json');
      expect(lint.code).toBe(0);
      const data = JSON.parse(lint.out);
      expect(data.scope).toContain('the part a resolve of app read');
      expect(data.projects).toBe(2); // app and lib: old was never read
      const audit = await run('audit', 'app', 'lib<2', '--index-url', server.indexUrl, '--advisories', join(dir, 'osv.json'), '--json');
      expect(audit.code).toBe(0);
      expect(JSON.parse(audit.out).audit.packages[0]).toMatchObject({ name: 'lib', version: '1.0' });
    } finally {
      await server.close();
    }
  });
});
