/** Runs: PubGrub under both policies and several targets, judged; the matrix read from the cells. */
import { describe, expect, it } from 'vitest';
import {
  availableEngines,
  cellTable,
  combinationId,
  crossCombinations,
  describeChange,
  diffColumns,
  disagreement,
  disagreementsByCategory,
  importSuiteFiles,
  loadEntry,
  runScenario,
  summarize,
  CombinationError,
  type Cell,
  type Combination,
  type SuiteEntry,
  type IndexLookup,
  expectationFor,
} from '../../../src/core/index.ts';
import { INLINE_CASE, NAMED_CASE, packseFolder, SNAPSHOT } from './fixtures.ts';

const UV: Combination = { engine: 'pubgrub', policy: 'uv', python: null, platform: null };
const PIP: Combination = { engine: 'pubgrub', policy: 'pip', python: null, platform: null };

async function runAll(entries: readonly SuiteEntry[], combinations: readonly Combination[], lookup: IndexLookup = () => null): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const entry of entries) {
    let loaded;
    try {
      loaded = loadEntry(entry, lookup);
    } catch (error) {
      loaded = { error: (error as Error).message };
    }
    cells.push(...(await runScenario(entry, loaded, combinations)));
  }
  return cells;
}

function find(cells: readonly Cell[], scenario: string, combination: Combination): Cell {
  const cell = cells.find((c) => c.scenario === scenario && c.combination === combinationId(combination));
  if (!cell) throw new Error(`no cell ${scenario} × ${combinationId(combination)}`);
  return cell;
}

describe('policies', () => {
  it('judges uv by packse and pip by packse too when pip recorded nothing; the two disagree on a transitive pre-release', async () => {
    const { entries } = importSuiteFiles(packseFolder());
    const cells = await runAll(entries, [UV, PIP]);
    const id = 'prereleases/pipette-transitive-pre.toml';
    expect(find(cells, id, UV)).toMatchObject({ status: 'pass', verdict: 'no-solution', expectation: 'packse' });
    const pip = find(cells, id, PIP);
    expect(pip).toMatchObject({ status: 'fail', verdict: 'solved', packages: { a: '1.0.0', b: '2.0.0a1' }, expectation: 'packse' });
    expect(pip.message).toMatch(/^packse expects no solution; solved: a==1\.0\.0 b==2\.0\.0a1/);
    expect(disagreement(cellTable(cells).get(id)!.values())).toBe('verdict');
  });

  it("judges packse under pip's rules by pip's recorded verdict when there is one", async () => {
    const { entries } = importSuiteFiles(packseFolder());
    const withPip = entries.map((e) => (e.name === 'pipette-transitive-pre' ? { ...e, recorded: [{ tool: 'pip 23.2.1', engine: 'pip' as const, satisfiable: true, packages: {} }] } : e));
    const cells = await runAll(withPip, [UV, PIP]);
    expect(find(cells, 'prereleases/pipette-transitive-pre.toml', PIP)).toMatchObject({ status: 'pass', expectation: 'pip 23.2.1' });
    expect(find(cells, 'prereleases/pipette-transitive-pre.toml', UV)).toMatchObject({ status: 'pass', expectation: 'packse' });
  });
});

describe('which expectation judges a cell', () => {
  it("is pip 20.2's run for the legacy engine (install set included), pip 23.2's verdict under pip's rules, else the scenario's own", () => {
    const { entries } = importSuiteFiles(packseFolder());
    const entry = {
      ...entries[1]!,
      recorded: [
        { tool: 'pip 23.2.1', engine: 'pip' as const, satisfiable: true, packages: { a: '2.0.0' } },
        { tool: 'pip 20.2.4', engine: 'legacy' as const, satisfiable: true, packages: { a: '1.0.0' } },
      ],
    };
    const loaded = loadEntry(entry);
    const judge = (engine: Combination['engine'], policy: Combination['policy']) => expectationFor(loaded, { engine, policy, python: null, platform: null });
    expect(judge('legacy', 'pip')).toEqual({ from: 'pip 20.2.4', satisfiable: true, packages: { a: '1.0.0' }, conflicted: [] });
    expect(judge('pip', 'pip')).toEqual({ from: 'pip 23.2.1', satisfiable: true, packages: null, conflicted: [] });
    expect(judge('pubgrub', 'pip')).toEqual({ from: 'pip 23.2.1', satisfiable: true, packages: null, conflicted: [] });
    expect(judge('pubgrub', 'uv')).toEqual({ from: 'packse', satisfiable: true, packages: { a: '2.0.0' }, conflicted: [] });
    expect(expectationFor(loadEntry(entries[1]!), { engine: 'legacy', policy: 'pip', python: null, platform: null })?.from).toBe('packse');
  });
});

describe('targets', () => {
  const combinations = crossCombinations({ engines: ['pubgrub'], policies: ['uv'], pythons: ['3.8', '3.12'], platforms: ['linux', 'windows'] });

  it('crosses every engine, policy, Python and platform', () => {
    expect(combinations.map(combinationId)).toEqual(['pubgrub/uv/3.8/linux', 'pubgrub/uv/3.8/windows', 'pubgrub/uv/3.12/linux', 'pubgrub/uv/3.12/windows']);
    expect(() => crossCombinations({ engines: ['poetry'], policies: [], pythons: [], platforms: [] })).toThrow(CombinationError);
    expect(() => crossCombinations({ engines: [], policies: ['conda'], pythons: [], platforms: [] })).toThrow(/policy "conda"/);
    expect(() => crossCombinations({ engines: [], policies: [], pythons: ['three'], platforms: [] })).toThrow(/python "three"/);
    expect(() => crossCombinations({ engines: [], policies: [], pythons: [], platforms: ['beos'] })).toThrow(/platform "beos"/);
  });

  it('resolves for each target, and judges only the scenario’s own', async () => {
    const { entries } = importSuiteFiles(packseFolder());
    const cells = await runAll(entries, combinations);
    const [py38linux, py38windows, py312linux, py312windows] = combinations as [Combination, Combination, Combination, Combination];
    const bound = 'requires_python/python-bound.toml';
    expect(find(cells, bound, py38linux)).toMatchObject({ verdict: 'solved', packages: { a: '1.0.0' }, status: 'unjudged' });
    expect(find(cells, bound, py38linux).message).toMatch(/the expectation is for the scenario's own target, Python 3\.12\.0/);
    // packse's linux is uv's (glibc 2.17), not Pipette's default: judged only where equal.
    expect(find(cells, bound, py312linux)).toMatchObject({ verdict: 'solved', packages: { a: '2.0.0' } });
    const windows = 'wheels/windows-only.toml';
    expect(find(cells, windows, py312linux).verdict).toBe('no-solution');
    expect(find(cells, windows, py312windows).verdict).toBe('solved');
    // packse's default Requires-Python (>=3.12) holds on every version.
    expect(find(cells, windows, py38windows).verdict).toBe('no-solution');
    const table = cellTable(cells);
    expect(disagreement(table.get(bound)!.values())).toBe('install-set');
    expect(disagreement(table.get(windows)!.values())).toBe('verdict');
    const changes = diffColumns(table, entries.map((e) => e.id), combinationId(py38linux), combinationId(py312linux));
    expect(changes.map((c) => [c.scenario, c.kind])).toEqual([[bound, 'install-set']]);
    expect(describeChange(changes[0]!)).toBe('a 1.0.0 → 2.0.0');
    expect(diffColumns(table, entries.map((e) => e.id), combinationId(py312linux), combinationId(py312windows)).map((c) => [c.scenario, c.kind, describeChange(c)])).toEqual([
      [windows, 'verdict', 'no solution → solved'],
    ]);
    expect(disagreementsByCategory(entries, table)).toEqual([
      { category: 'prereleases', scenarios: 1, verdict: 0, installSet: 0 },
      { category: 'requires_python', scenarios: 1, verdict: 0, installSet: 1 },
      { category: 'wheels', scenarios: 1, verdict: 1, installSet: 0 },
    ]);
  });
});

describe('cases and errors', () => {
  it('judges cases by their expected outcome and conflicted names', async () => {
    const { entries, indexes } = importSuiteFiles([
      { path: 'cases/inline-ok.json', text: JSON.stringify(INLINE_CASE) },
      { path: 'cases/black-typer.json', text: JSON.stringify(NAMED_CASE) },
      { path: 'indexes/tiny.json', text: JSON.stringify(SNAPSHOT) },
    ]);
    const cells = await runAll(entries, [PIP], (ref: string) => indexes.get(ref) ?? null);
    expect(cells.map((c) => [c.scenario, c.status, c.verdict])).toEqual([
      ['cases/inline-ok.json', 'pass', 'solved'],
      ['cases/black-typer.json', 'pass', 'no-solution'],
    ]);
    const wrong = entries.map((e) => (e.name === 'inline-ok' ? { ...e, text: JSON.stringify({ ...INLINE_CASE, expected: { satisfiable: true, packages: { y: '2.0' } } }) } : e));
    const again = await runAll(wrong, [PIP], (ref: string) => indexes.get(ref) ?? null);
    expect(again[0]).toMatchObject({ status: 'differs', message: 'another install set than case expects: y 2.0 expected, got 1.5' });
  });

  it('gives an error cell, with the reason, for an engine not in this build and for a scenario that cannot be read', async () => {
    const { entries } = importSuiteFiles(packseFolder().slice(0, 1));
    const legacy: Combination = { engine: 'legacy', policy: 'pip', python: null, platform: null };
    const [cell] = await runAll(entries, [legacy]);
    if (availableEngines().some((e) => e.name === 'legacy')) expect(cell!.status).not.toBe('error');
    else expect(cell).toMatchObject({ status: 'error', verdict: null, message: expect.stringMatching(/^the legacy engine is not available in this build \(available: pubgrub/) });
    const broken = { ...entries[0]!, text: entries[0]!.text.replace('requires = ["a"]', 'requires = ["a>>1"]') };
    const [bad] = await runAll([broken], [UV]);
    expect(bad).toMatchObject({ status: 'error', message: expect.stringMatching(/^the scenario could not be read: root\.requires: requirement 1: /) });
  });

  it('counts cells per status', () => {
    const cell = (status: Cell['status'], ms: number): Cell => ({ scenario: 's', combination: 'c', status, verdict: null, packages: null, ms, message: '', expectation: null });
    expect(summarize([cell('pass', 1), cell('pass', 2), cell('fail', 3), cell('error', 0)])).toEqual({ pass: 2, fail: 1, differs: 0, error: 1, skipped: 0, unjudged: 0, total: 4, ms: 6 });
  });
});
