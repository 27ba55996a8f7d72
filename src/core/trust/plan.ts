/**
 * What the advisories say of an install plan: each affected package with its advisories (id,
 * summary, aliases, fixed versions), the ones you chose to ignore with your reason, and the
 * chains of requirements from yours that pulled it in (the question pip-audit users ask).
 * Also the PEP 792 statuses of the plan's projects (archived, deprecated) as warnings.
 */
import { normalizeName } from '../pep508/index.ts';
import type { ProjectStatus } from '../index/model.ts';
import type { DependencyProvider, ResolveSuccess } from '../solver/index.ts';
import { whyInstalled } from '../explain/index.ts';
import { nextFixed, type AdvisoryHit, type AdvisoryIndex } from './match.ts';

/** An advisory you decided does not apply, with why (kept in the scenario, shown beside the plan). */
export interface IgnoredAdvisory {
  readonly id: string;
  readonly reason: string;
}

export interface AffectedPackage {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  /** Advisories that count (not ignored), by id. */
  readonly advisories: readonly AdvisoryHit[];
  /** Advisories that affect it but that you ignore, with your reason. */
  readonly ignored: readonly { readonly advisory: AdvisoryHit; readonly reason: string }[];
  /** The lowest version that escapes every counted advisory with a fix, or null. */
  readonly fixedIn: string | null;
  /** Each chain starts with your requirement: ["you require flask", "flask 2.3.3 requires Werkzeug>=2.3.7"]. */
  readonly chains: readonly (readonly string[])[];
}

export interface PlanAudit {
  /** Packages of the plan with any advisory (counted or ignored), by name. */
  readonly packages: readonly AffectedPackage[];
  /** Packages with at least one advisory that counts. */
  readonly affected: number;
  /** Distinct advisory ids that count. */
  readonly advisories: number;
  /** Distinct advisory ids ignored. */
  readonly ignored: number;
}

export interface StatusNote {
  readonly package: string;
  readonly status: Exclude<ProjectStatus, 'active'>;
  readonly reason: string | null;
  /** "foo is archived by its maintainers: it will get no more updates ("reason")". */
  readonly text: string;
}

/** Ids in the ignore list, normalised (ids are matched without regard to case, aliases too). */
export function ignoredIds(ignore: readonly IgnoredAdvisory[]): Map<string, string> {
  return new Map(ignore.map((i) => [i.id.trim().toUpperCase(), i.reason]));
}

function ignoreReason(hit: AdvisoryHit, ids: ReadonlyMap<string, string>): string | undefined {
  return ids.get(hit.id.toUpperCase()) ?? hit.aliases.map((a) => ids.get(a.toUpperCase())).find((r) => r !== undefined);
}

/** Splits the hits of one release into the ones that count and the ones ignored. */
export function splitIgnored(hits: readonly AdvisoryHit[], ignore: readonly IgnoredAdvisory[]): { counted: AdvisoryHit[]; ignored: { advisory: AdvisoryHit; reason: string }[] } {
  const ids = ignoredIds(ignore);
  const counted: AdvisoryHit[] = [];
  const ignored: { advisory: AdvisoryHit; reason: string }[] = [];
  for (const hit of hits) {
    const reason = ignoreReason(hit, ids);
    if (reason === undefined) counted.push(hit);
    else ignored.push({ advisory: hit, reason });
  }
  return { counted, ignored };
}

export function auditPlan(success: ResolveSuccess, advisories: AdvisoryIndex, ignore: readonly IgnoredAdvisory[] = []): PlanAudit {
  const packages: AffectedPackage[] = [];
  const counted = new Set<string>();
  const ignoredSet = new Set<string>();
  for (const p of success.packages) {
    const hits = advisories.affecting(p.key, p.version);
    if (hits.length === 0) continue;
    const split = splitIgnored(hits, ignore);
    split.counted.forEach((h) => counted.add(h.id));
    split.ignored.forEach((h) => ignoredSet.add(h.advisory.id));
    packages.push({
      key: p.key,
      name: p.name,
      version: p.version,
      advisories: split.counted,
      ignored: split.ignored,
      fixedIn: nextFixed(split.counted, p.version),
      chains: whyInstalled(success, p.name).chains,
    });
  }
  packages.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { packages, affected: packages.filter((p) => p.advisories.length > 0).length, advisories: counted.size, ignored: ignoredSet.size };
}

const STATUS_TEXT: Record<StatusNote['status'], string> = {
  archived: '{name} is archived by its maintainers: it will get no more updates',
  deprecated: '{name} is deprecated by its maintainers',
  quarantined: '{name} is quarantined by the index: its files are not offered',
};

export function statusText(name: string, status: StatusNote['status'], reason: string | null): string {
  return STATUS_TEXT[status].replace('{name}', name) + (reason ? ` ("${reason}")` : '');
}

/** PEP 792 statuses of the plan's projects that are not `active`. */
export async function statusNotes(provider: DependencyProvider, success: ResolveSuccess): Promise<StatusNote[]> {
  const notes: StatusNote[] = [];
  for (const p of success.packages) {
    const project = await provider.getProject(normalizeName(p.key));
    if (!project || project.status === 'active') continue;
    notes.push({ package: p.name, status: project.status, reason: project.statusReason, text: statusText(p.name, project.status, project.statusReason) });
  }
  return notes;
}

/**
 * The watch list's question for one saved plan: which packages does `after` affect with an
 * advisory that `before` did not (by id), e.g. after the advisory data is refreshed.
 */
export function newlyAffected(success: ResolveSuccess, before: AdvisoryIndex, after: AdvisoryIndex, ignore: readonly IgnoredAdvisory[] = []): AffectedPackage[] {
  const known = new Set(auditPlan(success, before, ignore).packages.flatMap((p) => p.advisories.map((a) => `${p.key} ${a.id}`)));
  return auditPlan(success, after, ignore).packages.filter((p) => p.advisories.some((a) => !known.has(`${p.key} ${a.id}`)));
}
