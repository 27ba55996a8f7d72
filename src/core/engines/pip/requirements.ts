/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/requirements.py` and `base.py`
 * (`format_name`), with the part of `pip/_internal/req/req_install.py` the words need: an
 * install requirement's text and where it came from (`from_path()`: "celery[redis]>=5.3->-r
 * requirements.txt (line 15)").
 */
import { containsVersion, type SpecifierSet } from '../../pep440/index.ts';
import { normalizeName, type Requirement } from '../../pep508/index.ts';
import type { PipCandidate, RequiresPythonCandidate } from './candidates.ts';
import { requirementText, specifierSetText, writtenExtras } from './packaging.ts';

/** `InstallRequirement`, reduced to what resolving from an index uses. */
export interface InstallRequirement {
  readonly req: Requirement;
  /** `str(ireq.req)`. */
  readonly text: string;
  /** The extras as written (packaging 21.3 keeps their spelling). */
  readonly extras: readonly string[];
  /** "-r requirements.txt (line 1)", the requiring candidate's install requirement, or null. */
  readonly comesFrom: InstallRequirement | string | null;
  readonly userSupplied: boolean;
}

export function makeInstallRequirement(req: Requirement, comesFrom: InstallRequirement | string | null, userSupplied = false): InstallRequirement {
  return { req, text: requirementText(req), extras: writtenExtras(req), comesFrom, userSupplied };
}

/** `InstallRequirement.from_path()`: "req->parent->-r requirements.txt (line 1)". */
export function fromPath(ireq: InstallRequirement): string {
  let text = ireq.text;
  if (ireq.comesFrom !== null) {
    const from = typeof ireq.comesFrom === 'string' ? ireq.comesFrom : fromPath(ireq.comesFrom);
    if (from) text += `->${from}`;
  }
  return text;
}

/** `canonicalize_name` as pip's packaging 21.3 does it. */
export function canonicalizeName(name: string): string {
  return normalizeName(name);
}

/** `format_name(project, extras)`: "name[a,b]" with the extras canonicalised and sorted. */
export function formatName(project: string, extras: readonly string[]): string {
  if (extras.length === 0) return project;
  return `${project}[${[...new Set(extras.map(canonicalizeName))].sort().join(',')}]`;
}

export type PipRequirement = ExplicitRequirement | SpecifierRequirement | RequiresPythonRequirement | UnsatisfiableRequirement;

/** `get_candidate_lookup()`: an explicit candidate, or the install requirement to look up. */
export type CandidateLookup = readonly [PipCandidate | null, InstallRequirement | null];

export class ExplicitRequirement {
  readonly kind = 'explicit';
  constructor(readonly candidate: PipCandidate) {}
  get name(): string {
    return this.candidate.name;
  }
  get projectName(): string {
    return this.candidate.projectName;
  }
  toString(): string {
    return this.candidate.toString();
  }
  formatForError(): string {
    return this.candidate.formatForError();
  }
  getCandidateLookup(): CandidateLookup {
    return [this.candidate, null];
  }
  isSatisfiedBy(candidate: PipCandidate): boolean {
    return candidate.equals(this.candidate);
  }
}

export class SpecifierRequirement {
  readonly kind = 'specifier';
  readonly name: string;
  readonly projectName: string;
  constructor(readonly ireq: InstallRequirement) {
    this.projectName = canonicalizeName(ireq.req.name);
    this.name = formatName(this.projectName, ireq.extras);
  }
  toString(): string {
    return this.ireq.text;
  }
  /** Comma-separated specifiers become "A, B and C" (pip's wording). */
  formatForError(): string {
    const parts = this.toString()
      .split(',')
      .map((s) => s.trim());
    if (parts.length === 1) return parts[0]!;
    return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  }
  getCandidateLookup(): CandidateLookup {
    return [null, this.ireq];
  }
  /** Pre-releases always count here: the finder already applied the pre-release rule. */
  isSatisfiedBy(candidate: PipCandidate): boolean {
    return containsVersion(this.ireq.req.specifier, candidate.version, { prereleases: true });
  }
}

export class RequiresPythonRequirement {
  readonly kind = 'python';
  constructor(
    readonly specifier: SpecifierSet,
    private readonly candidate: RequiresPythonCandidate,
  ) {}
  get name(): string {
    return this.candidate.name;
  }
  get projectName(): string {
    return this.candidate.projectName;
  }
  toString(): string {
    return `Python ${specifierSetText(this.specifier)}`;
  }
  formatForError(): string {
    return this.toString();
  }
  getCandidateLookup(): CandidateLookup {
    if (containsVersion(this.specifier, this.candidate.version, { prereleases: true })) return [this.candidate, null];
    return [null, null];
  }
  isSatisfiedBy(candidate: PipCandidate): boolean {
    return containsVersion(this.specifier, candidate.version, { prereleases: true });
  }
}

export class UnsatisfiableRequirement {
  readonly kind = 'unsatisfiable';
  constructor(readonly name: string) {}
  get projectName(): string {
    return this.name;
  }
  toString(): string {
    return `${this.name} (unavailable)`;
  }
  formatForError(): string {
    return this.toString();
  }
  getCandidateLookup(): CandidateLookup {
    return [null, null];
  }
  isSatisfiedBy(): boolean {
    return false;
  }
}
