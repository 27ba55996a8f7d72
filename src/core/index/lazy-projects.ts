/**
 * The projects of a snapshot, read when first asked for. Loading only normalises the names;
 * `get` checks and parses a project the first time (the same checks and words as the eager
 * loader, readProject), so a resolve pays for the projects it touches, not for the whole file.
 * A broken project throws its `SnapshotError` when it is asked for; its warnings are kept with
 * it (`warningsOf`) for the provider to hand on. Iterating reads every project.
 */
import { normalizeName } from '../pep508/index.ts';
import type { DataWarning, Project } from './model.ts';
import { readProject, sameProjectWarning, SnapshotError, type Json } from './snapshot-project.ts';

/** Where a lazy index finds each project's JSON value: an object parsed already, or spans of the text. */
export interface ProjectSource {
  /** Names as spelt in the file, in the file's key order. */
  names(): Iterable<string>;
  /** The project's JSON value, parsed. */
  value(name: string): unknown;
}

export function objectSource(json: Json): ProjectSource {
  return { names: () => Object.keys(json), value: (name) => json[name] };
}

export class LazyProjects implements ReadonlyMap<string, Project> {
  /** Normalised name -> the name as spelt in the file (the first spelling wins). */
  private readonly spelling = new Map<string, string>();
  private readonly read = new Map<string, Project>();
  private readonly warnings = new Map<string, DataWarning[]>();
  /** Warnings found while listing the names (a second spelling of a project), for the loader's list. */
  readonly loadWarnings: DataWarning[] = [];

  /** `file` names the snapshot in the errors of projects read later. */
  constructor(
    private readonly source: ProjectSource,
    private readonly basePath: string,
    private readonly file: string | null = null,
  ) {
    for (const name of source.names()) {
      const key = normalizeName(name);
      const kept = this.spelling.get(key);
      if (kept === undefined) this.spelling.set(key, name);
      else this.loadWarnings.push(sameProjectWarning(name, kept));
    }
  }

  get size(): number {
    return this.spelling.size;
  }

  has(key: string): boolean {
    return this.spelling.has(key);
  }

  get(key: string): Project | undefined {
    const done = this.read.get(key);
    if (done) return done;
    const name = this.spelling.get(key);
    if (name === undefined) return undefined;
    let read;
    try {
      read = readProject(name, key, this.source.value(name), `${this.basePath}.${name}`);
    } catch (error) {
      if (error instanceof SnapshotError && this.file) throw new SnapshotError(error.path, error.reason, this.file);
      throw error;
    }
    const { project, warnings } = read;
    this.read.set(key, project);
    if (warnings.length) this.warnings.set(key, warnings);
    return project;
  }

  /** What reading the project `key` skipped or bent (empty until it has been read). */
  warningsOf(key: string): readonly DataWarning[] {
    return this.warnings.get(key) ?? [];
  }

  /** Every project's name as spelt in the file, without reading any. */
  names(): IterableIterator<string> {
    return this.spelling.values();
  }

  keys(): MapIterator<string> {
    return this.spelling.keys();
  }

  *values(): MapIterator<Project> {
    for (const key of this.spelling.keys()) yield this.get(key)!;
  }

  *entries(): MapIterator<[string, Project]> {
    for (const key of this.spelling.keys()) yield [key, this.get(key)!];
  }

  [Symbol.iterator](): MapIterator<[string, Project]> {
    return this.entries();
  }

  forEach(callback: (value: Project, key: string, map: ReadonlyMap<string, Project>) => void, thisArg?: unknown): void {
    for (const [key, project] of this.entries()) callback.call(thisArg, project, key, this);
  }
}

/** The names of an index's projects as published, without reading a lazily loaded one. */
export function projectNames(projects: ReadonlyMap<string, Project>): string[] {
  return projects instanceof LazyProjects ? [...projects.names()] : [...projects.values()].map((p) => p.name);
}

/** Warnings met while reading `key` from a lazily loaded index (none for an index read whole). */
export function lazyWarningsOf(projects: ReadonlyMap<string, Project>, key: string): readonly DataWarning[] {
  return projects instanceof LazyProjects ? projects.warningsOf(key) : [];
}
