/**
 * Conformance: every packse scenario and every case in ../shared/data, resolved by the core.
 *
 * - packse, policy `uv`: the verdict and packages must equal the scenario's `expected`
 *   (packse encodes uv's rules); universal (multi-platform lock) scenarios are not applicable.
 * - packse, policy `pip`: the verdict must equal pip 23.2's own (../shared/peers/
 *   pip-packse-baseline.json), except where pip is wrong by PEP 685 (extras normalisation)
 *   or could not run (needs a build), which are judged by `expected`.
 * - cases, policy `pip`: `expected` where given; every solution must pass the independent
 *   checker (src/core/check/validate.ts), and every failure must name the expected conflict.
 *
 * - engines: the `pip` engine against pip 23.2 and the `legacy` engine against pip 20.2.4
 *   (engines.ts, legacy.ts; `--pip` runs pip where its whole output is not cached yet).
 *
 * Prints passes per category and totals; exits 1 when anything applicable fails.
 * Skips, saying so, when ../shared/data is absent.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import {
  checkPlan,
  compareVersions,
  IndexProvider,
  normalizeName,
  parseVersion,
  resolve,
  type Policy,
  type ResolveResult,
} from '../../src/core/index.ts';
import { normalizedPackages, readProblem, requestFor, sharedDataDir, sharedPeersDir, type Problem } from '../../src/cli/files.ts';
import { conformPipEngine } from './engines.ts';
import { conformLegacyEngine } from './legacy.ts';

interface Verdict {
  readonly pass: boolean;
  readonly applicable: boolean;
  readonly detail: string;
}

interface BaselineEntry {
  readonly path: string;
  readonly verdict: string;
  readonly skip_kind?: string;
  readonly failure_kind?: string | null;
  readonly pip_ok?: boolean | null;
}

async function run(problem: Problem, policy: Policy): Promise<ResolveResult> {
  return resolve(new IndexProvider(problem.index), requestFor(problem, policy));
}

/** Checker problems plus differences from expected packages (PEP 440 equality, names normalised). */
function judgeSolution(problem: Problem, policy: Policy, result: ResolveResult & { ok: true }, expectedPackages: Readonly<Record<string, string>> | null): string[] {
  const plan: Record<string, { version: string; extras: readonly string[] }> = {};
  for (const p of result.packages) plan[p.key] = { version: p.version, extras: p.extras };
  const request = requestFor(problem, policy);
  const issues = checkPlan(problem.index, { ...request, target: problem.target, policy, prereleases: problem.prereleases }, plan);
  if (expectedPackages) {
    for (const [name, version] of Object.entries(normalizedPackages(expectedPackages))) {
      const got = plan[name];
      if (!got) issues.push(`expected ${name} ${version}, not selected`);
      else if (compareVersions(parseVersion(got.version), parseVersion(version)) !== 0) issues.push(`expected ${name} ${version}, got ${got.version}`);
    }
  }
  return issues;
}

function namesInFailure(result: ResolveResult & { ok: false }): Set<string> {
  const names = new Set<string>();
  const { nodes, packages } = result.derivation;
  for (const node of nodes) {
    for (const term of node.terms) names.add(packages[term.pkg]!.project);
    if (node.cause.kind === 'dependency') names.add(packages[node.cause.dependency]!.project);
  }
  return names;
}

async function judge(problem: Problem, policy: Policy, expectedSatisfiable: boolean | null, expectedPackages: Readonly<Record<string, string>> | null): Promise<Verdict> {
  const result = await run(problem, policy);
  const ms = result.stats.elapsedMs;
  if (result.ok) {
    const issues = judgeSolution(problem, policy, result, expectedPackages);
    if (expectedSatisfiable === false) return { pass: false, applicable: true, detail: `expected no solution, found ${result.packages.map((p) => `${p.key}==${p.version}`).join(' ')}` };
    if (issues.length > 0) return { pass: false, applicable: true, detail: issues.join('; ') };
    return { pass: true, applicable: true, detail: `solved (${ms} ms)` };
  }
  if (expectedSatisfiable === true) return { pass: false, applicable: true, detail: 'expected a solution, found none' };
  const names = namesInFailure(result);
  const missing = problem.expected.conflicted.map(normalizeName).filter((n) => !names.has(n));
  if (missing.length > 0) return { pass: false, applicable: true, detail: `the failure does not name ${missing.join(', ')}` };
  return { pass: true, applicable: true, detail: `no solution (${ms} ms)` };
}

class Tally {
  private readonly rows = new Map<string, { pass: number; fail: number; na: number }>();
  readonly failures: string[] = [];

  add(category: string, name: string, verdict: Verdict): void {
    const row = this.rows.get(category) ?? { pass: 0, fail: 0, na: 0 };
    if (!verdict.applicable) row.na++;
    else if (verdict.pass) row.pass++;
    else {
      row.fail++;
      this.failures.push(`${category}/${name}: ${verdict.detail}`);
    }
    this.rows.set(category, row);
  }

  print(title: string): { pass: number; applicable: number } {
    console.log(`\n${title}`);
    console.log(`  ${'category'.padEnd(24)} pass / applicable   not applicable`);
    let pass = 0;
    let applicable = 0;
    for (const [category, row] of [...this.rows].sort()) {
      pass += row.pass;
      applicable += row.pass + row.fail;
      console.log(`  ${category.padEnd(24)} ${String(row.pass).padStart(4)} / ${String(row.pass + row.fail).padEnd(10)} ${row.na ? String(row.na).padStart(6) : ''}`);
    }
    console.log(`  ${'total'.padEnd(24)} ${String(pass).padStart(4)} / ${applicable}`);
    for (const failure of this.failures) console.log(`  FAIL ${failure}`);
    return { pass, applicable };
  }
}

function packseFiles(dir: string): string[] {
  const files: string[] = [];
  for (const category of readdirSync(dir, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(join(dir, category.name))) {
      if (file.endsWith('.toml')) files.push(join(dir, category.name, file));
    }
  }
  return files.sort();
}

function caseFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) files.push(join(dir, entry.name));
    if (entry.isDirectory()) {
      for (const file of readdirSync(join(dir, entry.name))) if (file.endsWith('.json')) files.push(join(dir, entry.name, file));
    }
  }
  return files.sort();
}

async function main(): Promise<number> {
  const data = sharedDataDir();
  if (!data) {
    console.log('conformance: skipped — ../shared/data is not here (set PIPETTE_SHARED_DATA to run it).');
    return 0;
  }
  const peers = sharedPeersDir();
  const baselinePath = peers ? join(peers, 'pip-packse-baseline.json') : null;
  const baseline = new Map<string, BaselineEntry>();
  if (baselinePath && existsSync(baselinePath)) {
    const parsed = JSON.parse(readFileSync(baselinePath, 'utf8')) as { scenarios: BaselineEntry[] };
    for (const entry of parsed.scenarios) baseline.set(entry.path, entry);
  } else {
    console.log('conformance: pip-packse-baseline.json not found; the pip policy is judged by `expected` only.');
  }

  const started = Date.now();
  const uv = new Tally();
  const pip = new Tally();
  const packseDir = join(data, 'packse');
  for (const file of packseFiles(packseDir)) {
    const path = relative(packseDir, file);
    const category = path.split('/')[0]!;
    const problem = readProblem(file);
    const name = basename(file, '.toml');
    if (problem.universal) {
      const na: Verdict = { pass: false, applicable: false, detail: 'universal' };
      uv.add(category, name, na);
      pip.add(category, name, na);
      continue;
    }
    uv.add(category, name, await judge(problem, 'uv', problem.expected.satisfiable, problem.expected.packages));

    const entry = baseline.get(path);
    const byExpected = !entry || entry.verdict === 'skip' || (entry.failure_kind ?? '').startsWith('extras normalization');
    if (byExpected) {
      pip.add(category, name, await judge(problem, 'pip', problem.expected.satisfiable, problem.expected.packages));
    } else {
      // pip's verdict is the reference; its packages are a second opinion, so only validity is required.
      pip.add(category, name, await judge(problem, 'pip', entry.pip_ok ?? null, null));
    }
  }

  const cases = new Tally();
  const casesDir = join(data, 'cases');
  for (const file of caseFiles(casesDir)) {
    const problem = readProblem(file);
    const category = relative(casesDir, file).includes('/') ? 'pip-yaml' : problem.name.split('-')[0]!;
    cases.add(category, problem.name, await judge(problem, 'pip', problem.expected.satisfiable, problem.expected.packages));
  }

  const a = uv.print('packse scenarios, policy uv (against `expected`)');
  const b = pip.print("packse scenarios, policy pip (against pip 23.2's verdict)");
  const c = cases.print('real cases, policy pip (against `expected`; every solution checked)');
  // The installer engines against the installers (--pip: run pip 23.2 where its whole output is not cached).
  const d = await conformPipEngine(data, peers, { runPip: process.argv.includes('--pip'), pipTimeout: 60 });
  const e = (await conformLegacyEngine(data, peers)) ?? { pass: 0, applicable: 0 };
  const pass = a.pass + b.pass + c.pass + d.pass + e.pass;
  const applicable = a.applicable + b.applicable + c.applicable + d.applicable + e.applicable;
  console.log(`\nconformance: ${pass} / ${applicable} pass in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return pass === applicable ? 0 : 1;
}

process.exitCode = await main();
