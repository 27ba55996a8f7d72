/**
 * A suite of failing scenarios from disk, for `pipette wording render` and the benchmark:
 * packse scenarios (.toml), cases and Pipette scenario files (.json), from files or folders.
 * Each is resolved under pip's rules; those with no solution are explained once, to be
 * rendered in any number of wording variants. pip's recorded output rides along where the
 * shared data carries it (a case's `pip` field; pip-packse-baseline.json for packse).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve as resolvePath } from 'node:path';
import { IndexProvider, prepareFindings, resolve, type WordingSuiteEntry as SuiteEntry } from '../core/index.ts';
import { InputError, readProblem, requestFor, sharedDataDir, sharedPeersDir, type Problem } from './files.ts';

export interface SuiteLoad {
  readonly entries: SuiteEntry[];
  /** Scenarios read, failing or not. */
  readonly read: number;
  /** Files that could not be read, with the reason. */
  readonly skipped: readonly string[];
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or folder`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return listFiles(full);
      if (!['.toml', '.json'].includes(extname(entry.name)) || entry.name.startsWith('.')) return [];
      // Only regular files (or links to them): a FIFO or a device in a folder would be waited on or read forever.
      return entry.isFile() || statSync(full, { throwIfNoEntry: false })?.isFile() ? [full] : [];
    });
}

interface BaselineScenario {
  readonly path: string;
  readonly pip_ok?: boolean;
  readonly error_lines?: string[];
}

/** pip 23.2's recorded output for each shared packse scenario, by absolute path. */
function packseBaseline(): Map<string, string> {
  const out = new Map<string, string>();
  const peers = sharedPeersDir();
  const data = sharedDataDir();
  const file = peers ? join(peers, 'pip-packse-baseline.json') : null;
  if (!file || !data || !existsSync(file)) return out;
  const baseline = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: BaselineScenario[] };
  for (const s of baseline.scenarios) if (s.pip_ok === false && s.error_lines) out.set(resolvePath(data, 'packse', s.path), s.error_lines.join('\n'));
  return out;
}

function pipOutput(problem: Problem, baseline: Map<string, string>): string | null {
  if (problem.caseFile?.pip && !problem.caseFile.pip.ok) return problem.caseFile.pip.outputTail.join('\n');
  return baseline.get(resolvePath(problem.path)) ?? null;
}

/** Reads, resolves and explains every scenario under `paths`; `budgetMs` bounds each search for fixes. */
export async function loadSuite(paths: readonly string[], options: { budgetMs?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<SuiteLoad> {
  const files = paths.flatMap((p) => listFiles(p).map((file) => ({ root: statSync(p).isDirectory() ? p : resolvePath(p, '..'), file })));
  const baseline = packseBaseline();
  const entries: SuiteEntry[] = [];
  const skipped: string[] = [];
  let read = 0;
  for (const [i, { root, file }] of files.entries()) {
    options.onProgress?.(i, files.length);
    let problem: Problem;
    try {
      problem = readProblem(file);
    } catch (error) {
      skipped.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    read++;
    const provider = new IndexProvider(problem.index, problem.warnings);
    const request = requestFor(problem, 'pip');
    const result = await resolve(provider, request);
    if (result.ok) continue;
    const findings = await prepareFindings(provider, request, result, options.budgetMs ?? 1000);
    const id = relative(root, file).replace(/\\/g, '/').replace(/\.(toml|json)$/, '');
    entries.push({ id, title: problem.name, source: relative(process.cwd(), file), findings, pip: pipOutput(problem, baseline) });
  }
  return { entries, read, skipped };
}
