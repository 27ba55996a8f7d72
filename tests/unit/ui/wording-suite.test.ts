/** The worker's suite reader, on files as a person would pick them: a zip of packse scenarios with pip's baseline, cases with their index. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/worker/wording-suite.ts';

const CLASH_TOML = ['name = "clash"', '[root]', 'requires = ["a==1.0.0", "a==2.0.0"]', '[packages.a.versions."1.0.0"]', '[packages.a.versions."2.0.0"]'].join('\n');
const FINE_TOML = ['name = "fine"', '[root]', 'requires = ["a"]', '[packages.a.versions."1.0.0"]'].join('\n');
const BASELINE = { scenarios: [{ path: 'incompatible/clash.toml', pip_ok: false, error_lines: ['ERROR: Cannot install a==1.0.0 and a==2.0.0 because these package versions have conflicting dependencies.'] }] };
const INDEX = { format: 'index-snapshot/1', source: 'test', projects: { b: { versions: { '1.0': { requires_dist: ['c>=2'] } } }, c: { versions: { '1.0': {} } } } };

describe('suites from files', () => {
  it('reads a zip: failing scenarios only, pip’s recorded output beside them, bad files named', async () => {
    const bytes = zipSync({
      'packse/incompatible/clash.toml': strToU8(CLASH_TOML),
      'packse/incompatible/fine.toml': strToU8(FINE_TOML),
      'packse/pip-packse-baseline.json': strToU8(JSON.stringify(BASELINE)),
      'packse/broken.toml': strToU8('name = [unclosed'),
      'packse/readme.json': strToU8('{"hello": 1}'),
      '__MACOSX/._clash.toml': strToU8('junk'),
    });
    const info = await loadSuite({ kind: 'zip', name: 'packse.zip', bytes }, 200);
    expect(info.read).toBe(2);
    expect(info.entries).toEqual([{ id: 'packse/incompatible/clash', title: 'clash', kind: 'resolution-impossible', hasPip: true }]);
    expect(info.skipped).toEqual([expect.stringMatching(/^packse\/broken\.toml: /), 'packse/readme.json: not a packse scenario, a case or a Pipette scenario']);
  });

  it('reads cases with an inline index or an index among the files, and their pip field', async () => {
    const files = [
      { path: 'cases/inline.json', text: JSON.stringify({ name: 'inline', requested: ['x>=2'], projects: { x: { versions: { '1.0': {} } } }, pip: { ok: false, output_tail: ['ERROR: No matching distribution found for x>=2'] } }) },
      { path: 'cases/by-path.json', text: JSON.stringify({ name: 'by path', requested: ['b'], index: 'indexes/small.json' }) },
      { path: 'indexes/small.json', text: JSON.stringify(INDEX) },
      { path: 'cases/lost.json', text: JSON.stringify({ name: 'lost', requested: ['b'], index: 'indexes/missing.json' }) },
    ];
    const info = await loadSuite({ kind: 'files', name: 'cases', files }, 200);
    expect(info.entries.map((e) => [e.title, e.kind, e.hasPip])).toEqual([
      ['by path', 'no-matching-version', false],
      ['inline', 'no-matching-version', true],
    ]);
    expect(info.skipped).toEqual([expect.stringMatching(/cases\/lost\.json: its index indexes\/missing\.json is not among the files/)]);
  });

  it('refuses a zip that unpacks too large, saying so', async () => {
    await expect(loadSuite({ kind: 'zip', name: 'big.zip', bytes: new Uint8Array(65 * 1024 * 1024) }, 200)).rejects.toThrow(/over the limit/);
  });
});
