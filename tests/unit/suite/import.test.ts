/** Suite import: packse folders and zips, cases with named and inline indexes, pip's verdicts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { attachPipBaseline, filesFromZip, importSuiteFiles, loadEntry, ZipError, type SuiteFile } from '../../../src/core/index.ts';
import { sharedDataDir, sharedPeersDir } from '../../../src/cli/files.ts';
import { BROKEN, INLINE_CASE, NAMED_CASE, packseFolder, SNAPSHOT } from './fixtures.ts';

function zipOf(files: readonly SuiteFile[], extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ ...Object.fromEntries(files.map((f) => [f.path, strToU8(f.text)])), ...extra });
}

describe('packse folders', () => {
  it('reads each scenario with its folder as category and its own name', () => {
    const { entries, problems } = importSuiteFiles(packseFolder('scenarios/'));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.id, e.category, e.name, e.format])).toEqual([
      ['prereleases/pipette-transitive-pre.toml', 'prereleases', 'pipette-transitive-pre', 'packse'],
      ['requires_python/python-bound.toml', 'requires_python', 'python-bound', 'packse'],
      ['wheels/windows-only.toml', 'wheels', 'windows-only', 'packse'],
    ]);
    const loaded = loadEntry(entries[1]!);
    expect(loaded.declared).toEqual({ source: 'packse', satisfiable: true, packages: { a: '2.0.0' }, conflicted: [] });
    expect(loaded.target.python).toBe('3.12.0');
  });

  it('names a broken file with where it breaks, and imports the rest', () => {
    const { entries, problems } = importSuiteFiles([...packseFolder(), { path: 'misc/broken.toml', text: BROKEN }]);
    expect(entries).toHaveLength(3);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^misc\/broken\.toml \(read as a packse scenario\): line 3:\d+: not valid TOML/);
  });

  it('reads the shared packse scenarios, categories from their folders', (context) => {
    const data = sharedDataDir();
    if (!data) return context.skip('../shared/data is absent');
    const dir = join(data, 'packse');
    const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(toml|json)$/.test(f)).map((f) => ({ path: `packse/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
    const { entries, problems } = importSuiteFiles(files);
    expect(problems).toEqual([]);
    expect(entries.length).toBe(files.length);
    const categories = new Set(entries.map((e) => e.category));
    expect(categories).toContain('yanked');
    expect(categories).toContain('prereleases');
    expect(entries.every((e) => !e.id.startsWith('packse/'))).toBe(true);
  });
});

describe('packse release zips', () => {
  it('strips the release folder and keeps the categories', () => {
    const zip = zipOf(packseFolder('packse-0.3.47/scenarios/'), { 'packse-0.3.47/README.md': strToU8('# hi'), '__MACOSX/._x.toml': strToU8('junk') });
    const { files, problems } = filesFromZip('packse.zip', zip);
    expect(problems).toEqual([]);
    expect(files.map((f) => f.path)).toEqual([
      'packse-0.3.47/scenarios/prereleases/pipette-transitive-pre.toml',
      'packse-0.3.47/scenarios/requires_python/python-bound.toml',
      'packse-0.3.47/scenarios/wheels/windows-only.toml',
    ]);
    const { entries } = importSuiteFiles(files);
    expect(entries.map((e) => e.id)).toEqual(['prereleases/pipette-transitive-pre.toml', 'requires_python/python-bound.toml', 'wheels/windows-only.toml']);
  });

  it('keeps the category of a zip holding one folder', () => {
    const { entries } = importSuiteFiles(filesFromZip('one.zip', zipOf(packseFolder().slice(0, 1))).files);
    expect(entries[0]!.category).toBe('prereleases');
  });

  it('refuses what is not a zip, saying which file', () => {
    expect(() => filesFromZip('notes.zip', strToU8('hello'))).toThrow(ZipError);
    expect(() => filesFromZip('notes.zip', strToU8('hello'))).toThrow(/^notes\.zip: not a zip file/);
    const truncated = zipOf(packseFolder()).slice(0, 60);
    expect(() => filesFromZip('cut.zip', truncated)).toThrow(/^cut\.zip: /);
  });
});

describe('cases', () => {
  it('reads a case with its index inline', () => {
    const { entries, problems } = importSuiteFiles([{ path: 'cases/inline-ok.json', text: JSON.stringify(INLINE_CASE) }]);
    expect(problems).toEqual([]);
    const loaded = loadEntry(entries[0]!);
    expect(loaded.index.projects.size).toBe(2);
    expect(loaded.declared?.packages).toEqual({ x: '1.0', y: '1.5' });
  });

  it('finds a named snapshot in the same suite', () => {
    const { entries, indexes, problems } = importSuiteFiles([
      { path: 'data/cases/black-typer.json', text: JSON.stringify(NAMED_CASE) },
      { path: 'data/indexes/tiny.json', text: JSON.stringify(SNAPSHOT) },
    ]);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.indexRef).toBe('indexes/tiny.json');
    const loaded = loadEntry(entries[0]!, (ref) => indexes.get(ref) ?? null);
    expect(loaded.index.projects.has('click')).toBe(true);
    expect(entries[0]!.recorded).toEqual([{ tool: 'pip 23.2', engine: 'pip', satisfiable: false, packages: {} }]);
  });

  it('finds a named snapshot already imported, through the lookup it is given', () => {
    const asked: string[] = [];
    const { entries, problems } = importSuiteFiles([{ path: 'black-typer.json', text: JSON.stringify(NAMED_CASE) }], {
      resolveIndexPath: (path) => (asked.push(path), path === 'indexes/tiny.json' ? 'imported:tiny' : null),
    });
    expect(problems).toEqual([]);
    expect(asked).toEqual(['indexes/tiny.json']);
    expect(entries[0]!.indexRef).toBe('imported:tiny');
    expect(() => loadEntry(entries[0]!, () => null)).toThrow(/indexes\/tiny\.json .*not available/);
  });

  it('says which index is missing when nobody has it', () => {
    const { entries, problems } = importSuiteFiles([{ path: 'black-typer.json', text: JSON.stringify(NAMED_CASE) }]);
    expect(entries).toEqual([]);
    expect(problems).toEqual(['black-typer.json (read as a case): index: indexes/tiny.json is neither in the suite nor among the imported indexes; import that snapshot first']);
  });
});

describe("pip's recorded verdicts", () => {
  it('attach by path and name, leaving out what pip could not run', () => {
    const { entries } = importSuiteFiles(packseFolder());
    const baseline = {
      pip_version: '23.2.1',
      scenarios: [
        { path: 'prereleases/pipette-transitive-pre.toml', name: 'pipette-transitive-pre', verdict: 'fail', pip_ok: true, pip_install: { a: '1.0.0', b: '2.0.0a1' } },
        { path: 'wheels/windows-only.toml', name: 'windows-only', verdict: 'skip', pip_ok: null },
        { path: 'requires_python/python-bound.toml', name: 'another-name', verdict: 'pass', pip_ok: true },
      ],
    };
    const attached = attachPipBaseline(entries, baseline);
    expect(attached.matched).toBe(1);
    expect(attached.entries[0]!.recorded).toEqual([{ tool: 'pip 23.2.1', engine: 'pip', satisfiable: true, packages: { a: '1.0.0', b: '2.0.0a1' } }]);
    expect(attached.entries[1]!.recorded).toEqual([]);
    expect(attached.entries[2]!.recorded).toEqual([]);
    expect(() => attachPipBaseline(entries, { nope: 1 })).toThrow(/not a pip baseline/);
  });

  it("attach pip 20.2's legacy runs, broken installs counted as installs", () => {
    const { entries } = importSuiteFiles([...packseFolder(), { path: 'cases/inline-ok.json', text: JSON.stringify(INLINE_CASE) }]);
    const legacy = {
      pip_version: '20.2.4',
      packse: [
        { path: 'prereleases/pipette-transitive-pre.toml', outcome: 'broken', install: { a: '1.0.0', b: '1.0.0' } },
        { path: 'wheels/windows-only.toml', outcome: 'failed', install: {} },
      ],
      cases: [{ path: 'cases/inline-ok.json', outcome: 'valid', install: { x: '1.0', y: '1.5' } }],
    };
    const attached = attachPipBaseline(entries, legacy);
    expect(attached.matched).toBe(3);
    const byName = new Map(attached.entries.map((e) => [e.name, e.recorded]));
    expect(byName.get('pipette-transitive-pre')).toEqual([{ tool: 'pip 20.2.4', engine: 'legacy', satisfiable: true, packages: { a: '1.0.0', b: '1.0.0' } }]);
    expect(byName.get('windows-only')).toEqual([{ tool: 'pip 20.2.4', engine: 'legacy', satisfiable: false, packages: {} }]);
    expect(byName.get('inline-ok')).toEqual([{ tool: 'pip 20.2.4', engine: 'legacy', satisfiable: true, packages: { x: '1.0', y: '1.5' } }]);
    expect(byName.get('python-bound')).toEqual([]);
  });

  it('match the shared baseline on most shared packse scenarios', (context) => {
    const data = sharedDataDir();
    const peers = sharedPeersDir();
    if (!data || !peers) return context.skip('../shared/data or ../shared/peers is absent');
    const dir = join(data, 'packse');
    const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.toml')).map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
    const { matched } = attachPipBaseline(importSuiteFiles(files).entries, JSON.parse(readFileSync(join(peers, 'pip-packse-baseline.json'), 'utf8')));
    expect(matched).toBeGreaterThan(80);
  });
});

describe('a pip baseline among the files', () => {
  it('is applied to the packse scenarios it names', () => {
    const baseline = { pip_version: '23.2.1', scenarios: [{ path: 'prereleases/pipette-transitive-pre.toml', name: 'pipette-transitive-pre', verdict: 'fail', pip_ok: true, pip_install: {} }] };
    const { entries, problems } = importSuiteFiles([...packseFolder('scenarios/'), { path: 'scenarios/pip-packse-baseline.json', text: JSON.stringify(baseline) }]);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(3);
    expect(entries.find((e) => e.name === 'pipette-transitive-pre')!.recorded).toEqual([{ tool: 'pip 23.2.1', engine: 'pip', satisfiable: true, packages: {} }]);
  });
});
