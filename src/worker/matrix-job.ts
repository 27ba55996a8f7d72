/** The same requirements for many targets, as the page's matrix asks for them. */
import { resolveMatrix, type DependencyProvider, type MatrixCell, type Problem } from '../core/index.ts';
import { requestFor, type ResolveJob } from './resolve-job.ts';
import { isEmptyTarget, prepareInstallTarget } from './install-target-job.ts';

export type MatrixOutcome = { readonly kind: 'cells'; readonly cells: readonly MatrixCell[]; readonly elapsedMs: number } | { readonly kind: 'invalid'; readonly problems: readonly Problem[] };

export async function matrixFor(job: ResolveJob, provider: DependencyProvider, pythons: readonly string[], platforms: readonly string[]): Promise<MatrixOutcome> {
  const started = Date.now();
  const built = requestFor(job);
  if ('problems' in built) return { kind: 'invalid', problems: built.problems };
  let { request } = built;
  let chosen = provider;
  if (job.installTarget && !isEmptyTarget(job.installTarget)) {
    // Constraints and overrides hold for every target; what is installed belongs to one, so it is left out.
    const prepared = prepareInstallTarget({ ...job.installTarget, installed: '' }, provider, request);
    if ('problems' in prepared) return { kind: 'invalid', problems: prepared.problems };
    ({ request, provider: chosen } = prepared);
  }
  const { requirements, target: _target, ...base } = request;
  const cells = await resolveMatrix(chosen, requirements, pythons, platforms, { base });
  return { kind: 'cells', cells, elapsedMs: Date.now() - started };
}
