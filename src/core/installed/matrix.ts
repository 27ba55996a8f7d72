/**
 * One set of requirements resolved for many targets at once (Python versions × platforms):
 * which resolve, how the plans differ, and why each failure fails.
 */
import { makeTarget, parsePlatformSpec, type TargetEnvironment } from '../environment/index.ts';
import { explainFailure } from '../explain/index.ts';
import type { Requirement } from '../pep508/index.ts';
import { resolve, type ResolveRequest } from '../solver/resolve.ts';
import type { DependencyProvider } from '../solver/provider.ts';

export const MATRIX_PYTHONS: readonly string[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];
export const MATRIX_PLATFORMS: readonly string[] = ['linux', 'macos', 'windows'];

export interface MatrixCell {
  readonly python: string;
  readonly platform: string;
  readonly ok: boolean;
  readonly packages: Readonly<Record<string, string>>;
  readonly headline: string | null;
  readonly error: string | null;
}

/** Resolves the requirements for every Python × platform; a bad target is an error cell, not a crash. */
export interface MatrixOptions {
  /** Everything of the request but the target (policy, pre-releases, constraints...). */
  readonly base?: Omit<ResolveRequest, 'requirements' | 'target'>;
  /** Called after each cell, for progress. */
  readonly onCell?: (cell: MatrixCell, done: number, total: number) => void;
}

export async function resolveMatrix(
  provider: DependencyProvider,
  requirements: readonly Requirement[],
  pythons: readonly string[],
  platforms: readonly string[],
  options: MatrixOptions = {},
): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  for (const python of pythons) {
    for (const platform of platforms) {
      let target: TargetEnvironment;
      try {
        target = makeTarget({ python, ...parsePlatformSpec(platform) });
      } catch (error) {
        cells.push({ python, platform, ok: false, packages: {}, headline: null, error: (error as Error).message });
        continue;
      }
      const request: ResolveRequest = { ...options.base, requirements, target };
      const result = await resolve(provider, request);
      if (result.ok) {
        cells.push({ python, platform, ok: true, packages: Object.fromEntries(result.packages.filter((p) => p.extras.length === 0).map((p) => [p.name, p.version])), headline: null, error: null });
      } else {
        const explanation = await explainFailure(provider, request, result, { search: false });
        cells.push({ python, platform, ok: false, packages: {}, headline: explanation.headline, error: null });
      }
      options.onCell?.(cells[cells.length - 1]!, cells.length, pythons.length * platforms.length);
    }
  }
  return cells;
}

/** "numpy: 1.24.4 on 3.8; 1.26.4 on 3.9–3.12": each package whose version differs between solved cells. */
export function matrixDifferences(cells: readonly MatrixCell[]): string[] {
  const solved = cells.filter((c) => c.ok);
  const names = [...new Set(solved.flatMap((c) => Object.keys(c.packages)))].sort();
  const lines: string[] = [];
  for (const name of names) {
    const byVersion = new Map<string, string[]>();
    for (const c of solved) {
      const v = c.packages[name] ?? 'absent';
      byVersion.set(v, [...(byVersion.get(v) ?? []), `${c.python}/${c.platform}`]);
    }
    if (byVersion.size > 1) lines.push(`${name}: ${[...byVersion].map(([v, where]) => `${v} on ${where.join(', ')}`).join('; ')}`);
  }
  return lines;
}
