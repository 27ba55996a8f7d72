/**
 * One scenario in one combination: resolve with the combination's engine, policy and target,
 * then judge the result against the expectation that applies. Engines come from the registry
 * only; one that is not registered gives an error cell that says so, never a made-up result.
 */
import { availableEngines, engine as engineNamed, type Engine } from '../engines/index.ts';
import { explainFailure } from '../explain/index.ts';
import { IndexProvider } from '../index/provider.ts';
import { checkPlan } from '../check/validate.ts';
import { compareVersions, tryParseVersion } from '../pep440/index.ts';
import { normalizeName } from '../pep508/index.ts';
import { makeTarget, parsePlatformSpec, type TargetEnvironment } from '../environment/index.ts';
import type { ResolveRequest, ResolveResult } from '../solver/index.ts';
import { combinationId, type Cell, type CellStatus, type Combination, type SuiteEntry } from './model.ts';
import type { LoadedScenario } from './load.ts';

/** The expectation that judges a cell (see expectationFor). */
export interface Expectation {
  readonly from: string;
  readonly satisfiable: boolean | null;
  /** Judged exactly (packse, cases, pip 20.2's install set); pip 23.2's install set is only a second opinion. */
  readonly packages: Readonly<Record<string, string>> | null;
  readonly conflicted: readonly string[];
}

/**
 * The legacy engine is judged by pip 20.2's own run, install set included (a port reproduces
 * it); packse under pip's rules or the pip engine by pip 23.2's verdict, since packse's
 * expectations encode uv's rules; otherwise the scenario's own expectation.
 */
export function expectationFor(loaded: LoadedScenario, combination: Combination): Expectation | null {
  const { declared, entry } = loaded;
  const recorded = (engine: string) => entry.recorded.find((r) => r.engine === engine);
  const legacy = recorded('legacy');
  if (combination.engine === 'legacy' && legacy) return { from: legacy.tool, satisfiable: legacy.satisfiable, packages: legacy.satisfiable ? legacy.packages : null, conflicted: [] };
  const pip = recorded('pip');
  const pipRules = combination.policy === 'pip' || combination.engine === 'pip';
  if (entry.format === 'packse' && pip && pipRules) return { from: pip.tool, satisfiable: pip.satisfiable, packages: null, conflicted: [] };
  if (declared && (declared.satisfiable !== null || declared.packages)) {
    return { from: declared.source, satisfiable: declared.satisfiable ?? true, packages: declared.packages, conflicted: declared.conflicted };
  }
  if (pip) return { from: pip.tool, satisfiable: pip.satisfiable, packages: null, conflicted: [] };
  return null;
}

/** The target of a combination for this scenario; null fields keep the scenario's own. */
export function targetFor(own: TargetEnvironment, combination: Combination): TargetEnvironment {
  if (!combination.python && !combination.platform) return own;
  const platform = combination.platform ? parsePlatformSpec(combination.platform) : {};
  return makeTarget({ ...own, ...platform, python: combination.python ?? own.python });
}

function sameTarget(a: TargetEnvironment, b: TargetEnvironment): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function requestFor(loaded: LoadedScenario, combination: Combination): ResolveRequest {
  const target = targetFor(loaded.target, combination);
  return {
    requirements: loaded.requirements,
    target,
    // Markers captured with a case describe its own interpreter: not the one a combination asks for.
    markers: target === loaded.target ? loaded.markers : {},
    policy: combination.policy,
    prereleases: loaded.prereleases,
    noBinary: loaded.noBinary,
    noBuild: loaded.noBuild,
  };
}

function findEngine(combination: Combination): Engine | string {
  try {
    return engineNamed(combination.engine);
  } catch {
    return `the ${combination.engine} engine is not available in this build (available: ${availableEngines().map((e) => e.name).join(', ')})`;
  }
}

function installSet(result: ResolveResult & { ok: true }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of result.packages) if (!p.key.includes('[')) out[normalizeName(p.name)] = p.version;
  return out;
}

function sameVersion(a: string, b: string): boolean {
  const pa = tryParseVersion(a);
  const pb = tryParseVersion(b);
  return pa && pb ? compareVersions(pa, pb) === 0 : a === b;
}

/** Differences between an install set and the packages an expectation names. */
export function packageDifferences(expected: Readonly<Record<string, string>>, got: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, version] of Object.entries(expected)) {
    const key = normalizeName(name);
    const found = got[key];
    if (found === undefined) out.push(`${key} ${version} expected, not installed`);
    else if (!sameVersion(found, version)) out.push(`${key} ${version} expected, got ${found}`);
  }
  return out;
}

function failureNames(result: ResolveResult & { ok: false }): Set<string> {
  const names = new Set<string>();
  const { nodes, packages } = result.derivation;
  for (const node of nodes) {
    for (const term of node.terms) names.add(packages[term.pkg]!.project);
    if (node.cause.kind === 'dependency') names.add(packages[node.cause.dependency]!.project);
  }
  return names;
}

async function headlineOf(provider: IndexProvider, request: ResolveRequest, result: ResolveResult & { ok: false }): Promise<string> {
  try {
    return (await explainFailure(provider, request, result, { search: false })).headline;
  } catch (error) {
    return `(no explanation: ${(error as Error).message})`;
  }
}

function cell(entry: SuiteEntry, combination: Combination, fields: Omit<Cell, 'scenario' | 'combination'>): Cell {
  return { scenario: entry.id, combination: combinationId(combination), ...fields };
}

/** Runs `loaded` (or reports why it could not be read) in every combination, in order. */
export async function runScenario(entry: SuiteEntry, loaded: LoadedScenario | { readonly error: string }, combinations: readonly Combination[], now: () => number = Date.now): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const combination of combinations) cells.push(await runCell(entry, loaded, combination, now));
  return cells;
}

export async function runCell(entry: SuiteEntry, loaded: LoadedScenario | { readonly error: string }, combination: Combination, now: () => number = Date.now): Promise<Cell> {
  const base = { verdict: null, packages: null, ms: 0, expectation: null } as const;
  if ('error' in loaded) return cell(entry, combination, { ...base, status: 'error', message: `the scenario could not be read: ${loaded.error}` });
  const found = findEngine(combination);
  if (typeof found === 'string') return cell(entry, combination, { ...base, status: 'error', message: found });
  if (loaded.universal) return cell(entry, combination, { ...base, status: 'skipped', message: 'a universal (all-platform) lock: a single-target resolve does not apply' });
  let request: ResolveRequest;
  try {
    request = requestFor(loaded, combination);
  } catch (error) {
    return cell(entry, combination, { ...base, status: 'error', message: `the target: ${(error as Error).message}` });
  }
  const provider = new IndexProvider(loaded.index, loaded.warnings);
  const started = now();
  let result: ResolveResult;
  try {
    result = (await found.run(provider, request)).result;
  } catch (error) {
    return cell(entry, combination, { ...base, ms: now() - started, status: 'error', message: `${found.label} stopped: ${(error as Error).message}` });
  }
  const ms = now() - started;
  const packages = result.ok ? installSet(result) : null;
  const verdict = result.ok ? 'solved' : 'no-solution';
  const found_ = result.ok ? `solved: ${Object.entries(packages!).map(([k, v]) => `${k}==${v}`).join(' ') || 'nothing to install'}` : `no solution: ${await headlineOf(provider, request, result)}`;
  const done = (status: CellStatus, message: string, expectation: string | null) => cell(entry, combination, { status, verdict, packages, ms, message, expectation });

  // pip 20.2 installs sets that break a requirement; its port is judged against what pip did.
  if (result.ok && combination.engine !== 'legacy') {
    const plan: Record<string, { version: string; extras: readonly string[] }> = {};
    for (const p of result.packages) plan[p.key] = { version: p.version, extras: p.extras };
    const problems = checkPlan(loaded.index, { ...request, target: request.target!, policy: combination.policy, prereleases: loaded.prereleases }, plan);
    if (problems.length > 0) return done('fail', `the plan breaks a requirement: ${problems.join('; ')}`, 'validity');
  }
  const expectation = expectationFor(loaded, combination);
  if (!expectation || expectation.satisfiable === null) return done('unjudged', found_, null);
  if (!sameTarget(request.target!, loaded.target)) return done('unjudged', `${found_} (the expectation is for the scenario's own target, Python ${loaded.target.python} on ${loaded.target.os})`, null);
  if (result.ok !== expectation.satisfiable) {
    return done('fail', `${expectation.from} expects ${expectation.satisfiable ? 'a solution' : 'no solution'}; ${found_}`, expectation.from);
  }
  if (result.ok && expectation.packages) {
    const differences = packageDifferences(expectation.packages, packages!);
    if (differences.length > 0) return done('differs', `another install set than ${expectation.from} expects: ${differences.join('; ')}`, expectation.from);
  }
  if (!result.ok && expectation.conflicted.length > 0) {
    const names = failureNames(result);
    const missing = expectation.conflicted.map(normalizeName).filter((n) => !names.has(n));
    if (missing.length > 0) return done('differs', `no solution as expected, but the failure does not name ${missing.join(', ')}`, expectation.from);
  }
  return done('pass', found_, expectation.from);
}
