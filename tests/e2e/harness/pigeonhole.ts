/** A scenario the complete resolver takes exponential time to prove has no solution: for cancelling and time limits. */

/** Pigeonhole over package versions: n + 1 projects, n versions each, no two on one version. No solution, and PubGrub needs exponential time to prove it. */
export function pigeonholeScenario(n: number): string {
  const projects: Record<string, unknown> = {};
  for (let i = 0; i <= n; i++) {
    const versions: Record<string, unknown> = {};
    for (let hole = 1; hole <= n; hole++) {
      const others = [];
      for (let j = 0; j <= n; j++) if (j !== i) others.push(`pigeon-${j}!=${hole}.0`);
      versions[`${hole}.0`] = { requires_dist: others };
    }
    projects[`pigeon-${i}`] = { versions };
  }
  return JSON.stringify({
    format: 'pipette-scenario/1',
    id: 'pigeonhole',
    title: 'Pigeonhole (very long)',
    description: 'Each pigeon wants a hole of its own; there are too few holes.',
    requirements: Array.from({ length: n + 1 }, (_, i) => `pigeon-${i}`).join('\n') + '\n',
    target: {},
    options: {},
    index: { format: 'index-snapshot/1', source: 'generated', projects },
  });
}
