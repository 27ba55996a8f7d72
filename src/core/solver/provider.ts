/**
 * The one door through which package data reaches the solver (after pubgrub-rs's
 * `DependencyProvider`). Only these calls may be asynchronous: an in-memory index answers
 * at once, a PEP 691 client answers after a download. Propagation itself stays synchronous.
 */
import type { Version } from '../pep440/index.ts';
import type { Requirement } from '../pep508/index.ts';
import type { DataWarning, ProjectStatus, Yanked } from '../index/model.ts';
import type { FileHashes } from '../file-hashes.ts';

export type MaybePromise<T> = T | Promise<T>;

export interface Candidate {
  readonly version: Version;
  readonly yanked: Yanked;
  readonly requiresPython: string | null;
  /** Whether a source distribution exists. */
  readonly sdist: boolean;
  /** Compressed wheel tags; null when unknown (installable anywhere). */
  readonly wheelTags: readonly string[] | null;
  readonly uploadTime: string | null;
  /**
   * Set by a provider that blocks releases with known advisories (the trust policy `block`):
   * the advisories that affect this release, with the versions that fix each.
   */
  readonly blockedBy?: readonly { readonly id: string; readonly fixed: readonly string[] }[];
}

export interface ProjectCandidates {
  /** PEP 503-normalised name. */
  readonly key: string;
  /** The name as published. */
  readonly name: string;
  /** Sorted ascending, no two equal. */
  readonly candidates: readonly Candidate[];
  readonly status: ProjectStatus;
  readonly statusReason: string | null;
  readonly warnings: readonly DataWarning[];
}

export interface CandidateMetadata {
  /** Parsed Requires-Dist; invalid entries are dropped and reported in `warnings`. */
  readonly requirements: readonly Requirement[];
  /** Provides-Extra, PEP 685-normalised. */
  readonly providesExtra: readonly string[];
  readonly warnings: readonly DataWarning[];
}

/** A version's metadata could not be had (download failed, body malformed...). */
export class MetadataUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataUnavailableError';
  }
}

/** A file as its index gave it: where it is, and its well-formed hashes (`wellFormedHashes`; empty when it gave none). */
export interface IndexFile {
  readonly url: string;
  readonly hashes: FileHashes;
}

export interface DependencyProvider {
  /** The project's candidates, or null when the index does not have it. */
  getProject(key: string): MaybePromise<ProjectCandidates | null>;
  /** Metadata of candidate `index` of the project; throws MetadataUnavailableError when it can't be had. */
  getMetadata(key: string, index: number): MaybePromise<CandidateMetadata>;
  /**
   * The file of candidate `index` as the index gave it: its wheel with the compressed tag
   * `wheelTag`, or its sdist when null. Undefined when the provider knows no files (a snapshot):
   * pip's engines then name the file as an index serving the snapshot would.
   */
  indexFile?(key: string, index: number, wheelTag: string | null): IndexFile | undefined;
  /** Metadata already at hand, without waiting; lets the solver merge versions with equal dependencies. */
  peekMetadata?(key: string, index: number): CandidateMetadata | undefined;
  /**
   * The candidate's Requires-Dist lines as published, when at hand without waiting: two
   * neighbours with the same lines depend alike, which the solver can tell without parsing them.
   */
  peekRequiresDist?(key: string, index: number): readonly string[] | undefined;
  /**
   * A requirement line parsed as getMetadata parses it, through the provider's own cache; null
   * when it does not parse, undefined when the provider keeps no such cache. The solver reads
   * neighbours' lines to tell which depend alike; a release it reads so and later tries is then
   * not parsed twice.
   */
  parseRequirementLine?(text: string): Requirement | null | undefined;
  /** A hint that these candidates' metadata will likely be asked for soon. */
  prefetch?(key: string, indices: readonly number[]): void;
  /** Existing project names close to a missing one ("reqeusts" -> "requests"), best first. */
  similarNames?(key: string): MaybePromise<readonly string[]>;
}

/**
 * A provider layered over another: it forwards everything, and subclasses change what they need.
 * Not the published lines (`peekRequiresDist`): the solver compares them to tell which releases
 * depend alike, so a layer that changes metadata without changing them would mislead it. A
 * layer that leaves metadata alone may forward them itself.
 */
export abstract class LayeredProvider implements DependencyProvider {
  constructor(protected readonly inner: DependencyProvider) {}
  getProject(key: string): MaybePromise<ProjectCandidates | null> {
    return this.inner.getProject(key);
  }
  getMetadata(key: string, index: number): MaybePromise<CandidateMetadata> {
    return this.inner.getMetadata(key, index);
  }
  peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    return this.inner.peekMetadata?.(key, index);
  }
  prefetch(key: string, indices: readonly number[]): void {
    this.inner.prefetch?.(key, indices);
  }
  /** A line parses the same whatever a layer changes: forwarded (undefined when the inner provider keeps no cache). */
  parseRequirementLine(text: string): Requirement | null | undefined {
    return this.inner.parseRequirementLine?.(text);
  }
  indexFile(key: string, index: number, wheelTag: string | null): IndexFile | undefined {
    return this.inner.indexFile?.(key, index, wheelTag);
  }
  similarNames(key: string): MaybePromise<readonly string[]> {
    return this.inner.similarNames?.(key) ?? [];
  }
}
