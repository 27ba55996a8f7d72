/**
 * `pipette suite run PATH...`: every scenario of a suite (packse folders or release zips,
 * case files, Pipette scenario files) in every combination of engine × policy × target, on
 * worker threads; results stream out as they come (JSON on stdout, CSV to a file), JUnit XML
 * is written at the end. Exit status: 0 every expectation met, 1 any failed (or a combination
 * could not run), 2 bad input.
 */
import { closeSync, createWriteStream, existsSync, openSync, readdirSync, statSync, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import {
  attachPipBaseline,
  combinationId,
  combinationLabel,
  crossCombinations,
  CSV_HEADER,
  csvRow,
  filesFromZip,
  importSuiteFiles,
  isFailing,
  MAX_ZIP_TOTAL_BYTES,
  summarize,
  toJUnit,
  SUITE_RUN_FORMAT,
  type Cell,
  type Combination,
  type ScenarioRef,
  type SuiteEntry,
  type SuiteFile,
} from '../core/index.ts';
import { InputError, sharedPeersDir } from './files.ts';
import { readBounded, writeOutput } from './read-bounded.ts';
import { writeRaw } from './terminal-guard.ts';
import { SuitePool } from './suite-pool.ts';

export const SUITE_USAGE = `  pipette suite run PATH... [--engine E] [--policy P] [--python X.Y] [--platform NAME]
                    [--junit FILE] [--json] [--csv FILE] [--jobs N] [--pip-baseline FILE]...
                                       run a suite (packse folders or zips, cases, scenario files)
                                       in every combination; exit 1 when an expectation fails`;

const OPTIONS = {
  engine: { type: 'string', multiple: true },
  policy: { type: 'string', multiple: true },
  python: { type: 'string', multiple: true },
  platform: { type: 'string', multiple: true },
  junit: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  jobs: { type: 'string' },
  'pip-baseline': { type: 'string', multiple: true },
  'no-pip-baseline': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

const MAX_FILE_BYTES = 32 * 1024 * 1024;

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/**
 * The scenario files under `dir`. A link to a folder is not followed: two links to a folder's
 * own parent made readdir's recursive walk go round for ever.
 */
function walk(dir: string): string[] {
  const files: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(toml|json)$/i.test(entry.name)) files.push(full);
    }
  };
  visit(dir);
  return files.sort();
}

/** A file that is there and can be read to its end (not a FIFO, a device or a folder). */
function isRegularFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

interface Loaded {
  readonly entries: SuiteEntry[];
  /** Snapshots that came inside a zip, by the reference cases hold. */
  readonly zipIndexes: Map<string, string>;
  readonly problems: string[];
}

/** One PATH: its files read, checked and turned into entries; ids prefixed when there are several. */
function loadPath(path: string, prefix: string): Loaded {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or folder`);
  let files: SuiteFile[];
  const problems: string[] = [];
  const zipIndexes = new Map<string, string>();
  let root: string;
  if (statSync(path).isDirectory()) {
    root = path;
    files = walk(path).flatMap((file) => {
      const stats = statSync(file, { throwIfNoEntry: false });
      // A FIFO or device found in a folder would be waited on or read forever; a folder named x.json is no file.
      if (!stats?.isFile()) {
        if (!stats?.isDirectory()) problems.push(`${file}: not a regular file (a FIFO, socket or device), which is not read`);
        return [];
      }
      const size = stats.size;
      if (size > MAX_FILE_BYTES) {
        problems.push(`${file}: ${size} bytes, over the limit of ${MAX_FILE_BYTES}`);
        return [];
      }
      return [{ path: relative(path, file).split('\\').join('/'), text: readBounded(file, MAX_FILE_BYTES).toString('utf8') }];
    });
  } else if (path.toLowerCase().endsWith('.zip')) {
    root = dirname(path);
    const unzipped = filesFromZip(path, readBounded(path, MAX_ZIP_TOTAL_BYTES));
    files = unzipped.files;
    problems.push(...unzipped.problems);
  } else {
    root = dirname(path);
    files = [{ path: basename(path), text: readBounded(path, MAX_FILE_BYTES).toString('utf8') }];
  }
  const imported = importSuiteFiles(files, {
    // A case's index path is relative to the data folder: the case's folder's parent, or its own.
    resolveIndexPath(indexPath, casePath) {
      const caseDir = dirname(join(root, casePath));
      const candidates = [resolvePath(caseDir, '..', indexPath), resolvePath(caseDir, indexPath), resolvePath(caseDir, '../..', indexPath), resolvePath(root, indexPath)];
      return candidates.find(isRegularFile) ?? null;
    },
  });
  if (path.toLowerCase().endsWith('.zip')) {
    for (const file of files) if (imported.indexes.has(file.path) || [...imported.indexes.keys()].some((k) => file.path.endsWith(k))) zipIndexes.set(file.path, file.text);
  }
  const entries = imported.entries.map((e) => ({ ...e, id: prefix + e.id }));
  return { entries, zipIndexes, problems: [...problems, ...imported.problems.map((p) => `${path}: ${p}`)] };
}

class Output {
  private json: { first: boolean } | null;
  private csv: WriteStream | null;

  constructor(json: boolean, csvPath: string | undefined) {
    this.json = json ? { first: true } : null;
    // Opened now, so that a path that can't be written stops the run before it starts, with its error.
    this.csv = csvPath ? createWriteStream('', { fd: openSync(csvPath, 'w') }) : null;
    this.csv?.write(`${CSV_HEADER.join(',')}\r\n`);
  }

  start(head: Record<string, unknown>): void {
    if (this.json) process.stdout.write(`${JSON.stringify(head).slice(0, -1)},"cells":[\n`);
  }

  cell(cell: Cell, scenario: ScenarioRef | undefined, combination: Combination | undefined): void {
    if (this.json) {
      process.stdout.write(`${this.json.first ? '' : ',\n'}${JSON.stringify(cell)}`);
      this.json.first = false;
    }
    this.csv?.write(`${csvRow(cell, scenario, combination)}\r\n`);
  }

  async end(tail: Record<string, unknown>): Promise<void> {
    if (this.json) process.stdout.write(`\n],${JSON.stringify(tail).slice(1)}\n`);
    if (this.csv) await new Promise<void>((resolve, reject) => this.csv!.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

export async function commandSuite(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new InputError(`pipette suite: expected "run", found ${JSON.stringify(sub ?? '')}\n\nusage:\n${SUITE_USAGE}`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
  if (positionals.length === 0) throw new InputError('pipette suite run: give at least one PATH (a packse folder or zip, cases, scenario files)');
  let combinations: Combination[];
  try {
    combinations = crossCombinations({ engines: list(values.engine), policies: list(values.policy), pythons: list(values.python), platforms: list(values.platform) });
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new InputError(`--jobs ${values.jobs}: expected a whole number from 1 to 256`);

  const loaded = positionals.map((path) => loadPath(path, positionals.length > 1 ? `${basename(path).replace(/\.zip$/i, '')}/` : ''));
  const problems = loaded.flatMap((l) => l.problems);
  if (problems.length > 0) throw new InputError(`the suite has files that can't be used:\n  ${problems.join('\n  ')}`);
  let entries = loaded.flatMap((l) => l.entries);
  const zipIndexes = new Map(loaded.flatMap((l) => [...l.zipIndexes]));
  if (entries.length === 0) throw new InputError(`no scenarios in ${positionals.join(', ')} (packse .toml, case or Pipette scenario .json)`);

  // pip's recorded runs: given, or the shared peers' (pip 23.2 and pip 20.2) when they are beside the repository.
  const peers = sharedPeersDir();
  const given = values['pip-baseline'] ?? [];
  const baselines = values['no-pip-baseline'] ? [] : given.length > 0 ? given : peers ? ['pip-packse-baseline.json', 'pip-legacy-baseline.json'].map((f) => join(peers, f)).filter((p) => existsSync(p)) : [];
  for (const baselinePath of baselines) {
    try {
      const attached = attachPipBaseline(entries, JSON.parse(readBounded(baselinePath, MAX_FILE_BYTES).toString('utf8')));
      entries = attached.entries;
      if (!values.quiet && !values.json) process.stderr.write(`pip's recorded runs: ${attached.matched} scenarios (${baselinePath})\n`);
    } catch (error) {
      throw new InputError(`${baselinePath}: ${(error as Error).message}`);
    }
  }

  const scenarios: ScenarioRef[] = entries.map((e) => ({ id: e.id, name: e.name, category: e.category }));
  const byScenario = new Map(scenarios.map((s) => [s.id, s]));
  const byCombination = new Map(combinations.map((c) => [combinationId(c), c]));
  const suiteTitle = positionals.map((p) => basename(p)).join(' + ');
  // A reader that stops early (`| head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // The JUnit file is written at the end: a path that can't be written is found now, not after the run.
  if (values.junit) closeSync(openSync(values.junit, 'a'));
  const output = new Output(Boolean(values.json), values.csv);
  const startedAt = new Date().toISOString();
  output.start({ format: SUITE_RUN_FORMAT, suiteTitle, startedAt, workers: jobs, combinations, scenarios });

  // Only compact cells are kept (no indexes, no derivations): JUnit needs them all at the end.
  const cells: Cell[] = [];
  const booting = performance.now();
  const pool = new SuitePool(Math.min(jobs, entries.length));
  await pool.ready;
  const started = performance.now();
  const startupMs = started - booting;
  let done = 0;
  const progress = !values.quiet && process.stderr.isTTY;
  try {
    await Promise.all(
      entries.map(async (entry, seq) => {
        const indexText = entry.indexRef ? zipIndexes.get(entry.indexRef) : undefined;
        const result = await pool.run({ seq, entry, combinations, ...(indexText !== undefined ? { indexText } : {}) });
        for (const cell of result) {
          cells.push(cell);
          output.cell(cell, byScenario.get(cell.scenario), byCombination.get(cell.combination));
        }
        done++;
        if (progress) writeRaw(process.stderr, `\r${done}/${entries.length} scenarios`);
      }),
    );
  } finally {
    await pool.close();
  }
  const wallMs = performance.now() - started;
  if (progress) writeRaw(process.stderr, '\r');

  const summary = Object.fromEntries(combinations.map((c) => [combinationId(c), summarize(cells.filter((cell) => cell.combination === combinationId(c)))]));
  // wallMs counts from the moment every worker is ready: start-up (loading the core in each thread) is apart.
  await output.end({ finishedAt: new Date().toISOString(), wallMs, startupMs, scenariosPerSecond: entries.length / (wallMs / 1000), summary });
  if (values.junit) writeOutput(values.junit, toJUnit({ suiteTitle, combinations, scenarios, cells, timestamp: startedAt }));

  const failing = cells.filter((c) => isFailing(c.status));
  if (!values.json && !values.quiet) printSummary(combinations, cells, failing, entries.length, wallMs, startupMs, jobs);
  return failing.length > 0 ? 1 : 0;
}

function printSummary(combinations: readonly Combination[], cells: readonly Cell[], failing: readonly Cell[], scenarios: number, wallMs: number, startupMs: number, jobs: number): void {
  console.log(`${scenarios} scenarios × ${combinations.length} combination${combinations.length === 1 ? '' : 's'} in ${(wallMs / 1000).toFixed(1)} s on ${jobs} worker${jobs === 1 ? '' : 's'} (${(scenarios / (wallMs / 1000)).toFixed(1)} scenarios/s; ${(startupMs / 1000).toFixed(1)} s to start them)\n`);
  console.log(`  ${'combination'.padEnd(44)} ${['pass', 'fail', 'differs', 'error', 'skipped', 'unjudged'].map((s) => s.padStart(9)).join('')}`);
  for (const c of combinations) {
    const s = summarize(cells.filter((cell) => cell.combination === combinationId(c)));
    console.log(`  ${combinationLabel(c).padEnd(44)} ${[s.pass, s.fail, s.differs, s.error, s.skipped, s.unjudged].map((n) => String(n).padStart(9)).join('')}`);
  }
  // The same error in every cell of a column (an engine not in this build) is said once.
  const lines: string[] = [];
  const grouped = new Map<string, Cell[]>();
  for (const c of failing) {
    const key = `${c.status}\u0000${c.combination}\u0000${c.message}`;
    grouped.set(key, [...(grouped.get(key) ?? []), c]);
  }
  for (const group of grouped.values()) {
    const c = group[0]!;
    if (c.status === 'error' && group.length > 1) lines.push(`  ERROR [${c.combination}] on ${group.length} scenarios: ${c.message}`);
    else for (const g of group) lines.push(`  ${g.status.toUpperCase()} ${g.scenario} [${g.combination}]: ${g.message}`);
  }
  const shown = lines.slice(0, 50);
  if (shown.length) console.log('');
  for (const line of shown) console.log(line);
  if (lines.length > shown.length) console.log(`  ... and ${lines.length - shown.length} more (--junit, --csv or --json list them all)`);
}
