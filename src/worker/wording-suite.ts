/**
 * Suites for the wording lab, read in the worker: the bundled scenarios or the person's own
 * (from the cache), or files they picked — a packse folder, a zip of one, cases with their
 * indexes, Pipette scenario files. Each scenario is resolved under its own rules; those with
 * no solution are explained once and kept here, to be rendered in any number of variants.
 * pip's recorded output comes along where the files carry it: a case's `pip` field, or a
 * `pip-packse-baseline.json` (as in ../shared/peers) among the files.
 */
import { unzipSync } from 'fflate';
import {
  IndexProvider,
  isCaseFile,
  isPackseData,
  loadCase,
  loadPackseData,
  loadPackseScenario,
  loadSnapshot,
  makeTarget,
  messageKind,
  parsePlatformSpec,
  parseRequirement,
  prepareFindings,
  resolve,
  SCENARIO_FORMAT,
  checkScenario,
  scenarioRequest,
  type DependencyProvider,
  type MessageKind,
  type PackageIndex,
  type ResolveRequest,
  type WordingSuiteEntry as SuiteEntry,
} from '../core/index.ts';
import { getIndex, listScenarios } from '../cache/db.ts';
import { requestFor } from './resolve-job.ts';

export type SuiteSource =
  | { readonly kind: 'library'; readonly origin: 'bundled' | 'user' }
  | { readonly kind: 'files'; readonly name: string; readonly files: readonly { readonly path: string; readonly text: string }[] }
  | { readonly kind: 'zip'; readonly name: string; readonly bytes: Uint8Array };

export interface SuiteInfo {
  readonly id: string;
  readonly name: string;
  /** Scenarios read (failing or not). */
  readonly read: number;
  readonly entries: readonly { readonly id: string; readonly title: string; readonly kind: MessageKind; readonly hasPip: boolean }[];
  /** Files or scenarios left out, each with its reason. */
  readonly skipped: readonly string[];
}

export interface SuiteProgress {
  readonly done: number;
  readonly total: number;
}

const MAX_ZIP_BYTES = 64 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
const MAX_FILE_BYTES = 32 * 1024 * 1024;

const suites = new Map<string, { info: SuiteInfo; entries: SuiteEntry[] }>();

export function suiteEntries(id: string): SuiteEntry[] {
  const suite = suites.get(id);
  if (!suite) throw new Error(`The suite “${id}” is not loaded any more (the worker restarted); pick it again.`);
  return suite.entries;
}

interface Problem {
  readonly id: string;
  readonly title: string;
  readonly provider: DependencyProvider;
  readonly request: ResolveRequest;
  readonly pip: string | null;
}

function unzip(bytes: Uint8Array): { path: string; text: string }[] {
  if (bytes.length > MAX_ZIP_BYTES) throw new Error(`the zip is ${bytes.length} bytes, over the limit of ${MAX_ZIP_BYTES}`);
  let total = 0;
  const files = unzipSync(bytes, {
    filter: (file) => {
      if (!/\.(toml|json)$/i.test(file.name) || /(^|\/)(\.|__MACOSX)/.test(file.name)) return false;
      if (file.originalSize > MAX_FILE_BYTES) throw new Error(`${file.name} is ${file.originalSize} bytes unpacked, over the limit of ${MAX_FILE_BYTES}`);
      total += file.originalSize;
      if (total > MAX_UNZIPPED_BYTES) throw new Error(`the zip unpacks to more than ${MAX_UNZIPPED_BYTES} bytes`);
      return true;
    },
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return Object.entries(files).map(([path, data]) => ({ path, text: decoder.decode(data) }));
}

/** pip's recorded output per packse path (`yanked/package-only-yanked.toml`), from a baseline file among the files. */
function baselineOf(files: readonly { path: string; text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    if (!file.path.endsWith('pip-packse-baseline.json')) continue;
    try {
      const data = JSON.parse(file.text) as { scenarios?: { path?: unknown; pip_ok?: unknown; error_lines?: unknown }[] };
      for (const s of data.scenarios ?? []) {
        if (typeof s.path === 'string' && s.pip_ok === false && Array.isArray(s.error_lines)) out.set(s.path, s.error_lines.filter((l): l is string => typeof l === 'string').join('\n'));
      }
    } catch {
      // Not a baseline after all: it is reported below as a file that is no scenario.
    }
  }
  return out;
}

function pipFor(path: string, baseline: Map<string, string>): string | null {
  for (const [suffix, text] of baseline) if (path === suffix || path.endsWith(`/${suffix}`)) return text;
  return null;
}

function packseProblem(path: string, data: { text: string } | { json: unknown }, baseline: Map<string, string>): Problem {
  const { scenario } = 'text' in data ? loadPackseScenario(data.text, path) : loadPackseData(data.json, path);
  const platform = scenario.options.pythonPlatform ? parsePlatformSpec(scenario.options.pythonPlatform) : {};
  return {
    id: path.replace(/\.(toml|json)$/i, ''),
    title: scenario.name,
    provider: new IndexProvider(scenario.index),
    request: {
      requirements: scenario.requirements.map((r) => parseRequirement(r)),
      target: makeTarget({ ...platform, python: scenario.targetPython }),
      policy: 'pip',
      prereleases: scenario.options.prereleases,
      noBinary: scenario.options.noBinary,
      noBuild: scenario.options.noBuild,
    },
    pip: pipFor(path, baseline),
  };
}

function jsonProblem(path: string, json: unknown, byPath: Map<string, string>, baseline: Map<string, string>): Problem | null {
  if (isPackseData(json)) return packseProblem(path, { json }, baseline);
  const format = (json as { format?: unknown } | null)?.format;
  if (format === SCENARIO_FORMAT) {
    const scenario = checkScenario(json);
    const request = scenarioRequest(scenario);
    return { id: path.replace(/\.json$/i, ''), title: scenario.title, provider: new IndexProvider(loadSnapshot(scenario.index).index), request: { ...request, noBinary: [], noBuild: [] }, pip: null };
  }
  if (!isCaseFile(json)) return null;
  const { caseFile } = loadCase(json);
  let index: PackageIndex | null = caseFile.inlineIndex;
  if (!index) {
    // A case names its index relative to the data folder: find that path's end among the files.
    const wanted = caseFile.indexPath!.replace(/^\.\//, '');
    const found = [...byPath].find(([p]) => p === wanted || p.endsWith(`/${wanted}`));
    if (!found) throw new Error(`its index ${caseFile.indexPath} is not among the files`);
    index = loadSnapshot(JSON.parse(found[1])).index;
  }
  const markers = caseFile.environment ?? index.environment ?? {};
  return {
    id: path.replace(/\.json$/i, ''),
    title: caseFile.name,
    provider: new IndexProvider(index),
    request: {
      requirements: caseFile.requested.map((r) => parseRequirement(r)),
      target: makeTarget({}),
      markers,
      policy: 'pip',
      prereleases: caseFile.prereleases,
      noBinary: [],
      noBuild: [],
    },
    pip: caseFile.pip && !caseFile.pip.ok ? caseFile.pip.outputTail.join('\n') : null,
  };
}

function problemsFromFiles(files: readonly { path: string; text: string }[], skipped: string[]): Problem[] {
  const baseline = baselineOf(files);
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const problems: Problem[] = [];
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (file.path.endsWith('pip-packse-baseline.json')) continue;
    try {
      if (/\.toml$/i.test(file.path)) {
        problems.push(packseProblem(file.path, { text: file.text }, baseline));
        continue;
      }
      const json: unknown = JSON.parse(file.text);
      // Index snapshots sit beside the cases that name them; they are no scenario of their own.
      if ((json as { format?: unknown } | null)?.format === 'index-snapshot/1') continue;
      const problem = jsonProblem(file.path, json, byPath, baseline);
      if (problem) problems.push(problem);
      else skipped.push(`${file.path}: not a packse scenario, a case or a Pipette scenario`);
    } catch (error) {
      skipped.push(`${file.path}: ${(error as Error).message}`);
    }
  }
  return problems;
}

async function problemsFromLibrary(origin: 'bundled' | 'user', skipped: string[]): Promise<Problem[]> {
  const records = (await listScenarios()).filter((r) => r.origin === origin).sort((a, b) => a.title.localeCompare(b.title));
  const problems: Problem[] = [];
  for (const record of records) {
    const stored = await getIndex(record.indexId);
    if (!stored) {
      skipped.push(`${record.title}: its index is not stored (a live index, or not saved)`);
      continue;
    }
    try {
      const built = requestFor({
        index: { kind: 'snapshot', id: record.indexId },
        requirements: record.requirements,
        format: record.format,
        target: makeTarget(record.target),
        policy: record.options.policy ?? 'pip',
        prereleases: record.options.prereleases ?? false,
      });
      if ('problems' in built) throw new Error(built.problems.map((p) => p.message).join('; '));
      problems.push({ id: record.id, title: record.title, provider: new IndexProvider(loadSnapshot(stored.snapshot).index), request: built.request, pip: null });
    } catch (error) {
      skipped.push(`${record.title}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** Reads a suite, resolves each scenario and explains the failures; `budgetMs` bounds each search for fixes. */
export async function loadSuite(source: SuiteSource, budgetMs: number, onProgress?: (progress: SuiteProgress) => void): Promise<SuiteInfo> {
  const skipped: string[] = [];
  let problems: Problem[];
  let name: string;
  if (source.kind === 'library') {
    problems = await problemsFromLibrary(source.origin, skipped);
    name = source.origin === 'bundled' ? 'Bundled scenarios' : 'Your scenarios';
  } else {
    const files = source.kind === 'zip' ? unzip(source.bytes) : source.files;
    problems = problemsFromFiles(files, skipped);
    name = source.name;
  }
  const entries: SuiteEntry[] = [];
  for (const [i, problem] of problems.entries()) {
    onProgress?.({ done: i, total: problems.length });
    try {
      const result = await resolve(problem.provider, problem.request);
      if (result.ok) continue;
      const findings = await prepareFindings(problem.provider, problem.request, result, budgetMs);
      entries.push({ id: problem.id, title: problem.title, source: name, findings, pip: problem.pip });
    } catch (error) {
      skipped.push(`${problem.title}: ${(error as Error).message}`);
    }
  }
  onProgress?.({ done: problems.length, total: problems.length });
  const id = source.kind === 'library' ? `library:${source.origin}` : `files:${name}:${problems.length}:${entries.length}`;
  const info: SuiteInfo = {
    id,
    name,
    read: problems.length,
    entries: entries.map((e) => ({ id: e.id, title: e.title, kind: messageKind(e.findings), hasPip: e.pip !== null })),
    skipped,
  };
  suites.set(id, { info, entries });
  return info;
}
