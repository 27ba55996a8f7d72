/** Small hand-made indexes and advisories for the trust tests. */
import { loadProjects, readOsvRecord, type Advisory, type PackageIndex } from '../../../src/core/index.ts';

export interface ReleaseSpec {
  readonly requires?: string[];
  readonly yanked?: boolean | string;
  readonly python?: string;
}

export function makeIndex(
  projects: Record<string, Record<string, ReleaseSpec> | { status: string; reason?: string; versions: Record<string, ReleaseSpec> }>,
  advisories: Advisory[] = [],
): PackageIndex {
  const json: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(projects)) {
    const hasStatus = 'status' in spec && typeof spec.status === 'string';
    const versions = (hasStatus ? (spec as { versions: Record<string, ReleaseSpec> }).versions : spec) as Record<string, ReleaseSpec>;
    json[name] = {
      ...(hasStatus ? { status: spec.status, status_reason: (spec as { reason?: string }).reason } : {}),
      versions: Object.fromEntries(
        Object.entries(versions).map(([v, r]) => [v, { requires_dist: r.requires ?? [], yanked: r.yanked ?? false, requires_python: r.python ?? null }]),
      ),
    };
  }
  return { source: 'test', projects: loadProjects(json).projects, environment: null, advisories };
}

/** An OSV record on `name`: introduced 0 (or `introduced`), fixed at `fixed` (open when null). */
export function osv(id: string, name: string, fixed: string | null, options: { introduced?: string; aliases?: string[]; summary?: string } = {}): Advisory {
  return readOsvRecord({
    id,
    summary: options.summary ?? `${name} has a hole`,
    aliases: options.aliases ?? [],
    affected: [
      {
        package: { name, ecosystem: 'PyPI' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: options.introduced ?? '0' }, ...(fixed ? [{ fixed }] : [])] }],
      },
    ],
  });
}
