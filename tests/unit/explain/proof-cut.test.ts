// A proof too long to read (pigeonhole's grows exponentially) is shown from its conclusion down
// to a budget of steps, says so first, and marks what the steps left out proved.
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, parseRequirement, proofCut, PROOF_STEPS, pubgrubLines, pubgrubReport, resolve, type DerivationTree } from '../../../src/core/index.ts';
import { pigeonhole } from '../../support/pigeonhole.ts';
import { pigeonholeScenario } from '../../e2e/harness/pigeonhole.ts';

async function proofOf(holes: number): Promise<DerivationTree> {
  const { index, requirements } = pigeonhole(holes);
  const result = await resolve(new IndexProvider(index), { requirements });
  if (result.ok) throw new Error('pigeonhole resolved');
  return result.derivation;
}

const derivedSteps = (tree: DerivationTree) => tree.nodes.filter((n) => n.cause.kind === 'derived').length;

/** Every "(N)" a line refers to is the number of an earlier line, and every numbered line is referred to. */
function referencesResolve(tree: DerivationTree, maxSteps: number): boolean {
  const numbered = new Set<number>();
  const referred = new Set<number>();
  for (const line of pubgrubLines(tree, undefined, { maxSteps })) {
    for (const match of line.text.matchAll(/\((\d+)\)/g)) {
      if (!numbered.has(Number(match[1]))) return false;
      referred.add(Number(match[1]));
    }
    if (line.number !== null) numbered.add(line.number);
  }
  return numbered.size === referred.size;
}

describe('a proof kept to its budget of steps', () => {
  it('leaves a proof that fits as it is, with nothing marked', async () => {
    const tree = await proofOf(3);
    expect(proofCut(tree, 1000)).toBeNull();
    expect(pubgrubReport(tree, undefined, { maxSteps: 1000 })).toBe(pubgrubReport(tree, undefined, { maxSteps: Infinity }));
    expect(pubgrubReport(tree)).not.toMatch(/left out/);
  });

  it('shows the steps nearest the conclusion, says how many are left out, and marks what they proved', async () => {
    const tree = await proofOf(6);
    const whole = pubgrubReport(tree, undefined, { maxSteps: Infinity });
    const cut = proofCut(tree)!;
    expect(cut.totalSteps).toBeGreaterThan(PROOF_STEPS);
    expect(cut.shownSteps).toBeLessThanOrEqual(PROOF_STEPS);
    const report = pubgrubReport(tree);
    const lines = report.split('\n');
    expect(lines[0]).toBe(
      `The proof takes ${cut.totalSteps.toLocaleString('en')} steps, too many to read: the ${cut.shownSteps} nearest its conclusion follow, and the facts proved by the other ${(cut.totalSteps - cut.shownSteps).toLocaleString('en')} are marked as such.`,
    );
    expect(lines.filter((l) => l !== '').length - 1).toBeLessThanOrEqual(cut.shownSteps);
    expect(report).toMatch(/\(proved in steps left out\)/);
    // The conclusion is the whole proof's.
    expect(lines.at(-1)).toBe(whole.split('\n').at(-1));
    expect(whole.split('\n').length).toBeGreaterThan(1000);
    expect(report.length).toBeLessThan(whole.length / 10);
  });

  it('numbers only lines referred to again, and refers only to lines shown, whatever the budget', async () => {
    const tree = await proofOf(4);
    const total = derivedSteps(tree);
    for (let maxSteps = 1; maxSteps <= total + 1; maxSteps++) expect(referencesResolve(tree, maxSteps), `maxSteps ${maxSteps}`).toBe(true);
  });

  it('shows no more steps than the budget, and the conclusion even with a budget of none', async () => {
    const tree = await proofOf(4);
    for (const maxSteps of [0, 1, 2, 5, 20]) {
      const cut = proofCut(tree, maxSteps)!;
      expect(cut.shownSteps).toBeLessThanOrEqual(Math.max(1, maxSteps));
      const shown = pubgrubLines(tree, undefined, { maxSteps }).filter((l) => l.node !== null);
      expect(shown.length).toBeLessThanOrEqual(cut.shownSteps);
      expect(shown.at(-1)!.text).toMatch(/your requirements cannot be met\.$/);
    }
  });

  it('shows a chain whole however long, down to the cause at its end', async () => {
    const projects: Record<string, unknown> = { missing: { versions: { '1.0': {} } } };
    for (let i = 0; i < 400; i++) projects[`p${i}`] = { versions: { '1.0': { requires_dist: [`p${i + 1}`] } } };
    projects['p400'] = { versions: { '1.0': { requires_dist: ['missing>=2'] } } };
    const provider = new IndexProvider({ source: 'chain', projects: loadProjects(projects).projects, environment: null, advisories: [] });
    const result = await resolve(provider, { requirements: [parseRequirement('p0')] });
    if (result.ok) throw new Error('the chain resolved');
    expect(derivedSteps(result.derivation)).toBeGreaterThan(PROOF_STEPS);
    expect(proofCut(result.derivation)).toBeNull();
    const report = pubgrubReport(result.derivation);
    expect(report).toContain('p400 which depends on missing>=2, but only missing 1.0 exists');
    expect(report).not.toMatch(/left out/);
  });

  it('shares one budget among separate problems, in every voice', async () => {
    // Each pigeon excludes the others from its hole: the first proof leaves pigeons out, and the
    // explainer finds three more problems among them, each with a long proof of its own.
    const scenario = JSON.parse(pigeonholeScenario(6)) as { requirements: string; index: { projects: Record<string, unknown> } };
    const provider = new IndexProvider({ source: 'pigeonhole', projects: loadProjects(scenario.index.projects).projects, environment: null, advisories: [] });
    const request = { requirements: scenario.requirements.trim().split('\n').map((line) => parseRequirement(line)) };
    const result = await resolve(provider, request);
    if (result.ok) throw new Error('pigeonhole resolved');
    const explanation = await explainFailure(provider, request, result, {});
    expect(explanation.otherProblems.length).toBeGreaterThan(1);
    for (const voice of ['pubgrub', 'pip'] as const) {
      expect(explanation.voices[voice].split('\n').length, voice).toBeLessThan(PROOF_STEPS + 20 * (explanation.otherProblems.length + 1));
      expect(explanation.voices[voice], voice).toMatch(/The proof takes [\d,]+ steps/);
    }
  }, 30_000);

  it('keeps the explanation of 9 holes short in every voice', async () => {
    const { index, requirements } = pigeonhole(9);
    const provider = new IndexProvider(index);
    const result = await resolve(provider, { requirements });
    if (result.ok) throw new Error('pigeonhole resolved');
    const explanation = await explainFailure(provider, { requirements }, result, {});
    for (const voice of ['pubgrub', 'pip', 'plain'] as const) expect(explanation.voices[voice].split('\n').length, voice).toBeLessThan(2 * PROOF_STEPS);
    expect(explanation.lines.length).toBeLessThan(2 * PROOF_STEPS);
  }, 30_000);
});
