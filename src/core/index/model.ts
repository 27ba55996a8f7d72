/**
 * The index model: what Pipette knows about the projects of a package index.
 * Plain data only, so the same values cross the worker boundary and go into IndexedDB.
 * Field names follow PyPI's JSON API and core metadata (see ../shared/data/README.md).
 */

/** PEP 592: `false`, or why the release was yanked (`''` when no reason was given). */
export type Yanked = false | string;

/** PEP 792 project status. */
export type ProjectStatus = 'active' | 'archived' | 'quarantined' | 'deprecated';

export interface Release {
  /** The version as published (may be normalised later; invalid ones never reach here). */
  readonly version: string;
  /** Requires-Dist strings as published; parsed lazily, invalid ones skipped with a warning. */
  readonly requiresDist: readonly string[];
  /** Provides-Extra names as published. */
  readonly providesExtra: readonly string[];
  readonly requiresPython: string | null;
  readonly yanked: Yanked;
  readonly uploadTime: string | null;
  /** Compressed wheel tags of the release's wheels; `null` when unknown (installable anywhere). */
  readonly wheelTags: readonly string[] | null;
  /** Whether a source distribution exists (buildable for any target). */
  readonly sdist: boolean;
}

export interface Project {
  /** The name as published. */
  readonly name: string;
  /** PEP 503-normalised name: the key everything is looked up by. */
  readonly key: string;
  readonly status: ProjectStatus;
  readonly statusReason: string | null;
  readonly releases: readonly Release[];
}

/** One event of an OSV range, in the order published. */
export interface AdvisoryEvent {
  readonly kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  readonly version: string;
}

/** An OSV range (`ECOSYSTEM` is the one that speaks PEP 440; `GIT` and `SEMVER` are kept but not used). */
export interface AdvisoryRange {
  readonly type: string;
  readonly events: readonly AdvisoryEvent[];
}

/** A security advisory (OSV record, ecosystem PyPI), kept as published. */
export interface Advisory {
  readonly id: string;
  readonly summary: string;
  /** `name` is PEP 503-normalised; `ranges` absent in data from before they were kept. */
  readonly affected: readonly { readonly name: string; readonly versions: readonly string[]; readonly ranges?: readonly AdvisoryRange[] }[];
  readonly details?: string;
  readonly aliases?: readonly string[];
  /** When set, the record was withdrawn and affects nothing. */
  readonly withdrawn?: string | null;
  readonly published?: string | null;
  readonly modified?: string | null;
  readonly references?: readonly { readonly type: string; readonly url: string }[];
}

export interface PackageIndex {
  /** Where the facts come from, for people. */
  readonly source: string;
  /** Keyed by normalised name. */
  readonly projects: ReadonlyMap<string, Project>;
  /** The PEP 508 environment the data was captured for, when known. */
  readonly environment: Readonly<Record<string, string>> | null;
  readonly advisories: readonly Advisory[];
}

export type WarningKind =
  | 'invalid-version'
  | 'duplicate-version'
  | 'invalid-requirement'
  | 'invalid-requires-python'
  | 'invalid-extra'
  | 'invalid-field'
  | 'unsupported'
  | 'missing-extra'
  /** PEP 792: the project is archived or deprecated (a warning beside the plan). */
  | 'project-status';

/** Something in the data that was skipped or bent, said so a person can find it. */
export interface DataWarning {
  readonly kind: WarningKind;
  readonly message: string;
  readonly project?: string;
  readonly version?: string;
  /** Every version string concerned, when a warning covers several (skipped invalid versions). */
  readonly versions?: readonly string[];
}

export function makeRelease(fields: Partial<Release> & { version: string }): Release {
  return {
    requiresDist: [],
    providesExtra: [],
    requiresPython: null,
    yanked: false,
    uploadTime: null,
    wheelTags: null,
    sdist: fields.wheelTags == null,
    ...fields,
  };
}
