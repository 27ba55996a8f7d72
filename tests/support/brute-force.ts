/**
 * The oracle of the solver's property tests: every selection of an index (a release or nothing
 * per project, and for each project one of its extras choices), tried in a fixed order.
 */
import type { PackageIndex, Project } from '../../src/core/index.ts';

export type Plan = Record<string, { version: string; extras: string[] }>;

/** The first selection `valid` accepts, or null when none does; `extrasOf` gives each project's choices of extras (default: none). */
export function firstValidPlan(index: PackageIndex, valid: (plan: Plan) => boolean, extrasOf: (project: Project) => string[][] = () => [[]]): Plan | null {
  const projects = [...index.projects.values()];
  const choices = projects.map((p) => [null, ...p.releases.map((r) => r.version)]);
  const extraChoices = projects.map(extrasOf);
  const total = choices.reduce((n, c, i) => n * c.length * extraChoices[i]!.length, 1);
  for (let code = 0; code < total; code++) {
    let rest = code;
    const plan: Plan = {};
    projects.forEach((p, i) => {
      const options = choices[i]!;
      const pick = options[rest % options.length];
      rest = Math.floor(rest / options.length);
      const extras = extraChoices[i]![rest % extraChoices[i]!.length]!;
      rest = Math.floor(rest / extraChoices[i]!.length);
      if (pick) plan[p.key] = { version: pick, extras };
    });
    if (valid(plan)) return plan;
  }
  return null;
}
