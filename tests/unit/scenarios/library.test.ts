/**
 * The bundled scenario library (public/scenarios/): every file is well formed, in canonical
 * form, and fails or succeeds in the way its kind says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadScenarioIndex,
  parseScenarioFile,
  parseScenarioLibrary,
  scenarioRequest,
  serializeScenarioFile,
  SCENARIO_KINDS,
  type PipetteScenario,
  type ScenarioKind,
} from '../../../src/core/export/scenario-file.ts';
import { IndexProvider } from '../../../src/core/index/provider.ts';
import { resolve, type DerivationNode, type ResolveFailure, type ResolveResult, type ResolveSuccess } from '../../../src/core/solver/index.ts';
import { buildBacktrackingScenario } from '../../../scripts/generate-backtracking-scenario.ts';

const folder = new URL('../../../public/scenarios/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, folder), 'utf8');
const library = parseScenarioLibrary(read('index.json'));

async function run(scenario: PipetteScenario): Promise<ResolveResult> {
  const { index, warnings } = loadScenarioIndex(scenario);
  expect(warnings).toEqual([]);
  const request = scenarioRequest(scenario);
  return resolve(new IndexProvider(index), {
    requirements: request.requirements,
    target: request.target,
    policy: request.policy,
    prereleases: request.prereleases,
  });
}

function failure(result: ResolveResult): ResolveFailure {
  expect(result.ok).toBe(false);
  return result as ResolveFailure;
}

function success(result: ResolveResult): ResolveSuccess {
  expect(result.ok).toBe(true);
  return result as ResolveSuccess;
}

/** The causes that are facts of the index or the request (everything but learned nodes). */
function leaves(result: ResolveFailure): DerivationNode[] {
  return result.derivation.nodes.filter((node) => node.cause.kind !== 'derived');
}

function unavailableReasons(result: ResolveFailure): string[] {
  return leaves(result).flatMap((node) => (node.cause.kind === 'unavailable' ? [node.cause.reason.kind] : []));
}

/** Package keys that a dependency node points at, split by whether the user or a package requires them. */
function dependencyTargets(result: ResolveFailure): { fromUser: Set<string>; fromPackages: Set<string> } {
  const { packages } = result.derivation;
  const fromUser = new Set<string>();
  const fromPackages = new Set<string>();
  for (const node of leaves(result)) {
    if (node.cause.kind !== 'dependency') continue;
    const depender = packages[node.terms[0]!.pkg]!;
    const target = packages[node.cause.dependency]!.key;
    (depender.kind === 'root' ? fromUser : fromPackages).add(target);
  }
  return { fromUser, fromPackages };
}

/** What each kind of scenario must show when resolved. */
const EXPECTATIONS: Record<ScenarioKind, (result: ResolveResult) => void> = {
  'direct-clash': (result) => {
    const failed = failure(result);
    expect(new Set(leaves(failed).map((n) => n.cause.kind))).toEqual(new Set(['dependency']));
    const { fromUser, fromPackages } = dependencyTargets(failed);
    // The clashing package is one the user names, and a package the user names requires it too.
    expect([...fromUser].some((key) => fromPackages.has(key))).toBe(true);
  },
  'transitive-clash': (result) => {
    const failed = failure(result);
    expect(new Set(leaves(failed).map((n) => n.cause.kind))).toEqual(new Set(['dependency']));
    const { fromUser, fromPackages } = dependencyTargets(failed);
    // The clash is over a package only the user's packages require.
    expect([...fromPackages].some((key) => !fromUser.has(key))).toBe(true);
  },
  'requires-python': (result) => {
    const failed = failure(result);
    expect(leaves(failed).some((n) => n.cause.kind === 'requiresPython')).toBe(true);
    expect(leaves(failed).some((n) => n.cause.kind === 'targetPython')).toBe(true);
  },
  yanked: (result) => {
    const failed = failure(result);
    const yanked = leaves(failed).find((n) => n.cause.kind === 'unavailable' && n.cause.reason.kind === 'yanked');
    expect(yanked).toBeDefined();
    const reason = yanked!.cause.kind === 'unavailable' && yanked!.cause.reason.kind === 'yanked' ? yanked!.cause.reason.reasons : {};
    expect(Object.values(reason).every((text) => text.length > 0)).toBe(true);
  },
  prerelease: (result) => {
    expect(unavailableReasons(failure(result))).toContain('prerelease');
  },
  'no-wheel': (result) => {
    const failed = failure(result);
    const node = leaves(failed).find((n) => n.cause.kind === 'unavailable' && n.cause.reason.kind === 'noDistribution');
    expect(node).toBeDefined();
    const platforms = node!.cause.kind === 'unavailable' && node!.cause.reason.kind === 'noDistribution' ? node!.cause.reason.platforms : [];
    expect(platforms.length).toBeGreaterThan(0);
  },
  misspelt: (result) => {
    const failed = failure(result);
    const { packages } = failed.derivation;
    const missing = leaves(failed).filter((n) => n.cause.kind === 'dependency' && packages[n.cause.dependency]!.notFound);
    expect(missing.map((n) => (n.cause.kind === 'dependency' ? packages[n.cause.dependency]!.key : ''))).toEqual(['reqeusts']);
  },
  backtracking: (result) => {
    const solved = success(result);
    expect(solved.stats.decisions).toBeGreaterThan(50);
    expect(solved.stats.backtracks).toBeGreaterThan(10);
  },
  success: (result) => {
    const solved = success(result);
    expect(solved.packages.length).toBeGreaterThanOrEqual(30);
    expect(solved.stats.backtracks).toBe(0);
  },
};

describe('the bundled scenario library', () => {
  it('has one scenario of every kind', () => {
    expect(library.map((entry) => entry.kind).sort()).toEqual([...SCENARIO_KINDS].sort());
  });

  it.each(library.map((entry) => [entry.id, entry] as const))('%s: parses, matches its entry, and is in canonical form', (_, entry) => {
    const text = read(entry.file);
    const scenario = parseScenarioFile(text);
    expect(scenario.id).toBe(entry.id);
    expect(scenario.title).toBe(entry.title);
    expect(entry.file).toBe(`${entry.id}.json`);
    expect(serializeScenarioFile(scenario)).toBe(text);
  });

  it.each(library.map((entry) => [entry.kind, entry] as const))('%s: resolves the way its kind says', async (kind, entry) => {
    const result = await run(parseScenarioFile(read(entry.file)));
    EXPECTATIONS[kind](result);
    expect(result.warnings).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('keeps the misspelt name close to the real one, which the index has', () => {
    const scenario = parseScenarioFile(read('misspelt.json'));
    expect(Object.keys(scenario.index.projects)).toContain('requests');
    expect(Object.keys(scenario.index.projects)).not.toContain('reqeusts');
  });

  it('makes the no-wheel project wheel-only, with real wheel tags and none for the target', () => {
    const scenario = parseScenarioFile(read('no-wheel.json'));
    const releases = Object.values(scenario.index.projects.torch!.versions);
    expect(releases.every((r) => r.sdist !== true && (r.wheel_tags?.length ?? 0) > 0)).toBe(true);
    expect(releases.flatMap((r) => r.wheel_tags ?? []).some((tag) => tag.endsWith('win_arm64'))).toBe(false);
    expect(scenario.target).toMatchObject({ os: 'windows', arch: 'aarch64' });
  });
});

describe('the generated backtracking scenario', () => {
  it('is what scripts/generate-backtracking-scenario.ts writes', () => {
    expect(serializeScenarioFile(buildBacktrackingScenario())).toBe(read('backtracking.json'));
  });

  it('depends on its seed and on nothing else', () => {
    expect(serializeScenarioFile(buildBacktrackingScenario(7))).toBe(serializeScenarioFile(buildBacktrackingScenario(7)));
    expect(serializeScenarioFile(buildBacktrackingScenario(7))).not.toBe(serializeScenarioFile(buildBacktrackingScenario(8)));
  });

  it('holds hundreds of versions across several packages', () => {
    const { projects } = buildBacktrackingScenario().index;
    const counts = Object.values(projects).map((p) => Object.keys(p.versions).length);
    expect(counts.filter((n) => n >= 100).length).toBeGreaterThanOrEqual(4);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });
});
