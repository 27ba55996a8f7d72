/**
 * An advisory policy on a live PyPI: its JSON API says which advisories affect each release
 * the plan picks. Under avoid and block a new plan may pick other releases, so the releases of
 * each plan are asked about until all have been (a few rounds at most).
 */
import {
  AdvisoryIndex,
  mergeAdvisories,
  resolveWithAdvisories,
  type Advisory,
  type AdvisoryPolicy,
  type DependencyProvider,
  type IgnoredAdvisory,
  type ResolveRequest,
  type TrustResolve,
} from '../core/index.ts';
import { fetchReleaseVulnerabilities, type JsonGetter } from './pypi-vulnerabilities.ts';

const MAX_ROUNDS = 5;

export interface LiveTrustResolve {
  readonly trust: TrustResolve;
  /** Every advisory used: those given, and those the JSON API answered with. */
  readonly records: readonly Advisory[];
  /** Releases whose JSON API page could not be had. */
  readonly failures: readonly string[];
  readonly asked: number;
}

export async function resolveWithLiveAdvisories(
  provider: DependencyProvider,
  request: ResolveRequest,
  options: { readonly records: readonly Advisory[]; readonly policy: AdvisoryPolicy; readonly ignore: readonly IgnoredAdvisory[] },
  jsonBase: string | null,
  get: JsonGetter,
): Promise<LiveTrustResolve> {
  let records = [...options.records];
  const failures: string[] = [];
  const asked = new Set<string>();
  let trust: TrustResolve;
  for (let round = 0; ; round++) {
    trust = await resolveWithAdvisories(provider, request, { advisories: new AdvisoryIndex(records), policy: options.policy, ignore: options.ignore });
    if (!jsonBase || !trust.result.ok || round >= MAX_ROUNDS) break;
    const plans = [trust.result, trust.warnPlan].filter((p) => p !== null);
    const fresh = [...new Map(plans.flatMap((p) => p.packages).map((p) => [`${p.key} ${p.version}`, { name: p.key, version: p.version }])).entries()].filter(([key]) => !asked.has(key));
    if (fresh.length === 0) break;
    fresh.forEach(([key]) => asked.add(key));
    const fetched = await fetchReleaseVulnerabilities(jsonBase, fresh.map(([, release]) => release), get);
    failures.push(...fetched.failures);
    records = mergeAdvisories(records, fetched.advisories);
  }
  return { trust, records, failures, asked: asked.size };
}
