/**
 * The three advisory policies.
 *  - `warn` (default): resolve as usual; the plan shows what is affected.
 *  - `block`: releases affected by an advisory (not ignored) can't be used. This is done on the
 *    provider side: `BlockingProvider` marks them, and the solver makes them a cause of their
 *    own (`unavailable`, kind `advisory`), so a failure is explained like any other and the fix
 *    "require X>=fixed" is checked by resolving again (explain/suggest.ts).
 *  - `avoid`: prefer releases with no known advisory. Resolve with every affected release
 *    blocked; while that fails on advisories, let the projects the failure names use affected
 *    releases again (saying why: the proof that no unaffected release fits), and resolve again.
 *    The result comes with the change from the `warn` plan and what stays affected and why.
 */
import { normalizeName } from '../pep508/index.ts';
import { resolve, type DependencyProvider, type MaybePromise, type ProjectCandidates, type ResolveHooks, type ResolveRequest, type ResolveResult, type ResolveSuccess } from '../solver/index.ts';
import { LayeredProvider } from '../solver/provider.ts';
import { diffPlans, pubgrubReport, type PlanChange } from '../explain/index.ts';
import type { AdvisoryIndex } from './match.ts';
import { auditPlan, splitIgnored, type IgnoredAdvisory, type PlanAudit } from './plan.ts';

export type AdvisoryPolicy = 'warn' | 'avoid' | 'block';
export const ADVISORY_POLICIES: readonly AdvisoryPolicy[] = ['warn', 'avoid', 'block'];

/** Rounds of `avoid` at most (each lets at least one more project use affected releases). */
const MAX_AVOID_ROUNDS = 24;

/** A provider whose candidates carry `blockedBy` for releases with advisories that count; metadata is the inner provider's. */
export class BlockingProvider extends LayeredProvider {
  private readonly cache = new Map<string, ProjectCandidates | null>();
  private readonly ignored: readonly IgnoredAdvisory[];

  constructor(
    inner: DependencyProvider,
    readonly advisories: AdvisoryIndex,
    ignore: readonly IgnoredAdvisory[] = [],
    /** Projects (normalised) whose affected releases may be used anyway. */
    readonly allowed: ReadonlySet<string> = new Set(),
  ) {
    super(inner);
    this.ignored = ignore;
  }

  /** Metadata is untouched here, so the published lines are too. */
  peekRequiresDist(key: string, index: number): readonly string[] | undefined {
    return this.inner.peekRequiresDist?.(key, index);
  }

  override getProject(key: string): MaybePromise<ProjectCandidates | null> {
    if (this.cache.has(key)) return this.cache.get(key)!;
    const answer = this.inner.getProject(key);
    return answer instanceof Promise ? answer.then((p) => this.mark(key, p)) : this.mark(key, answer);
  }

  private mark(key: string, project: ProjectCandidates | null): ProjectCandidates | null {
    if (!project || this.allowed.has(normalizeName(key)) || !this.advisories.has(key)) {
      this.cache.set(key, project);
      return project;
    }
    const marked: ProjectCandidates = {
      ...project,
      candidates: project.candidates.map((c) => {
        const { counted } = splitIgnored(this.advisories.affecting(key, c.version.text), this.ignored);
        return counted.length ? { ...c, blockedBy: counted.map((h) => ({ id: h.id, fixed: h.fixed })) } : c;
      }),
    };
    this.cache.set(key, marked);
    return marked;
  }
}

export interface StaysAffected {
  readonly package: string;
  readonly version: string;
  readonly advisories: readonly string[];
  /** Why no release without a known advisory could be used: the resolver's proof. */
  readonly why: string;
}

export interface TrustResolve {
  readonly policy: AdvisoryPolicy;
  /** The outcome under the policy (under `block` it may be a failure to explain). */
  readonly result: ResolveResult;
  /** The provider the result was reached with (explain a `block` failure with it). */
  readonly provider: DependencyProvider;
  /** The advisories of the plan, when there is one. */
  readonly audit: PlanAudit | null;
  /** `avoid`: the plan `warn` gives, and what changes from it. */
  readonly warnPlan: ResolveSuccess | null;
  readonly diff: PlanChange | null;
  /** `avoid`: packages that keep an advisory, and why. */
  readonly staysAffected: readonly StaysAffected[];
  /** Resolves run. */
  readonly resolves: number;
}

const planOf = (r: ResolveSuccess) => Object.fromEntries(r.packages.map((p) => [p.name, p.version]));

/** Resolves `request` under an advisory policy. */
export async function resolveWithAdvisories(
  provider: DependencyProvider,
  request: ResolveRequest,
  options: { readonly advisories: AdvisoryIndex; readonly policy: AdvisoryPolicy; readonly ignore?: readonly IgnoredAdvisory[] },
  hooks: ResolveHooks = {},
): Promise<TrustResolve> {
  const { advisories, policy } = options;
  const ignore = options.ignore ?? [];
  const audit = (r: ResolveResult) => (r.ok ? auditPlan(r, advisories, ignore) : null);
  const none = { warnPlan: null, diff: null, staysAffected: [] };
  if (policy === 'warn') {
    const result = await resolve(provider, request, hooks);
    return { policy, result, provider, audit: audit(result), ...none, resolves: 1 };
  }
  if (policy === 'block') {
    const blocking = new BlockingProvider(provider, advisories, ignore);
    const result = await resolve(blocking, request, hooks);
    return { policy, result, provider: blocking, audit: audit(result), ...none, resolves: 1 };
  }
  // avoid
  const warn = await resolve(provider, request, hooks);
  let resolves = 1;
  if (!warn.ok) return { policy, result: warn, provider, audit: null, ...none, resolves };
  const allowed = new Set<string>();
  const why = new Map<string, string>();
  let result: ResolveResult = warn;
  let used: DependencyProvider = provider;
  for (let round = 0; round < MAX_AVOID_ROUNDS; round++) {
    const blocking = new BlockingProvider(provider, advisories, ignore, allowed);
    const attempt = await resolve(blocking, request, hooks);
    resolves++;
    if (attempt.ok) {
      result = attempt;
      used = blocking;
      break;
    }
    const tree = attempt.derivation;
    const blamed = new Set<string>();
    for (const node of tree.nodes) {
      if (node.cause.kind !== 'unavailable' || node.cause.reason.kind !== 'advisory') continue;
      const pkg = tree.packages[node.terms[0]!.pkg]!;
      if (!allowed.has(pkg.project)) blamed.add(pkg.project);
    }
    // A failure that is not about advisories: the warn plan is as good as it gets.
    if (blamed.size === 0) break;
    const proof = pubgrubReport(tree);
    for (const key of blamed) {
      allowed.add(key);
      why.set(key, proof);
    }
  }
  const final = result as ResolveSuccess;
  const finalAudit = auditPlan(final, advisories, ignore);
  const staysAffected: StaysAffected[] = finalAudit.packages
    .filter((p) => p.advisories.length > 0)
    .map((p) => ({
      package: p.name,
      version: p.version,
      advisories: p.advisories.map((a) => a.id),
      why: why.get(p.key) ?? `Every release of ${p.name} that your requirements allow is affected.`,
    }));
  return { policy, result: final, provider: used, audit: finalAudit, warnPlan: warn, diff: diffPlans(planOf(warn), planOf(final)), staysAffected, resolves };
}
