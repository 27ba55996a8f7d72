/**
 * The environment a resolve installs into, as the page sends it: what is installed (pip
 * freeze, pip list, pip inspect or pylock.toml text), constraints, overrides and pip's
 * upgrade options. Read here, applied around the provider and the request, and the plan's
 * actions returned beside the result.
 */
import {
  normalizeName,
  OverridesProvider,
  tryParseVersion,
  WhatIfProvider,
  parseConstraints,
  parseInstalledSet,
  parseRequirementsTxt,
  pipConflictMessage,
  resolveInto,
  type BrokenRequirement,
  type DependencyProvider,
  type InstalledSet,
  type InstallIntoOptions,
  type OverrideUse,
  type PlannedChange,
  type Problem,
  type ResolveHooks,
  type ResolveRequest,
  type ResolveResult,
} from '../core/index.ts';

export interface InstallTargetJob {
  /** What is installed, as pasted; '' for an empty environment. */
  readonly installed: string;
  readonly constraints: string;
  readonly overrides: string;
  readonly options: InstallIntoOptions;
  /** "What if": one release's requirements replaced for this resolve (requirements one per line). */
  readonly whatIf?: { readonly project: string; readonly version: string; readonly requires: string } | null;
}

/** What the plan does to the environment, for the page and the terminal. */
export interface InstallPlan {
  readonly changes: readonly PlannedChange[];
  readonly broken: readonly BrokenRequirement[];
  /** pip's post-install words for `broken` (empty when nothing breaks). */
  readonly pipMessage: readonly string[];
  readonly needsConfirmation: boolean;
  readonly unchecked: readonly string[];
  readonly overridden: readonly OverrideUse[];
  /** The installed set as read (its format and packages). */
  readonly installedCount: number;
  readonly installedFormat: InstalledSet['format'];
}

export interface PreparedTarget {
  readonly provider: DependencyProvider;
  readonly request: ResolveRequest;
  readonly installed: InstalledSet | null;
  readonly overrides: OverridesProvider | null;
  readonly options: InstallIntoOptions;
}

function tagged(problems: readonly Problem[], box: string): Problem[] {
  return problems.map((p) => ({ ...p, message: `${box}: ${p.message}`, source: box }));
}

/** The environment's text read and applied to a request, or the problems that stop it. */
export function prepareInstallTarget(target: InstallTargetJob, provider: DependencyProvider, request: ResolveRequest): PreparedTarget | { problems: Problem[] } {
  const problems: Problem[] = [];
  const installed = target.installed.trim() ? parseInstalledSet(target.installed, 'installed packages') : null;
  if (installed) problems.push(...tagged(installed.problems.filter((p) => p.severity === 'error'), 'Installed packages'));
  const constraints = parseConstraints(target.constraints, 'constraints');
  problems.push(...tagged(constraints.problems.filter((p) => p.severity === 'error'), 'Constraints'));
  const overridesFile = parseRequirementsTxt(target.overrides, 'overrides');
  problems.push(...tagged(overridesFile.problems.filter((p) => p.severity === 'error'), 'Overrides'));
  if (problems.length) return { problems };
  let base = provider;
  const whatIf = target.whatIf;
  if (whatIf && whatIf.project.trim()) {
    const edited = parseRequirementsTxt(whatIf.requires, 'what if');
    const bad = edited.problems.filter((p) => p.severity === 'error');
    if (bad.length) return { problems: tagged(bad, 'What if') };
    if (!tryParseVersion(whatIf.version.trim())) return { problems: [{ severity: 'error', message: `What if: '${whatIf.version}' is not a version`, line: 1, column: 1, source: 'What if' }] };
    base = new WhatIfProvider(provider, { project: normalizeName(whatIf.project.trim()), version: whatIf.version.trim(), requiresDist: edited.requirements.map((r) => r.text) });
  }
  const overrideList = overridesFile.requirements.map((r) => r.requirement);
  const overrides = overrideList.length ? new OverridesProvider(base, overrideList) : null;
  return {
    provider: overrides ?? base,
    request: { ...request, constraints: [...(request.constraints ?? []), ...constraints.constraints] },
    installed,
    overrides,
    options: target.options,
  };
}

/** Resolves into the prepared environment: the plain result, and the plan's actions when anything is installed. */
export async function resolvePrepared(prepared: PreparedTarget, hooks: ResolveHooks): Promise<{ result: ResolveResult; plan: InstallPlan | null }> {
  const installed = prepared.installed ?? { format: 'pip-freeze' as const, packages: [], environment: null, problems: [] };
  const out = await resolveInto(prepared.provider, prepared.request, installed, prepared.options, hooks);
  const plan: InstallPlan = {
    changes: out.changes,
    broken: out.broken,
    pipMessage: pipConflictMessage(out.broken),
    needsConfirmation: out.needsConfirmation,
    unchecked: out.unchecked,
    overridden: prepared.overrides?.uses ?? [],
    installedCount: installed.packages.length,
    installedFormat: installed.format,
  };
  return { result: out.result, plan };
}

/** Whether the environment asks for anything beyond a plain resolve. */
export function isEmptyTarget(target: InstallTargetJob | undefined): boolean {
  if (!target) return true;
  const o = target.options;
  return !target.installed.trim() && !target.constraints.trim() && !target.overrides.trim() && !o.noDeps && !target.whatIf?.project.trim();
}
