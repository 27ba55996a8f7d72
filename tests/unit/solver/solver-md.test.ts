/**
 * The worked examples of Dart pub's doc/solver.md (../shared/data/reference-messages):
 * each resolves to the documented outcome, and each failure's `pubgrub` report has the
 * reference's structure: the same lines, blank lines and numbering, in Python words.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, parseRequirement, pubgrubReport, resolve } from '../../../src/core/index.ts';
import { sharedDataDir } from '../../../src/cli/files.ts';

interface Example {
  id: string;
  root: Record<string, string>;
  packages: Record<string, Record<string, { dependencies_pep440: Record<string, string> }>>;
  expected: { satisfiable: boolean; solution?: Record<string, string>; error_lines?: string[] };
}

const data = sharedDataDir();
const file = data ? join(data, 'reference-messages', 'solver_md_examples.json') : '';
const present = data !== null && existsSync(file);
const examples: Example[] = present ? (JSON.parse(readFileSync(file, 'utf8')) as { examples: Example[] }).examples : [];

/** Dart's caret: ^1.2.3 is >=1.2.3,<2.0.0 (and ^0.2.3 is >=0.2.3,<0.3.0). */
function caret(constraint: string): string {
  if (!constraint.startsWith('^')) return constraint;
  const [major, minor] = constraint.slice(1).split('.').map(Number) as [number, number];
  const upper = major > 0 ? `${major + 1}.0.0` : `0.${minor + 1}.0`;
  return `>=${constraint.slice(1)},<${upper}`;
}

function indexOf(example: Example) {
  const projects: Record<string, unknown> = {};
  for (const [name, versions] of Object.entries(example.packages)) {
    const entries: Record<string, unknown> = {};
    for (const [version, info] of Object.entries(versions)) {
      entries[version] = { requires_dist: Object.entries(info.dependencies_pep440).map(([dep, spec]) => `${dep}${spec}`) };
    }
    projects[name] = { versions: entries };
  }
  const { projects: loaded } = loadProjects(projects);
  return { source: example.id, projects: loaded, environment: null, advisories: [] };
}

/** The shape of a report: per line, blank or not and whether it carries a number. */
function shape(lines: readonly string[]): string[] {
  return lines.map((line) => (line === '' ? 'blank' : /\(\d+\)\s*$/.test(line) ? `numbered ${line.match(/\((\d+)\)\s*$/)![1]}` : 'line'));
}

describe.skipIf(!present)('doc/solver.md examples (skipped: ../shared/data/reference-messages is absent)', () => {
  it('has the six examples', () => {
    expect(examples).toHaveLength(6);
  });

  it.each(examples.map((e) => [e.id, e] as const))('%s resolves as documented', async (_id, example) => {
    const requirements = Object.entries(example.root).map(([name, spec]) => parseRequirement(`${name}${caret(spec)}`));
    const result = await resolve(new IndexProvider(indexOf(example)), { requirements, policy: 'uv' });
    expect(result.ok).toBe(example.expected.satisfiable);
    if (result.ok) {
      const solution = Object.fromEntries(result.packages.map((p) => [p.name, p.version]));
      expect(solution).toEqual(example.expected.solution);
      return;
    }
    const report = pubgrubReport(result.derivation).split('\n');
    const reference = example.expected.error_lines!;
    expect(shape(report)).toEqual(shape(reference));
    // Each line speaks of the same packages as the reference line.
    reference.forEach((line, i) => {
      const names = [...line.matchAll(/`(\w+)/g)].map((m) => m[1]).filter((n) => n !== 'root');
      for (const name of names) expect(report[i]).toContain(name);
    });
    expect(report[report.length - 1]).toMatch(/^So, because .*, your requirements cannot be met\.$/);

    const provider = new IndexProvider(indexOf(example));
    const explanation = await explainFailure(provider, { requirements, policy: 'uv' }, result);
    const voices = ['pubgrub', 'pip', 'plain'].map((v) => `## ${v}\n${explanation.voices[v as 'pubgrub']}`).join('\n\n');
    await expect(`# ${example.id}\n\n${voices}\n`).toMatchFileSnapshot(`../explain/__snapshots__/solver-md/${example.id}.txt`);
  });
});
