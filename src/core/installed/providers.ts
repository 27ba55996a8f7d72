/**
 * Providers layered over an index's provider, each changing one thing the resolver sees:
 * installed versions the index lacks, `--no-deps`, overrides (uv's, pip #8076), and a
 * "what if" edit of one release's requirements. The solver stays unaware of all of them.
 */
import { compareVersions, tryParseVersion } from '../pep440/index.ts';
import { parseRequirement, tryParseRequirement, type Requirement } from '../pep508/index.ts';
import type { DataWarning } from '../index/model.ts';
import { LayeredProvider, type Candidate, type CandidateMetadata, type DependencyProvider, type IndexFile, type MaybePromise, type ProjectCandidates } from '../solver/provider.ts';
import type { InstalledPackage } from './installed-set.ts';

function then<T, U>(value: MaybePromise<T>, next: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Installed versions the index does not offer (removed from the index, built locally) become
 * candidates of their own, with the installed metadata when the form gave it, so keeping them
 * is possible, as pip keeps what is installed.
 */
export class InstalledCandidatesProvider extends LayeredProvider {
  /** Per project key: the candidate list with the installed one, and where each index came from (-1: installed). */
  private readonly merged = new Map<string, { project: ProjectCandidates | null; origin: number[]; installed: InstalledPackage }>();

  constructor(
    inner: DependencyProvider,
    private readonly installed: ReadonlyMap<string, InstalledPackage>,
  ) {
    super(inner);
  }

  override getProject(key: string): MaybePromise<ProjectCandidates | null> {
    const dist = this.installed.get(key);
    const version = dist ? tryParseVersion(dist.version) : null;
    if (!dist || !version || dist.direct) return this.inner.getProject(key);
    const known = this.merged.get(key);
    if (known) return known.project;
    return then(this.inner.getProject(key), (project) => {
      const base = project?.candidates ?? [];
      const origin = base.map((_, i) => i);
      if (base.some((c) => compareVersions(c.version, version) === 0)) {
        this.merged.set(key, { project, origin, installed: dist });
        return project;
      }
      const candidate: Candidate = { version, yanked: false, requiresPython: dist.requiresPython, sdist: true, wheelTags: null, uploadTime: null };
      const at = base.findIndex((c) => compareVersions(c.version, version) > 0);
      const position = at < 0 ? base.length : at;
      const candidates = [...base.slice(0, position), candidate, ...base.slice(position)];
      origin.splice(position, 0, -1);
      const merged: ProjectCandidates = project
        ? { ...project, candidates }
        : { key, name: dist.name, candidates, status: 'active', statusReason: null, warnings: [] };
      this.merged.set(key, { project: merged, origin, installed: dist });
      return merged;
    });
  }

  override getMetadata(key: string, index: number): MaybePromise<CandidateMetadata> {
    const known = this.merged.get(key);
    if (!known) return this.inner.getMetadata(key, index);
    const from = known.origin[index];
    if (from === undefined || from >= 0) return this.inner.getMetadata(key, from ?? index);
    return installedMetadata(known.installed);
  }

  override peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    const known = this.merged.get(key);
    if (!known) return this.inner.peekMetadata?.(key, index);
    const from = known.origin[index];
    if (from === undefined || from < 0) return undefined;
    return this.inner.peekMetadata?.(key, from);
  }

  override prefetch(key: string, indices: readonly number[]): void {
    const known = this.merged.get(key);
    const mapped = known ? indices.map((i) => known.origin[i] ?? -1).filter((i) => i >= 0) : indices;
    this.inner.prefetch?.(key, mapped);
  }

  override indexFile(key: string, index: number, wheelTag: string | null): IndexFile | undefined {
    const known = this.merged.get(key);
    const from = known ? known.origin[index] : index;
    return from === undefined || from < 0 ? undefined : this.inner.indexFile?.(key, from, wheelTag);
  }
}

function installedMetadata(dist: InstalledPackage): CandidateMetadata {
  const requirements: Requirement[] = [];
  const warnings: DataWarning[] = [];
  if (dist.requiresDist === null) {
    warnings.push({
      kind: 'unsupported',
      project: dist.name,
      version: dist.version,
      message: `${dist.name} ${dist.version} is installed but not in the index, and the installed set does not say what it requires (use 'pip inspect' for that); it is taken to require nothing`,
    });
  }
  for (const text of dist.requiresDist ?? []) {
    const requirement = tryParseRequirement(text);
    if (requirement) requirements.push(requirement);
    else warnings.push({ kind: 'invalid-requirement', project: dist.name, version: dist.version, message: `${dist.name} ${dist.version} (installed): skipped the invalid requirement ${JSON.stringify(text)}` });
  }
  return { requirements, providesExtra: [], warnings };
}

/** `--no-deps`: every release requires nothing. */
export class NoDependenciesProvider extends LayeredProvider {
  override getMetadata(key: string, index: number): MaybePromise<CandidateMetadata> {
    return then(this.inner.getMetadata(key, index), (metadata) => ({ ...metadata, requirements: [] }));
  }
  override peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    const metadata = this.inner.peekMetadata?.(key, index);
    return metadata && { ...metadata, requirements: [] };
  }
}

/** One replaced requirement: which release's requirement was replaced by which override. */
export interface OverrideUse {
  readonly project: string;
  readonly version: string;
  readonly replaced: string;
  readonly override: string;
}

/**
 * Overrides (uv's `--override`, pip #8076): every requirement any release makes on an
 * overridden project is replaced by the user's. The uses are recorded for the warning.
 */
export class OverridesProvider extends LayeredProvider {
  readonly uses: OverrideUse[] = [];
  private readonly seen = new Set<string>();
  private readonly byKey: ReadonlyMap<string, readonly Requirement[]>;

  constructor(inner: DependencyProvider, overrides: readonly Requirement[]) {
    super(inner);
    const byKey = new Map<string, Requirement[]>();
    for (const o of overrides) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o]);
    this.byKey = byKey;
  }

  override getMetadata(key: string, index: number): MaybePromise<CandidateMetadata> {
    return then(this.inner.getMetadata(key, index), (metadata) => this.override(key, index, metadata));
  }

  override peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    const metadata = this.inner.peekMetadata?.(key, index);
    return metadata && this.override(key, index, metadata);
  }

  private override(key: string, index: number, metadata: CandidateMetadata): CandidateMetadata {
    if (!metadata.requirements.some((r) => this.byKey.has(r.key))) return metadata;
    const project = this.inner.getProject(key);
    const version = project instanceof Promise ? String(index) : (project?.candidates[index]?.version.text ?? String(index));
    const requirements: Requirement[] = [];
    const added = new Set<string>();
    for (const r of metadata.requirements) {
      const replacements = this.byKey.get(r.key);
      if (!replacements) {
        requirements.push(r);
        continue;
      }
      // Keep the requirement's extras: `foo[bar]>=1` overridden by `foo<2` becomes `foo[bar]<2`.
      for (const o of replacements) {
        const text = r.extras.length && !o.extras.length ? withExtras(o, r.extras) : o.text;
        const marker = r.marker && !o.marker ? `${text}; ${markerText(r)}` : text;
        if (added.has(marker)) continue;
        added.add(marker);
        requirements.push(parseRequirement(marker));
        const use = `${key}|${version}|${r.text}|${o.text}`;
        if (!this.seen.has(use)) {
          this.seen.add(use);
          this.uses.push({ project: key, version, replaced: r.text, override: o.text });
        }
      }
    }
    return { ...metadata, requirements };
  }
}

function withExtras(r: Requirement, extras: readonly string[]): string {
  const head = `${r.name}[${extras.join(',')}]`;
  return `${head}${r.text.slice(r.name.length).split(';')[0]!.trim()}`;
}

function markerText(r: Requirement): string {
  const at = r.text.indexOf(';');
  return at < 0 ? '' : r.text.slice(at + 1).trim();
}

/** "What if": one release's requirements replaced for one resolve. */
export class WhatIfProvider extends LayeredProvider {
  constructor(
    inner: DependencyProvider,
    private readonly edit: { readonly project: string; readonly version: string; readonly requiresDist: readonly string[] },
  ) {
    super(inner);
  }

  private target(key: string, index: number): boolean {
    if (key !== this.edit.project) return false;
    const project = this.inner.getProject(key);
    if (project instanceof Promise || !project) return false;
    const candidate = project.candidates[index];
    const wanted = tryParseVersion(this.edit.version);
    return !!candidate && !!wanted && compareVersions(candidate.version, wanted) === 0;
  }

  override getMetadata(key: string, index: number): MaybePromise<CandidateMetadata> {
    if (!this.target(key, index)) return this.inner.getMetadata(key, index);
    return then(this.inner.getMetadata(key, index), (metadata) => ({ ...metadata, requirements: this.edit.requiresDist.map((t) => parseRequirement(t)) }));
  }

  override peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    return this.target(key, index) ? undefined : this.inner.peekMetadata?.(key, index);
  }
}
