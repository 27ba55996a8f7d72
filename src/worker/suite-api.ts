/**
 * What a suite worker can do: import a suite (opening zips and checking every file off the
 * page's thread), and run scenarios of a stored suite in a list of combinations. The page
 * starts several of these workers (suite-pool.ts) and hands each one scenario at a time.
 */
import {
  explainFailure,
  IndexProvider,
  loadEntry,
  runCell,
  runScenario,
  suiteRequest,
  engine as engineNamed,
  availableEngines,
  type Cell,
  type Combination,
  type Explanation,
  type LoadedScenario,
  type PackageIndex,
  type ResolvedPackage,
  type SuiteSummary,
} from '../core/index.ts';
import { describeTarget } from '../core/index.ts';
import { getSuite, loadSuiteIndex, saveSuite, suiteFromFiles, suiteFromLibrary, type PickedFile, type StoredSuite } from '../cache/suites.ts';
import { toStorageError } from '../cache/db.ts';

export type { PickedFile };

export interface SuiteImportOutcome {
  readonly suite: SuiteSummary;
  /** Set when the cache refused the suite: it is not kept. */
  readonly storageError: string | null;
}

/** What a cell opens: the scenario, and that combination's result with its explanation. */
export interface CellDetail {
  readonly cell: Cell;
  readonly requirements: readonly string[];
  readonly target: string;
  readonly install: readonly ResolvedPackage[];
  readonly explanation: Pick<Explanation, 'headline' | 'voices'> | null;
  /** What the engine says the real installer would print (pip, legacy). */
  readonly output: readonly string[];
  readonly expected: string;
  readonly source: string;
}

let current: { suite: StoredSuite; indexes: Map<string, PackageIndex> } | null = null;

async function suiteById(id: string): Promise<{ suite: StoredSuite; indexes: Map<string, PackageIndex> }> {
  if (current?.suite.id === id) return current;
  const suite = await getSuite(id);
  if (!suite) throw new Error(`The suite ${id} is not in this browser's storage any more; import it again.`);
  const indexes = new Map<string, PackageIndex>();
  for (const ref of new Set(suite.entries.flatMap((e) => (e.indexRef ? [e.indexRef] : [])))) {
    const index = await loadSuiteIndex(suite, ref);
    if (index) indexes.set(ref, index);
  }
  current = { suite, indexes };
  return current;
}

function load(entryId: string, held: { suite: StoredSuite; indexes: Map<string, PackageIndex> }): { entry: StoredSuite['entries'][number]; loaded: LoadedScenario | { error: string } } {
  const entry = held.suite.entries.find((e) => e.id === entryId);
  if (!entry) throw new Error(`no scenario ${entryId} in the suite`);
  try {
    return { entry, loaded: loadEntry(entry, (ref) => held.indexes.get(ref) ?? null) };
  } catch (error) {
    return { entry, loaded: { error: (error as Error).message } };
  }
}

async function keep(suite: StoredSuite): Promise<SuiteImportOutcome> {
  const { entries: _entries, snapshots: _snapshots, ...summary } = suite;
  try {
    await saveSuite(suite);
    return { suite: summary, storageError: null };
  } catch (error) {
    return { suite: summary, storageError: toStorageError(error, `the suite “${suite.title}”`).message };
  }
}

export const suiteApi = {
  /** The engines this build has (the others give error cells). */
  engines(): { name: string; label: string }[] {
    return availableEngines().map((e) => ({ name: e.name, label: e.label }));
  },

  async importFiles(title: string, files: readonly PickedFile[]): Promise<SuiteImportOutcome> {
    return keep(await suiteFromFiles(title, files));
  },

  async importLibrary(origin: 'bundled' | 'user'): Promise<SuiteImportOutcome> {
    return keep(await suiteFromLibrary(origin));
  },

  /** Loads a suite (and the indexes its cases name) before the first scenario. */
  async prepare(suiteId: string): Promise<void> {
    await suiteById(suiteId);
  },

  /** The scenarios of a suite, in order, for the matrix's rows. */
  async scenarios(suiteId: string): Promise<{ id: string; name: string; category: string }[]> {
    const { suite } = await suiteById(suiteId);
    return suite.entries.map((e) => ({ id: e.id, name: e.name, category: e.category }));
  },

  /** Runs each scenario in every combination; the cells of one scenario come back together. */
  async run(suiteId: string, scenarioIds: readonly string[], combinations: readonly Combination[]): Promise<Cell[]> {
    const held = await suiteById(suiteId);
    const cells: Cell[] = [];
    for (const id of scenarioIds) {
      const { entry, loaded } = load(id, held);
      cells.push(...(await runScenario(entry, loaded, combinations, () => performance.now())));
    }
    return cells;
  },

  /** One cell again, with the explanation a person reads. */
  async detail(suiteId: string, scenarioId: string, combination: Combination): Promise<CellDetail> {
    const held = await suiteById(suiteId);
    const { entry, loaded } = load(scenarioId, held);
    const cell = await runCell(entry, loaded, combination, () => performance.now());
    const base = { cell, install: [] as ResolvedPackage[], explanation: null, output: [] as string[], source: entry.text.length > 64_000 ? `${entry.text.slice(0, 64_000)}\n…` : entry.text };
    if ('error' in loaded) return { ...base, requirements: [], target: '', expected: '' };
    const request = suiteRequest(loaded, combination);
    const expected = [
      loaded.declared?.satisfiable === true ? `${loaded.declared.source}: solvable${loaded.declared.packages ? ` (${Object.entries(loaded.declared.packages).map(([k, v]) => `${k}==${v}`).join(' ')})` : ''}` : '',
      loaded.declared?.satisfiable === false ? `${loaded.declared.source}: no solution` : '',
      ...entry.recorded.map((r) => `${r.tool} recorded: ${r.satisfiable ? `installed ${Object.entries(r.packages).map(([k, v]) => `${k}==${v}`).join(' ')}` : 'no solution'}`),
    ].filter(Boolean).join('; ');
    const common = { ...base, requirements: loaded.requirements.map((r) => r.text), target: describeTarget(request.target!), expected };
    if (cell.status === 'error' || cell.status === 'skipped') return common;
    const provider = new IndexProvider(loaded.index, loaded.warnings);
    const run = await engineNamed(combination.engine).run(provider, request);
    if (run.result.ok) return { ...common, install: run.result.packages, output: run.output ?? [] };
    const explanation = await explainFailure(provider, request, run.result, { budgetMs: 1500 });
    return { ...common, explanation: { headline: explanation.headline, voices: explanation.voices }, output: run.output ?? [] };
  },
};

export type SuiteApi = typeof suiteApi;
