/**
 * One resolve as the page asks for it: the job (requirements, target, index), the outcome the
 * page draws, and the steps between: read the requirements, resolve, explain a failure. Kept
 * apart from the worker's storage (api.ts), so that it runs in tests as it runs in the worker.
 */
import {
  engine,
  explainFailure,
  IndexProvider,
  summarizeRun,
  type EngineName,
  type EngineSummary,
  parsePyproject,
  parseRequirementsTxt,
  redactLogins,
  pubgrubReport,
  resolve,
  ResolveTimeLimitError,
  type DependencyProvider,
  type Explanation,
  type LoadedIndex,
  type Policy,
  type Problem,
  type ResolveFailure,
  type ResolveRequest,
  type ResolveResult,
  type ResolveSuccess,
  type TargetEnvironment,
  type Voice,
  type Wording,
  type Verbosity,
  type WordingVariant,
} from '../core/index.ts';
import { withVariant } from './wording-job.ts';
import type { RequirementsFormat } from '../cache/schema.ts';
import { asIndexFailure, type IndexFailure, type LiveIndexChoice, type LiveIndexSummary, type LiveSession } from './live-index.ts';
import type { RunProgressRelay } from './progress-relay.ts';
import { isEmptyTarget, prepareInstallTarget, resolvePrepared, type InstallPlan, type InstallTargetJob } from './install-target-job.ts';

/** An index snapshot in the app's database (or, when it could not be kept there, sent along). */
export interface SnapshotIndexChoice {
  readonly kind: 'snapshot';
  readonly id: string;
  /** The snapshot itself when the cache could not keep it (the page holds it in memory). */
  readonly unsavedSnapshot?: Readonly<Record<string, unknown>>;
}

export type IndexChoice = SnapshotIndexChoice | LiveIndexChoice;

export interface ResolveJob {
  readonly index: IndexChoice;
  readonly requirements: string;
  readonly format: RequirementsFormat;
  readonly target: TargetEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
  /** Replacement wording for the explanation's voices (the wording lab's input). */
  readonly wording?: Partial<Record<Voice, Wording>>;
  /** A wording lab variant to show the voices in (its levels and `{kind}` included). */
  readonly variant?: WordingVariant;
  /** How much of each voice to show (the wording lab's levels); normal when left out. */
  readonly verbosity?: Verbosity;
  /** Time allowed to search for the minimal conflict and checked fixes. */
  readonly explainBudgetMs?: number;
  /** Stop the resolve after this many seconds, with what it tried and its partial proof. */
  readonly maxSeconds?: number;
  /** The last plan the page showed resolving: each fix says what it changes against it. */
  readonly previousPlan?: Readonly<Record<string, string>> | null;
  /** Which resolver answers (default the complete one, `pubgrub`). */
  readonly engine?: EngineName;
  /** The environment installed into: installed packages, constraints, overrides, pip's upgrade options. */
  readonly installTarget?: InstallTargetJob;
}

export type ResolveOutcome =
  | { readonly kind: 'invalid'; readonly problems: readonly Problem[] }
  | {
      readonly kind: 'solved';
      readonly result: ResolveSuccess;
      readonly indexWarnings: readonly string[];
      readonly live: LiveIndexSummary | null;
      /** The picked installer engine's run (pip, legacy), when one was picked. */
      readonly engineRun?: EngineSummary;
      /** What the plan does to the installed environment, when one was given. */
      readonly installPlan?: InstallPlan | null;
    }
  | {
      readonly kind: 'failed';
      readonly result: ResolveFailure;
      readonly explanation: Explanation | null;
      /** Why there is no explanation, when there is none. */
      readonly explainError: string | null;
      /** The bare proof (pubgrub voice) when the explanation failed. */
      readonly fallbackReport: string | null;
      /** Why the minimal conflict and the fixes are missing: the live index failed while they were searched for. */
      readonly searchError: string | null;
      readonly indexWarnings: readonly string[];
      readonly live: LiveIndexSummary | null;
      /** The picked installer engine's run (pip, legacy), when one was picked. */
      readonly engineRun?: EngineSummary;
    }
  /** The live index could not be read: there is no result, only what was read until then. */
  | { readonly kind: 'index-error'; readonly error: IndexFailure; readonly live: LiveIndexSummary };

/** The requirements as a request, or the problems that stop pip from reading them. */
export function requestFor(job: ResolveJob): { request: ResolveRequest } | { problems: Problem[] } {
  const parsed = job.format === 'pyproject' ? parsePyproject(job.requirements, 'pyproject.toml') : parseRequirementsTxt(job.requirements, 'requirements.txt');
  const problems = parsed.problems.filter((p) => p.severity === 'error');
  for (const line of parsed.requirements) {
    if (line.requirement.url) {
      problems.push({ severity: 'error', message: `${redactLogins(line.text)}: a direct reference (name @ url) can't be resolved against an index`, line: line.line, column: line.column });
    }
  }
  if (problems.length > 0) return { problems };
  if (parsed.requirements.length === 0) {
    return { problems: [{ severity: 'error', message: job.format === 'pyproject' ? 'No [project] dependencies to resolve.' : 'No requirements to resolve: write one per line, e.g. "requests>=2".', line: 1, column: 1 }] };
  }
  const { options } = parsed;
  return {
    request: {
      requirements: parsed.requirements.map((r) => r.requirement),
      target: job.target,
      policy: job.policy,
      prereleases: job.prereleases || options.pre,
      noBinary: options.noBinary,
      // pip's --only-binary: those projects may not be built from source.
      noBuild: options.onlyBinary,
    },
  };
}

/** Searching for fixes resolves again, which against a live index may mean downloads. */
const EXPLAIN_BUDGET_MS = { snapshot: 2000, live: 10_000 } as const;

interface ExplainedFailure {
  readonly explanation: Explanation | null;
  readonly explainError: string | null;
  readonly fallbackReport: string | null;
  readonly searchError: string | null;
}

async function explain(provider: DependencyProvider, request: ResolveRequest, result: ResolveFailure, job: ResolveJob): Promise<ExplainedFailure> {
  const options = { ...(job.wording ? { wording: job.wording } : {}), budgetMs: job.explainBudgetMs ?? EXPLAIN_BUDGET_MS[job.index.kind], previousPlan: job.previousPlan ?? null, pythonSource: 'the Python field of the Environment panel' };
  let error: unknown;
  try {
    return { explanation: withVariant(await explainFailure(provider, request, result, options), request, result, job.variant, job.verbosity), explainError: null, fallbackReport: null, searchError: null };
  } catch (caught) {
    error = caught;
  }
  const failure = asIndexFailure(error);
  if (failure) {
    // The failure itself is proven; only the search for fixes needed more from the index.
    try {
      const explanation = await explainFailure(provider, request, result, { ...options, search: false });
      return { explanation: withVariant(explanation, request, result, job.variant, job.verbosity), explainError: null, fallbackReport: null, searchError: `${failure.url}: ${failure.detail}` };
    } catch (again) {
      error = again;
    }
  }
  return { explanation: null, explainError: (error as Error).message, fallbackReport: pubgrubReport(result.derivation), searchError: null };
}

// Cancelling terminates the worker, so the solver's own signal never needs to flip.
const NEVER_ABORTED = { aborted: false } as const;

async function resolveAndExplain(baseProvider: DependencyProvider, baseRequest: ResolveRequest, job: ResolveJob, progress: RunProgressRelay, indexWarnings: readonly string[], live: LiveSession | null): Promise<ResolveOutcome> {
  progress.enter('resolving');
  if (job.engine && job.engine !== 'pubgrub') return runInstallerEngine(job.engine, baseProvider, baseRequest, job, progress, indexWarnings, live);
  const hooks = { onProgress: progress.solverProgress, signal: NEVER_ABORTED, progressIntervalMs: 100, ...(job.maxSeconds ? { maxMs: job.maxSeconds * 1000 } : {}) };
  let provider = baseProvider;
  let request = baseRequest;
  let result: ResolveResult;
  let installPlan: InstallPlan | null = null;
  try {
    if (job.installTarget && !isEmptyTarget(job.installTarget)) {
      const prepared = prepareInstallTarget(job.installTarget, baseProvider, baseRequest);
      if ('problems' in prepared) return { kind: 'invalid', problems: prepared.problems };
      ({ provider, request } = prepared);
      ({ result, plan: installPlan } = await resolvePrepared(prepared, hooks));
    } else {
      result = await resolve(provider, request, hooks);
    }
  } catch (error) {
    if (!(error instanceof ResolveTimeLimitError)) throw error;
    // Only the name and message cross to the page: put the partial proof in the message.
    const partial = error.report.partial ? ` What it had proved so far: ${pubgrubReport(error.report.partial).replace(/\n+/g, ' ')}` : '';
    const stopped = new Error(`${error.message}${partial} Allow more time (Time limit, beside Resolve) or narrow the requirements.`);
    stopped.name = 'ResolveTimeLimitError';
    throw stopped;
  }
  if (result.ok) return { kind: 'solved', result, indexWarnings, live: live?.summary() ?? null, installPlan };
  progress.enter('explaining', { ...result.stats, round: result.stats.rounds });
  const explained = await explain(provider, request, result, job);
  return { kind: 'failed', result, ...explained, indexWarnings, live: live?.summary() ?? null };
}

/**
 * An installer engine picked (pip 23.2, pip 20.2): its plan when it has one. When it has none,
 * the complete resolver says whether a solution exists: if one does, that is said plainly;
 * if none does, its explanation is given beside the installer's own words.
 */
async function runInstallerEngine(
  name: Exclude<EngineName, 'pubgrub'>,
  provider: DependencyProvider,
  request: ResolveRequest,
  job: ResolveJob,
  progress: RunProgressRelay,
  indexWarnings: readonly string[],
  live: LiveSession | null,
): Promise<ResolveOutcome> {
  const chosen = engine(name);
  const run = await chosen.run(provider, request, { signal: NEVER_ABORTED });
  const engineRun = summarizeRun(run, chosen.label);
  const liveSummary = live?.summary() ?? null;
  if (run.result.ok) return { kind: 'solved', result: run.result, indexWarnings, live: liveSummary, engineRun };
  const complete = await resolve(provider, request, { onProgress: progress.solverProgress, signal: NEVER_ABORTED, progressIntervalMs: 100 });
  if (complete.ok) {
    const solution = complete.packages.map((p) => `${p.name}==${p.version}`).join(' ');
    return {
      kind: 'failed',
      result: run.result,
      explanation: null,
      explainError: `${chosen.label} reports no solution, but one exists: ${solution}. See “Engines” for both runs side by side.`,
      fallbackReport: engineRun.output.join('\n'),
      searchError: null,
      indexWarnings,
      live: liveSummary,
      engineRun,
    };
  }
  progress.enter('explaining', { ...complete.stats, round: complete.stats.rounds });
  const explained = await explain(provider, request, complete, job);
  return { kind: 'failed', result: complete, ...explained, indexWarnings, live: liveSummary, engineRun };
}

export function resolveWithSnapshot(loaded: LoadedIndex, request: ResolveRequest, job: ResolveJob, progress: RunProgressRelay): Promise<ResolveOutcome> {
  return resolveAndExplain(new IndexProvider(loaded.index), request, job, progress, loaded.warnings.map((w) => w.message), null);
}

/** Against a live index: an index that can't be read ends the run with no result, and says why. */
export async function resolveWithLiveIndex(session: LiveSession, request: ResolveRequest, job: ResolveJob, progress: RunProgressRelay): Promise<ResolveOutcome> {
  try {
    return await resolveAndExplain(session.provider, request, job, progress, [], session);
  } catch (error) {
    const failure = asIndexFailure(error);
    if (!failure) throw error;
    return { kind: 'index-error', error: failure, live: session.summary() };
  }
}
