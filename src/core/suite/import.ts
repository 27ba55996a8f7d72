/**
 * Reading a suite: files (from a folder, a zip or a file picker) into entries that keep each
 * file's own text, with its category and expectations. Every file is checked on the way in;
 * one that can't be used is named with what it was read as and where it went wrong, and the
 * rest are imported.
 */
import { isCaseFile, loadCase } from '../index/case.ts';
import { isPackseData, loadPackseData, loadPackseScenario, MAX_SCENARIO_BYTES } from '../index/packse.ts';
import { loadSnapshot, SNAPSHOT_FORMAT, MAX_SNAPSHOT_BYTES } from '../index/snapshot.ts';
import { checkScenario, SCENARIO_FORMAT } from '../export/index.ts';
import type { PackageIndex } from '../index/model.ts';
import type { RecordedVerdict, SuiteEntry } from './model.ts';

export const SCENARIO_LIST_FORMAT = 'pipette-scenarios/1';

export interface SuiteFile {
  /** Path inside the folder or zip, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface SuiteImport {
  readonly entries: SuiteEntry[];
  /** Index snapshots found among the files, by path: cases may name them. */
  readonly indexes: Map<string, PackageIndex>;
  readonly problems: string[];
}

export interface ImportOptions {
  /**
   * A case names its index by a path relative to the data folder (`indexes/x.json`): the
   * reference to keep for it, or null when it is nowhere to be found.
   */
  readonly resolveIndexPath?: (indexPath: string, casePath: string) => string | null;
}

function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? parts[parts.length - 2]! : '';
}

function stem(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
}

/** packse and case categories: the folder a file sits in, or the start of its name. */
function categoryOf(path: string, name: string): string {
  const folder = folderOf(path);
  if (folder && !['scenarios', 'cases', 'packse'].includes(folder)) return folder;
  return name.split(/[-_]/)[0] || 'uncategorized';
}

/** Removes the folder every path shares (a release zip's `packse-0.3.x/scenarios/`). */
export function stripCommonFolder(files: readonly SuiteFile[]): SuiteFile[] {
  if (files.length === 0) return [];
  let common = files[0]!.path.split('/').slice(0, -1);
  for (const file of files) {
    const dirs = file.path.split('/').slice(0, -1);
    let i = 0;
    while (i < common.length && i < dirs.length && common[i] === dirs[i]) i++;
    common = common.slice(0, i);
  }
  // Keep the last shared folder when it is the only category there is.
  if (common.length > 0 && files.every((f) => f.path.split('/').length === common.length + 1)) common = common.slice(0, -1);
  const prefix = common.length ? `${common.join('/')}/` : '';
  return files.map((f) => ({ path: f.path.slice(prefix.length), text: f.text }));
}

function recordedFromCase(pip: { ok: boolean; install: Readonly<Record<string, string>> } | null): RecordedVerdict[] {
  return pip ? [{ tool: 'pip 23.2', engine: 'pip', satisfiable: pip.ok, packages: pip.install }] : [];
}

/** Reads each file; snapshots go to `indexes`, scenarios to `entries`. */
export function importSuiteFiles(input: readonly SuiteFile[], options: ImportOptions = {}): SuiteImport {
  const files = stripCommonFolder(input);
  const entries: SuiteEntry[] = [];
  const indexes = new Map<string, PackageIndex>();
  const problems: string[] = [];
  const seen = new Set<string>();
  const cases: { file: SuiteFile; data: unknown }[] = [];
  const baselines: unknown[] = [];
  const add = (entry: SuiteEntry) => {
    if (seen.has(entry.id)) {
      problems.push(`${entry.id}: the same path twice; the second was left out`);
      return;
    }
    seen.add(entry.id);
    entries.push(entry);
  };

  for (const file of files) {
    const lower = file.path.toLowerCase();
    if (lower.endsWith('pyproject.toml')) continue;
    if (lower.endsWith('.toml')) {
      if (file.text.length > MAX_SCENARIO_BYTES) {
        problems.push(`${file.path} (read as a packse scenario): over the limit of ${MAX_SCENARIO_BYTES} characters`);
        continue;
      }
      try {
        const { scenario } = loadPackseScenario(file.text, file.path);
        add({ id: file.path, name: scenario.name === file.path ? stem(file.path) : scenario.name, category: categoryOf(file.path, scenario.name), format: 'packse', text: file.text, indexRef: null, recorded: [] });
      } catch (error) {
        problems.push(`${file.path} (read as a packse scenario): ${(error as Error).message.replace(`${file.path}: `, '').replace(`${file.path}:`, 'line ')}`);
      }
      continue;
    }
    if (!lower.endsWith('.json')) continue;
    if (file.text.length > MAX_SNAPSHOT_BYTES) {
      problems.push(`${file.path}: over the limit of ${MAX_SNAPSHOT_BYTES} characters`);
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(file.text);
    } catch (error) {
      problems.push(`${file.path}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const format = (data as { format?: unknown } | null)?.format;
    try {
      if (format === SNAPSHOT_FORMAT) {
        indexes.set(file.path, loadSnapshot(data).index);
      } else if (isPackseData(data)) {
        const { scenario } = loadPackseData(data, file.path);
        add({ id: file.path, name: scenario.name === file.path ? stem(file.path) : scenario.name, category: categoryOf(file.path, scenario.name), format: 'packse', text: file.text, indexRef: null, recorded: [] });
      } else if (format === SCENARIO_FORMAT) {
        const scenario = checkScenario(data);
        add({ id: file.path, name: scenario.title, category: folderOf(file.path) || 'scenarios', format: 'scenario', text: file.text, indexRef: null, recorded: [] });
      } else if (format === SCENARIO_LIST_FORMAT) {
        const list = (data as { scenarios?: unknown }).scenarios;
        if (!Array.isArray(list)) throw new Error('scenarios: expected a list of scenarios');
        list.forEach((item, i) => {
          const scenario = checkScenario(item);
          add({ id: `${file.path}#${scenario.id || i}`, name: scenario.title, category: folderOf(file.path) || 'scenarios', format: 'scenario', text: JSON.stringify(item), indexRef: null, recorded: [] });
        });
      } else if (isCaseFile(data)) {
        cases.push({ file, data });
      } else if (isPipBaseline(data)) {
        baselines.push(data);
      } else {
        problems.push(`${file.path}: not a packse scenario, a case, a Pipette scenario or an index snapshot (format: ${format === undefined ? 'none' : JSON.stringify(format)})`);
      }
    } catch (error) {
      problems.push(`${file.path}: ${(error as Error).message}`);
    }
  }

  // Cases last, so that they can name snapshots that came in the same folder or zip.
  for (const { file, data } of cases) {
    try {
      const { caseFile } = loadCase(data);
      let indexRef: string | null = null;
      if (!caseFile.inlineIndex) {
        const path = caseFile.indexPath!;
        indexRef = [...indexes.keys()].find((p) => p === path || p.endsWith(`/${path}`) || stem(p) === stem(path)) ?? options.resolveIndexPath?.(path, file.path) ?? null;
        if (indexRef === null) {
          problems.push(`${file.path} (read as a case): index: ${path} is neither in the suite nor among the imported indexes; import that snapshot first`);
          continue;
        }
      }
      const name = caseFile.name === 'case' ? stem(file.path) : caseFile.name;
      add({ id: file.path, name, category: categoryOf(file.path, name), format: 'case', text: file.text, indexRef, recorded: recordedFromCase(caseFile.pip) });
    } catch (error) {
      problems.push(`${file.path} (read as a case): ${(error as Error).message}`);
    }
  }
  // pip's recorded runs that came with the files (pip-packse-baseline.json, pip-legacy-baseline.json) go onto the entries they name.
  let judged = entries;
  for (const baseline of baselines) judged = attachPipBaseline(judged, baseline).entries;
  return { entries: judged, indexes, problems };
}

/** pip's recorded runs, as ../shared/peers/pip-packse-baseline.json and pip-legacy-baseline.json hold them. */
export function isPipBaseline(data: unknown): boolean {
  const root = data as { pip_version?: unknown; scenarios?: unknown } | null;
  const legacy = root as { packse?: unknown } | null;
  return typeof root === 'object' && root !== null && typeof root.pip_version === 'string' && (Array.isArray(root.scenarios) || Array.isArray(legacy?.packse));
}

interface BaselineScenario {
  readonly path?: unknown;
  readonly name?: unknown;
  readonly verdict?: unknown;
  readonly pip_ok?: unknown;
  readonly pip_install?: unknown;
  readonly failure_kind?: unknown;
  readonly outcome?: unknown;
  readonly install?: unknown;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * pip's recorded runs onto the entries with the same path (and name, where given):
 * pip 23.2 on packse (../shared/peers/pip-packse-baseline.json, `scenarios`), for the `pip`
 * engine and pip's rules; pip 20.2's legacy resolver on packse and cases
 * (pip-legacy-baseline.json, `packse` and `cases`), for the `legacy` engine. Left out: runs pip
 * could not make (universal, needs a build), and those where pip 23.2 is wrong by PEP 685
 * (extra names), as the conformance run does.
 */
export function attachPipBaseline(entries: readonly SuiteEntry[], baseline: unknown): { entries: SuiteEntry[]; matched: number } {
  if (!isPipBaseline(baseline)) throw new Error('not a pip baseline: expected "pip_version" and a list of "scenarios" (pip 23.2) or "packse" and "cases" (pip 20.2)');
  const root = baseline as { pip_version: string; scenarios?: BaselineScenario[]; packse?: BaselineScenario[]; cases?: BaselineScenario[] };
  const tool = `pip ${root.pip_version}`;
  const legacy = !Array.isArray(root.scenarios);
  const byPath = new Map<string, BaselineScenario>();
  for (const s of [...(root.scenarios ?? []), ...(root.packse ?? []), ...(root.cases ?? [])]) if (typeof s.path === 'string') byPath.set(s.path, s);
  let matched = 0;
  const out = entries.map((entry) => {
    if (entry.format === 'scenario' || (!legacy && entry.format !== 'packse')) return entry;
    const found = [...suffixes(entry.id)].map((p) => byPath.get(p)).find(Boolean);
    if (!found || (typeof found.name === 'string' && found.name !== entry.name)) return entry;
    let verdict: RecordedVerdict;
    if (legacy) {
      if (typeof found.outcome !== 'string' || !['valid', 'broken', 'failed'].includes(found.outcome)) return entry;
      verdict = { tool, engine: 'legacy', satisfiable: found.outcome !== 'failed', packages: stringRecord(found.install) };
    } else {
      if (found.verdict === 'skip' || typeof found.pip_ok !== 'boolean' || String(found.failure_kind ?? '').startsWith('extras normalization')) return entry;
      verdict = { tool, engine: 'pip', satisfiable: found.pip_ok, packages: stringRecord(found.pip_install) };
    }
    matched++;
    return { ...entry, recorded: [...entry.recorded.filter((r) => r.engine !== verdict.engine), verdict] };
  });
  return { entries: out, matched };
}

function* suffixes(path: string): Iterable<string> {
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) yield parts.slice(i).join('/');
}
