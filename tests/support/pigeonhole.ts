/**
 * Pigeonhole indexes: n+1 pigeons into n holes, which has no solution and is a classic hard
 * case for resolution-based solvers (every proof grows exponentially with n), so a run learns
 * many incompatibilities: the test of a propagation whose cost must not grow with them.
 *
 * Encoding, with dependencies only:
 *   - pigeon `pigeon-i` (i = 1..n+1) is a project with one version per hole: version j.0 is
 *     "pigeon i sits in hole j";
 *   - hole `hole-j` (j = 1..n) is a project with one version per pigeon: version i.0 is "hole j
 *     holds pigeon i";
 *   - `pigeon-i j.0` requires `hole-j==i.0`: two pigeons in hole j would need two versions of
 *     `hole-j` at once, which is the conflict;
 *   - the root requires every pigeon (bare names).
 */
import { loadProjects, parseRequirement, type PackageIndex, type Requirement } from '../../src/core/index.ts';

export interface Pigeonhole {
  readonly index: PackageIndex;
  readonly requirements: readonly Requirement[];
}

/** `pigeons` into `holes` (default one pigeon more than holes: no solution; as many or fewer: solutions). */
export function pigeonhole(holes: number, pigeons = holes + 1): Pigeonhole {
  const projects: Record<string, unknown> = {};
  for (let i = 1; i <= pigeons; i++) {
    const versions: Record<string, unknown> = {};
    for (let j = 1; j <= holes; j++) versions[`${j}.0`] = { requires_dist: [`hole-${j}==${i}.0`] };
    projects[`pigeon-${i}`] = { versions };
  }
  for (let j = 1; j <= holes; j++) {
    const versions: Record<string, unknown> = {};
    for (let i = 1; i <= pigeons; i++) versions[`${i}.0`] = {};
    projects[`hole-${j}`] = { versions };
  }
  const requirements = Array.from({ length: pigeons }, (_, i) => parseRequirement(`pigeon-${i + 1}`));
  return { index: { source: `pigeonhole-${holes}`, projects: loadProjects(projects).projects, environment: null, advisories: [] }, requirements };
}
