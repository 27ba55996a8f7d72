/**
 * Explaining a resolve: the entry points the worker and the CLI call.
 *
 * - explainFailure: every separate problem (problems.ts), every voice with its hints, the
 *   special causes, the clash, the facts to draw, and — by resolving again within a time
 *   budget — the minimal conflict and checked fixes (which cure every problem at once).
 * - whyInstalled / whyNotNewer: questions about a successful plan.
 */
import type { DependencyProvider, ResolveFailure, ResolveRequest, ResolveSuccess } from '../solver/index.ts';
import type { Wording } from './template.ts';
import type { Voice } from './wording.ts';
import type { Explanation, OtherProblem, SpecialCause, Suggestion, WhyInstalled, WhyNotNewer } from './types.ts';
import { specialCauses } from './causes.ts';
import { findClash } from './clash.ts';
import { requirementLabel } from './versions.ts';
import { normalizeName } from '../pep508/index.ts';
import { conflictFacts } from './facts.ts';
import { findMinimalConflict, proofUsesPython } from './minimal.ts';
import { combineFixes, suggestFixes } from './suggest.ts';
import { renderVoices, headline, type ProblemFindings } from './voices.ts';
import { findProblems, partFor } from './problems.ts';
import { hintLines } from './hints.ts';
import { pipFoundVersions, type PipFound } from './pip-versions.ts';
import { PUBGRUB } from './wording.ts';
import { pubgrubLines } from './pubgrub.ts';
import { whyInstalledIn, whyNotNewerIn } from './why.ts';
import { Budget } from './budget.ts';

export interface ExplainOptions {
  /** Replacement wording per voice (keys missing here fall back to the built-in tables). */
  readonly wording?: Partial<Record<Voice, Wording>>;
  /** Look for the minimal conflict and checked fixes by resolving again (default true). */
  readonly search?: boolean;
  /** Time allowed for that search, in milliseconds (default 2000). */
  readonly budgetMs?: number;
  readonly signal?: { readonly aborted: boolean };
  readonly now?: () => number;
  /** The last plan the person saw resolve: each fix says what it changes against it. */
  readonly previousPlan?: Readonly<Record<string, string>> | null;
  /** Where the target Python was set, for the hint ("--python 3.13"). */
  readonly pythonSource?: string;
}

/** The special causes of one proof, close names for missing projects included. */
async function causesOf(provider: DependencyProvider, failure: ResolveFailure): Promise<SpecialCause[]> {
  const tree = failure.derivation;
  const similar = new Map<string, readonly string[]>();
  for (const pkg of tree.packages) {
    if (!pkg.notFound || !provider.similarNames) continue;
    // A project that asks for the missing one is not what was meant.
    const askers = new Set(tree.nodes.filter((n) => n.cause.kind === 'dependency' && n.cause.dependency === pkg.id).map((n) => tree.packages[n.terms[0]!.pkg]!.project));
    const names = await provider.similarNames(pkg.project);
    similar.set(pkg.project, names.filter((name) => !askers.has(normalizeName(name))));
  }
  return [...specialCauses(tree, (name) => similar.get(name) ?? []), ...skippedMetadata(failure)];
}

export async function explainFailure(
  provider: DependencyProvider,
  request: ResolveRequest,
  failure: ResolveFailure,
  options: ExplainOptions = {},
): Promise<Explanation> {
  const budget = new Budget(options.budgetMs ?? 2000, options.now ?? Date.now, options.signal);
  const search = options.search ?? true;
  const order = request.requirements.map((r) => requirementLabel(r.text));
  // Every separate problem, each with its own proof (found even without the search for fixes).
  const problems = await findProblems(provider, request, failure, budget, { tolerant: !search });
  // The budget ran out while separate problems were being looked for: say so rather than pass for complete.
  const problemsCut = budget.aborted && !budget.cancelled;
  const found: (ProblemFindings & { prereleasesHelp: boolean | null })[] = [];
  for (const problem of problems) {
    found.push({ failure: problem.failure, causes: await causesOf(provider, problem.failure), clash: findClash(problem.failure.derivation, order), prereleasesHelp: problem.prereleasesHelp });
  }
  const first = found[0]!;
  const allCauses = uniqueCauses(found.flatMap((p) => p.causes));
  const minimalConflict = search ? await findMinimalConflict(provider, request, first.failure, budget) : null;
  const fixOptions = { wording: options.wording?.plain, previousPlan: options.previousPlan ?? null };
  let suggestions: Suggestion[] = [];
  if (search && found.length === 1) {
    suggestions = await suggestFixes(provider, request, first.failure, { causes: first.causes, minimal: minimalConflict, budget, ...fixOptions });
  } else if (search) {
    // A fix for one problem alone still fails on the others: fixes are found per problem, then put together.
    const perProblem: Suggestion[][] = [];
    for (let i = 0; i < found.length; i++) {
      const part = partFor(request, problems, i);
      perProblem.push(await suggestFixes(provider, part, found[i]!.failure, { causes: found[i]!.causes, minimal: null, budget, limit: 3, totalRequirements: request.requirements.length, wording: fixOptions.wording }));
    }
    suggestions = await combineFixes(provider, request, perProblem, budget, { ...fixOptions, causes: allCauses });
  }
  // Whether the search for fixes ran out of time (a fix might exist that was not tried).
  const searchCut = search && budget.aborted && !budget.cancelled;
  const pipVersions: Record<string, PipFound> = {};
  for (const cause of allCauses) {
    if (cause.kind === 'invalidMetadata' || cause.package in pipVersions) continue;
    // Projects in the proof are at hand already; should one not be, the pip voice says what the proof knows.
    const found = await pipFoundVersions(provider, request, cause.package).catch(() => null);
    if (found) pipVersions[cause.package] = found;
  }
  const hints = hintLines(
    {
      causes: allCauses,
      python: request.target?.python ?? failure.derivation.python,
      pythonInvolved: found.some((p) => proofUsesPython(p.failure)),
      prereleasesHelp: found.some((p) => p.prereleasesHelp === true) ? true : found.every((p) => p.prereleasesHelp === false) ? false : null,
      ...(options.pythonSource ? { pythonSource: options.pythonSource } : {}),
    },
    { ...PUBGRUB, ...(options.wording?.pubgrub ?? {}) },
  );
  const pieces = {
    request,
    failure: first.failure,
    causes: first.causes,
    clash: first.clash,
    minimalConflict,
    suggestions,
    others: found.slice(1),
    searched: search,
    searchCut,
    pipVersions,
    hints,
  };
  const otherProblems: OtherProblem[] = found.slice(1).map((p, i) => ({
    requirements: problems[i + 1]!.requirements,
    headline: headline({ ...pieces, failure: p.failure, causes: p.causes, clash: p.clash, minimalConflict: null, others: [] }, options.wording),
    clash: p.clash,
    causes: p.causes,
    lines: pubgrubLines(p.failure.derivation, options.wording?.pubgrub),
  }));
  return {
    headline: headline(pieces, options.wording),
    voices: renderVoices(pieces, options.wording),
    lines: pubgrubLines(first.failure.derivation, options.wording?.pubgrub),
    causes: allCauses,
    clash: first.clash,
    facts: conflictFacts(first.failure.derivation, minimalConflict, first.clash),
    minimalConflict,
    suggestions,
    otherProblems,
    hints,
    fixesComplete: !searchCut,
    problemsComplete: !problemsCut,
  };
}

function uniqueCauses(causes: readonly SpecialCause[]): SpecialCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Invalid metadata that was skipped, for the packages the proof speaks of. */
function skippedMetadata(failure: ResolveFailure): SpecialCause[] {
  const inProof = new Set(failure.derivation.packages.filter((p) => p.versions.length > 0 || p.notFound).map((p) => p.project));
  const byPackage = new Map<string, string[]>();
  for (const warning of failure.warnings) {
    // Unparseable version strings are mostly ancient releases; a skipped requirement or
    // Requires-Python can change the outcome, so those are the ones worth saying.
    if (!warning.project || !['invalid-requirement', 'invalid-requires-python'].includes(warning.kind)) continue;
    if (!inProof.has(normalizeName(warning.project))) continue;
    byPackage.set(warning.project, [...(byPackage.get(warning.project) ?? []), warning.message]);
  }
  return [...byPackage].map(([pkg, messages]) => ({ kind: 'invalidMetadata' as const, package: pkg, messages }));
}

export function whyInstalled(success: ResolveSuccess, name: string): WhyInstalled {
  return whyInstalledIn(success, name);
}

export async function whyNotNewer(
  provider: DependencyProvider,
  request: ResolveRequest,
  success: ResolveSuccess,
  name: string,
  options: Pick<ExplainOptions, 'signal' | 'wording'> = {},
): Promise<WhyNotNewer> {
  return whyNotNewerIn(provider, request, success, name, options);
}
