/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/candidates.py`: `LinkCandidate` (a file
 * of the index, prepared once: its metadata read), `ExtrasCandidate` (`foo[extra]`, which
 * depends on its exact base and on the extra's requirements) and `RequiresPythonCandidate`
 * (the interpreter). Already-installed and editable candidates do not arise here (pip is run
 * with --ignore-installed against an index).
 */
import { evaluateMarker, type MarkerEnvironment, type Requirement } from '../../pep508/index.ts';
import { formatVersion, type Version } from '../../pep440/index.ts';
import type { CandidateMetadata } from '../../solver/provider.ts';
import type { Link } from './finder.ts';
import type { RawRelease } from './log.ts';
import { ExplicitRequirement, formatName, type InstallRequirement, type PipRequirement } from './requirements.ts';
import { safeExtra } from './packaging.ts';

/** The identifier pip gives the interpreter, chosen not to clash with a PyPI project "Python". */
export const REQUIRES_PYTHON_IDENTIFIER = '<Python from Requires-Python>';

/** What candidates need from the factory: requirements made from their metadata. */
export interface CandidateFactory {
  readonly markers: MarkerEnvironment;
  makeRequirementFromSpec(req: Requirement, comesFrom: InstallRequirement, requestedExtras: readonly string[]): PipRequirement | null;
  makeRequiresPythonRequirement(specifier: string | null): PipRequirement | null;
  warning(message: string): void;
}

export type PipCandidate = LinkCandidate | ExtrasCandidate | RequiresPythonCandidate;

export class LinkCandidate {
  readonly kind = 'link';
  constructor(
    readonly link: Link,
    readonly linkUrl: string,
    readonly ireq: InstallRequirement,
    private readonly factory: CandidateFactory,
    readonly projectName: string,
    readonly version: Version,
    readonly metadata: CandidateMetadata,
    readonly raw: RawRelease,
  ) {}

  get name(): string {
    return this.projectName;
  }

  toString(): string {
    return `${this.name} ${versionString(this.version)}`;
  }

  equals(other: PipCandidate): boolean {
    return other === this;
  }

  /** "name version (from URL)", the URL being the link as pip prints it. */
  formatForError(): string {
    return `${this.name} ${versionString(this.version)} (from ${this.linkUrl})`;
  }

  /** `dist.iter_dependencies(extras)` (importlib backend): markers read with `extra` set to each extra, or to "". */
  distDependencies(extras: readonly string[]) {
    return this.metadata.requirements.filter((req) => {
      if (!req.marker) return true;
      if (extras.length === 0) return evaluateMarker(req.marker, { ...this.factory.markers, extra: '' });
      return extras.some((e) => evaluateMarker(req.marker!, this.factory.markers, [safeExtra(e)]));
    });
  }

  /** Provides-Extra as the metadata spells it. */
  providedExtras(): readonly string[] {
    return this.raw.providesExtra;
  }

  *iterDependencies(withRequires: boolean): Generator<PipRequirement | null> {
    if (withRequires) for (const r of this.distDependencies([])) yield this.factory.makeRequirementFromSpec(r, this.ireq, []);
    yield this.factory.makeRequiresPythonRequirement(this.link.candidate.requiresPython);
  }

  getInstallRequirement(): InstallRequirement | null {
    return this.ireq;
  }
}

export class ExtrasCandidate {
  readonly kind = 'extras';
  readonly name: string;
  constructor(
    readonly base: LinkCandidate,
    /** As written in the requirements (a frozenset upstream; kept sorted here). */
    readonly extras: readonly string[],
    private readonly factory: CandidateFactory,
  ) {
    this.name = formatName(base.projectName, extras);
  }

  get projectName(): string {
    return this.base.projectName;
  }

  get version(): Version {
    return this.base.version;
  }

  toString(): string {
    const [name, ...rest] = this.base.toString().split(' ');
    return `${name}[${this.extras.join(',')}] ${rest.join(' ')}`;
  }

  equals(other: PipCandidate): boolean {
    return other.kind === 'extras' && other.base.equals(this.base) && other.extras.length === this.extras.length && other.extras.every((e) => this.extras.includes(e));
  }

  formatForError(): string {
    return `${this.base.formatForError()} [${[...this.extras].sort().join(', ')}]`;
  }

  *iterDependencies(withRequires: boolean): Generator<PipRequirement | null> {
    // The exact base first: foo[a] 1.0 and foo[b] 2.0 must not both be chosen.
    yield new ExplicitRequirement(this.base);
    if (!withRequires) return;
    // Extras the candidate does not provide are ignored, with a warning each time.
    const provided = this.base.providedExtras();
    const valid = this.extras.filter((e) => provided.includes(e));
    const invalid = this.extras.filter((e) => !provided.includes(e)).sort();
    for (const extra of invalid) this.factory.warning(`${this.base.name} ${versionString(this.version)} does not provide the extra '${extra}'`);
    for (const r of this.base.distDependencies(valid)) {
      const requirement = this.factory.makeRequirementFromSpec(r, this.base.ireq, valid);
      if (requirement) yield requirement;
    }
  }

  getInstallRequirement(): InstallRequirement | null {
    return null;
  }
}

export class RequiresPythonCandidate {
  readonly kind = 'python';
  readonly name = REQUIRES_PYTHON_IDENTIFIER;
  readonly projectName = REQUIRES_PYTHON_IDENTIFIER;
  constructor(readonly version: Version) {}
  toString(): string {
    return `Python ${versionString(this.version)}`;
  }
  equals(other: PipCandidate): boolean {
    return other === this;
  }
  formatForError(): string {
    return this.toString();
  }
  *iterDependencies(_withRequires: boolean): Generator<PipRequirement | null> {}
  getInstallRequirement(): InstallRequirement | null {
    return null;
  }
}

/** `str(Version)`: the normalised form. */
export function versionString(v: Version): string {
  return formatVersion(v);
}
