/**
 * Every unsatisfiable packse scenario and real case, explained in all three voices:
 * - each voice names every package of the minimal conflict;
 * - every suggestion resolves when applied, to a plan the independent checker accepts;
 * - the plain voice stays within 12 lines for a conflict between two requirements;
 * - the three voices are kept as snapshot files (tests/unit/explain/__snapshots__/),
 *   so a change of wording shows up in review.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  checkPlan,
  explainFailure,
  IndexProvider,
  parseRequirement,
  resolve,
  type Explanation,
  type Policy,
  type ResolveRequest,
} from '../../../src/core/index.ts';
import { readProblem, requestFor, sharedDataDir, type Problem } from '../../../src/cli/files.ts';

const data = sharedDataDir();

function scenarioFiles(): { path: string; policy: Policy }[] {
  if (!data) return [];
  const files: { path: string; policy: Policy }[] = [];
  const packse = join(data, 'packse');
  for (const category of readdirSync(packse, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of readdirSync(join(packse, category.name))) if (file.endsWith('.toml')) files.push({ path: join(packse, category.name, file), policy: 'uv' });
  }
  const cases = join(data, 'cases');
  for (const entry of readdirSync(cases, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) files.push({ path: join(cases, entry.name), policy: 'pip' });
    if (entry.isDirectory()) for (const file of readdirSync(join(cases, entry.name))) if (file.endsWith('.json')) files.push({ path: join(cases, entry.name, file), policy: 'pip' });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}


interface Failing {
  readonly name: string;
  readonly problem: Problem;
  readonly request: ResolveRequest;
  readonly explanation: Explanation;
}

async function failing(): Promise<Failing[]> {
  const out: Failing[] = [];
  for (const { path, policy } of scenarioFiles()) {
    const problem = readProblem(path);
    if (problem.universal) continue;
    const request = requestFor(problem, policy);
    const provider = new IndexProvider(problem.index);
    const result = await resolve(provider, request);
    if (result.ok) continue;
    // A generous budget: the checks below are about what is found, not how fast.
    const explanation = await explainFailure(provider, request, result, { budgetMs: 20_000 });
    out.push({ name: relative(data!, path).replace(/\.(toml|json)$/, '').replace(/\//g, '__'), problem, request, explanation });
  }
  return out;
}

describe.skipIf(!data || !existsSync(join(data, 'packse')))('explanations of every failing scenario and case (skipped: ../shared/data is absent)', async () => {
  const all = data ? await failing() : [];

  it('finds failing scenarios and cases to explain', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it.each(all.map((f) => [f.name, f] as const))('%s: every voice names the minimal conflict', (_name, f) => {
    const minimal = f.explanation.minimalConflict!;
    expect(minimal.requirements.length).toBeGreaterThan(0);
    for (const text of minimal.requirements) {
      const name = parseRequirement(text).name.toLowerCase();
      for (const voice of ['pubgrub', 'pip', 'plain'] as const) {
        expect(f.explanation.voices[voice].toLowerCase(), `${voice} voice names ${name}`).toContain(name);
      }
    }
  });

  it.each(all.map((f) => [f.name, f] as const))('%s: every suggestion resolves when applied', async (_name, f) => {
    const provider = new IndexProvider(f.problem.index);
    for (const suggestion of f.explanation.suggestions) {
      const changed = applyChange(f.request, suggestion.change);
      const result = await resolve(provider, changed);
      expect(result.ok, suggestion.title).toBe(true);
      if (!result.ok) continue;
      const plan = Object.fromEntries(result.packages.map((p) => [p.key, { version: p.version, extras: p.extras }]));
      expect(checkPlan(f.problem.index, { ...changed, target: changed.target!, policy: changed.policy!, prereleases: changed.prereleases ?? false }, plan)).toEqual([]);
      expect(Object.keys(suggestion.plan).length).toBe(result.packages.length);
    }
  });

  it.each(all.filter((f) => f.explanation.minimalConflict?.requirements.length === 2).map((f) => [f.name, f] as const))(
    '%s: the plain voice of a two-requirement conflict stays within 12 lines',
    (_name, f) => {
      expect(f.explanation.voices.plain.split('\n').length).toBeLessThanOrEqual(12);
    },
  );

  it.each(all.map((f) => [f.name, f] as const))('%s: voices match the snapshot', async (_name, f) => {
    const e = f.explanation;
    const text = [
      `# ${f.problem.name}`,
      `requirements: ${f.problem.requirements.join(' | ')}`,
      `minimal conflict: ${e.minimalConflict!.requirements.join(' | ')}${e.minimalConflict!.python ? ' + the target Python' : ''}${e.minimalConflict!.platform ? ' + the platform' : ''}`,
      '',
      '## pubgrub',
      e.voices.pubgrub,
      '',
      '## pip',
      e.voices.pip,
      '',
      '## plain',
      e.voices.plain,
      '',
    ].join('\n');
    await expect(text).toMatchFileSnapshot(`__snapshots__/voices/${f.name}.txt`);
  });
});
