/**
 * Explaining a resolve: the entry points the worker and the CLI call.
 *
 * - explainFailure: every voice, the special causes, the clash, the facts to draw, and —
 *   by resolving again within a time budget — the minimal conflict and checked fixes.
 * - whyInstalled / whyNotNewer: questions about a successful plan.
 */
import type { DependencyProvider, ResolveFailure, ResolveRequest, ResolveSuccess } from '../solver/index.ts';
import type { Wording } from './template.ts';
import type { Voice } from './wording.ts';
import type { Explanation, SpecialCause, WhyInstalled, WhyNotNewer } from './types.ts';
import { specialCauses } from './causes.ts';
import { findClash } from './clash.ts';
import { requirementLabel } from './versions.ts';
import { normalizeName } from '../pep508/index.ts';
import { conflictFacts } from './facts.ts';
import { findMinimalConflict } from './minimal.ts';
import { suggestFixes } from './suggest.ts';
import { renderVoices, headline } from './voices.ts';
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
}

export async function explainFailure(
  provider: DependencyProvider,
  request: ResolveRequest,
  failure: ResolveFailure,
  options: ExplainOptions = {},
): Promise<Explanation> {
  const tree = failure.derivation;
  const similar = new Map<string, readonly string[]>();
  for (const pkg of tree.packages) {
    if (!pkg.notFound || !provider.similarNames) continue;
    // A project that asks for the missing one is not what was meant.
    const askers = new Set(tree.nodes.filter((n) => n.cause.kind === 'dependency' && n.cause.dependency === pkg.id).map((n) => tree.packages[n.terms[0]!.pkg]!.project));
    const names = await provider.similarNames(pkg.project);
    similar.set(pkg.project, names.filter((name) => !askers.has(normalizeName(name))));
  }
  const causes = [...specialCauses(tree, (name) => similar.get(name) ?? []), ...skippedMetadata(failure)];
  const clash = findClash(tree, request.requirements.map((r) => requirementLabel(r.text)));
  const budget = new Budget(options.budgetMs ?? 2000, options.now ?? Date.now, options.signal);
  const search = options.search ?? true;
  const minimalConflict = search ? await findMinimalConflict(provider, request, failure, budget) : null;
  const suggestions = search ? await suggestFixes(provider, request, failure, { causes, minimal: minimalConflict, budget }) : [];
  const pieces = { request, failure, causes, clash, minimalConflict, suggestions };
  return {
    headline: headline(pieces, options.wording),
    voices: renderVoices(pieces, options.wording),
    lines: pubgrubLines(tree, options.wording?.pubgrub),
    causes,
    clash,
    facts: conflictFacts(tree, minimalConflict, clash),
    minimalConflict,
    suggestions,
  };
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
