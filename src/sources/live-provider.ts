/**
 * The resolver's DependencyProvider over a live index: it downloads only what the solver asks
 * for (a project's page when the project comes up, a version's metadata when that version is
 * tried), starts on what it will likely ask next (the solver's `prefetch` hints, and the pages
 * of a fetched version's dependencies), and counts everything it does for a progress display.
 *
 * A failure to download is never taken for an answer: a project page that can't be had fails
 * the resolve with the index error (it is not "not found"), and so does metadata that could
 * not be downloaded. Only metadata the index positively lacks or serves broken makes that one
 * version unusable (MetadataUnavailableError), which the resolver then explains.
 */
import {
  compareVersions,
  evaluateMarker,
  makeRelease,
  markerEnvironment,
  MetadataUnavailableError,
  normalizeName,
  releaseMetadata,
  ResolveCancelledError,
  tryParseVersion,
  type CandidateMetadata,
  type DataWarning,
  type DependencyProvider,
  type IndexFile,
  type MarkerEnvironment,
  type PackageIndex,
  type Project,
  type ProjectCandidates,
  type Release,
  type TargetEnvironment,
} from '../core/index.ts';
import { candidatesFromPage, type Distribution } from './candidates.ts';
import { IndexRequestError, isAbortError } from './errors.ts';
import type { ProjectFile, ProjectPage } from './simple-api.ts';
import type { Lookup, ParsedPage, SimpleIndexClient } from './simple-client.ts';

export interface LiveIndexProgress {
  /** Project pages downloaded, confirmed unchanged by the index (304), or taken from the cache. */
  readonly pagesFetched: number;
  readonly pagesRevalidated: number;
  readonly pagesFromCache: number;
  readonly projectsNotFound: number;
  /** Metadata files (or JSON API releases) downloaded / taken from the cache. */
  readonly metadataFetched: number;
  readonly metadataFromCache: number;
  /** Versions whose metadata came from PyPI's JSON API, for want of a metadata file. */
  readonly jsonApiFallbacks: number;
  readonly bytesFetched: number;
  readonly bytesFromCache: number;
  readonly retries: number;
  readonly inFlight: number;
  /** Offline: cached answers used although older than their freshness lifetime. */
  readonly staleAnswers: number;
  readonly cacheWriteFailures: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Counters before anything is read. */
export function noProgress(): Mutable<LiveIndexProgress> {
  return {
      pagesFetched: 0,
      pagesRevalidated: 0,
      pagesFromCache: 0,
      projectsNotFound: 0,
      metadataFetched: 0,
      metadataFromCache: 0,
      jsonApiFallbacks: 0,
      bytesFetched: 0,
      bytesFromCache: 0,
      retries: 0,
      inFlight: 0,
      staleAnswers: 0,
      cacheWriteFailures: 0,
  };
}

export interface StaleAnswer {
  readonly url: string;
  readonly fetchedAt: number;
}

export interface LiveIndexReport {
  /** Without its login: what may be shown. */
  readonly indexUrl: string;
  /** `--extra-index-url`s, without their logins, in the order given. */
  readonly extraIndexUrls: readonly string[];
  /** Projects found on more than one index: pip takes the best version from any of them. */
  readonly onSeveralIndexes: readonly string[];
  /** Where the login sent to the index came from ('the index URL', '~/.netrc'), or null for none. */
  readonly loginFrom: string | null;
  /** The same for each extra index, in the order of extraIndexUrls. */
  readonly extraLoginsFrom: readonly (string | null)[];
  readonly offline: boolean;
  readonly progress: LiveIndexProgress;
  readonly notFound: readonly string[];
  readonly stale: readonly StaleAnswer[];
  /** Why answers could not be kept in the cache (e.g. the storage quota), one line each. */
  readonly cacheProblems: readonly string[];
}

export interface LiveIndexProviderOptions {
  /** ISO 8601: only files uploaded before it count, as if the index were seen on that date. */
  readonly asOf?: string | null;
  /** The target of the resolve: picks whose wheel metadata to read and which dependencies to prefetch. */
  readonly target?: TargetEnvironment;
  /** Marker values that override the target's. */
  readonly markers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LiveIndexProgress) => void;
  /**
   * `--extra-index-url`s: as in pip, a project's files are gathered from every index that has
   * it, and each version is chosen from all of them alike.
   */
  readonly extraClients?: readonly SimpleIndexClient[];
}


const ignore = () => {};

export class LiveIndexProvider implements DependencyProvider {
  private readonly projects = new Map<string, Promise<ProjectCandidates | null>>();
  private readonly loaded = new Map<string, { project: ProjectCandidates; metadataFiles: readonly (readonly ProjectFile[])[]; distributions: readonly (readonly Distribution[])[] }>();
  private readonly metadata = new Map<string, Promise<CandidateMetadata>>();
  private readonly settled = new Map<string, CandidateMetadata>();
  /** Each version's dependencies as published, by the same id as `settled`: what `seenIndex` exports. */
  private readonly published = new Map<string, Pick<Release, 'requiresDist' | 'providesExtra'>>();
  private readonly counters: Mutable<LiveIndexProgress> = noProgress();
  private readonly notFound = new Set<string>();
  private readonly stale = new Map<string, number>();
  private readonly cacheProblems = new Set<string>();
  private readonly environment: MarkerEnvironment | null;
  /** The primary index first, then the extra ones. */
  private readonly clients: readonly SimpleIndexClient[];
  /** Which index listed each file: its metadata is asked of that index (with that index's login). */
  private readonly fileClients = new WeakMap<ProjectFile, SimpleIndexClient>();
  private readonly onSeveralIndexes = new Set<string>();

  constructor(
    readonly client: SimpleIndexClient,
    private readonly options: LiveIndexProviderOptions = {},
  ) {
    if (options.asOf && Number.isNaN(Date.parse(options.asOf))) {
      throw new RangeError(`the "as of" date ${JSON.stringify(options.asOf)} is not an ISO 8601 date`);
    }
    this.environment = options.target ? { ...markerEnvironment(options.target), ...(options.markers ?? {}) } : null;
    this.clients = [client, ...(options.extraClients ?? [])];
  }

  progress(): LiveIndexProgress {
    return { ...this.counters };
  }

  report(): LiveIndexReport {
    return {
      indexUrl: this.client.indexUrl,
      extraIndexUrls: this.clients.slice(1).map((c) => c.indexUrl),
      onSeveralIndexes: [...this.onSeveralIndexes].sort(),
      loginFrom: this.client.loginFrom,
      extraLoginsFrom: this.clients.slice(1).map((c) => c.loginFrom),
      offline: this.client.offline,
      progress: this.progress(),
      notFound: [...this.notFound].sort(),
      stale: [...this.stale].map(([url, fetchedAt]) => ({ url, fetchedAt })),
      cacheProblems: [...this.cacheProblems],
    };
  }

  /**
   * What this provider has read, as an index (for exports such as pip's report): every project
   * page loaded, with only the versions whose metadata was read, since no other's dependencies
   * are known.
   */
  seenIndex(): PackageIndex {
    const projects = new Map<string, Project>();
    for (const [key, { project }] of this.loaded) {
      const releases: Release[] = [];
      project.candidates.forEach((candidate, index) => {
        const metadata = this.published.get(`${key}\n${index}`);
        if (!metadata) return;
        const { version, requiresPython, yanked, uploadTime, wheelTags, sdist } = candidate;
        releases.push({ version: version.text, ...metadata, requiresPython, yanked, uploadTime, wheelTags, sdist });
      });
      projects.set(key, { name: project.name, key, status: project.status, statusReason: project.statusReason, releases });
    }
    const asOf = this.options.asOf ? ` as of ${this.options.asOf}` : '';
    return { source: `${this.clients.map((c) => c.indexUrl).join(' + ')}${asOf}`, projects, environment: null, advisories: [] };
  }

  getProject(key: string): Promise<ProjectCandidates | null> {
    let task = this.projects.get(key);
    if (!task) {
      task = this.track(() => this.loadProject(key));
      this.projects.set(key, task);
      // A failed download is not remembered: asking again tries again.
      task.catch(() => this.projects.delete(key));
    }
    return task;
  }

  getMetadata(key: string, index: number): Promise<CandidateMetadata> {
    const id = `${key}\n${index}`;
    let task = this.metadata.get(id);
    if (!task) {
      task = this.track(() => this.loadMetadata(key, index));
      this.metadata.set(id, task);
      task.then(
        (metadata) => this.settled.set(id, metadata),
        (error: unknown) => {
          if (!(error instanceof MetadataUnavailableError)) this.metadata.delete(id);
        },
      );
    }
    return task;
  }

  peekMetadata(key: string, index: number): CandidateMetadata | undefined {
    return this.settled.get(`${key}\n${index}`);
  }

  /**
   * The file as the index that listed it gave it. When several files fit (the same wheel on two
   * indexes), the last in page order, the extra indexes' after the main one's: pip sorts a
   * version's files by a key they share, stably, then tries them in reverse.
   */
  indexFile(key: string, index: number, wheelTag: string | null): IndexFile | undefined {
    const files = this.loaded.get(key)?.distributions[index] ?? [];
    let file: Distribution | undefined;
    for (const f of files) if (f.wheelTag === wheelTag) file = f;
    return file && { url: file.url, hashes: file.hashes };
  }

  prefetch(key: string, indices: readonly number[]): void {
    if (this.options.signal?.aborted || !this.loaded.has(key)) return;
    for (const index of indices) {
      if (!this.metadata.has(`${key}\n${index}`)) this.getMetadata(key, index).catch(ignore);
    }
  }

  private async loadProject(key: string): Promise<ProjectCandidates | null> {
    const lookups = await Promise.all(this.clients.map((client) => client.getProjectPage(key, this.options.signal)));
    const found: { client: SimpleIndexClient; value: ParsedPage }[] = [];
    lookups.forEach((lookup, i) => {
      this.count(lookup, 'page');
      if (lookup.found) found.push({ client: this.clients[i]!, value: lookup.value });
    });
    if (found.length === 0) {
      this.notFound.add(key);
      this.counters.projectsNotFound++;
      return null;
    }
    if (found.length > 1) this.onSeveralIndexes.add(key);
    for (const { client, value } of found) for (const file of value.page.files) this.fileClients.set(file, client);
    const page = mergedPage(found.map((f) => f.value.page));
    const warnings = found.flatMap((f) => f.value.warnings);
    const gathered = candidatesFromPage(page, key, { asOf: this.options.asOf, target: this.options.target });
    const project: ProjectCandidates = { ...gathered.project, warnings: [...warnings, ...gathered.project.warnings] };
    this.loaded.set(key, { project, metadataFiles: gathered.metadataFiles, distributions: gathered.distributions });
    return project;
  }

  private async loadMetadata(key: string, index: number): Promise<CandidateMetadata> {
    const entry = this.loaded.get(key);
    const candidate = entry?.project.candidates[index];
    if (!entry || !candidate) throw new Error(`internal error: metadata of ${key} #${index} asked before its project was loaded`);
    const name = entry.project.name;
    const version = candidate.version.text;
    const reasons: string[] = [];

    // One metadata file is enough: every file of a version should carry the same metadata.
    const file = entry.metadataFiles[index]![0];
    if (file) {
      const lookup = await this.unlessUnusable((this.fileClients.get(file) ?? this.client).getCoreMetadata(file, this.options.signal), reasons);
      if (lookup) {
        this.count(lookup, 'metadata');
        if (lookup.found) {
          const core = lookup.value;
          // pip checks both (a login page or an error page served with status 200 has neither).
          const missing = [core.name === null ? 'Name' : null, core.version === null ? 'Version' : null].filter((field) => field !== null);
          const mismatch = missing.length > 0 ? `has no ${missing.join(' or ')} header, so it is not the release's core metadata` : this.identityMismatch(key, version, core.name, core.version);
          if (mismatch) reasons.push(`${file.filename}.metadata ${mismatch}`);
          else {
            const where = (w: DataWarning): DataWarning => ({ ...w, project: name, version });
            return this.metadataFrom(`${key}\n${index}`, name, version, core.requiresDist, core.providesExtra, core.warnings.map(where));
          }
        } else {
          reasons.push(`the index lists ${file.filename}.metadata but answered 404 for it`);
        }
      }
    }

    // Only PyPI and TestPyPI have a JSON API Pipette knows of: the first index that is one.
    const jsonClient = this.clients.find((c) => c.jsonApiUrl !== null) ?? this.client;
    const jsonLookup = jsonClient.getJsonApiRelease(name, version, this.options.signal);
    if (!jsonLookup) {
      const noJsonApi = 'the index has no JSON API that Pipette knows of to ask instead';
      throw new MetadataUnavailableError(
        reasons.length > 0 ? `${reasons.join('; ')}, and ${noJsonApi}` : `the index publishes no metadata file for it (PEP 658) and ${noJsonApi}; pip would download a distribution to read it`,
      );
    }
    const lookup = await this.unlessUnusable(jsonLookup, reasons);
    if (lookup) {
      this.count(lookup, 'metadata');
      if (lookup.found) {
        const release = lookup.value;
        const mismatch = this.identityMismatch(key, version, release.name, release.version);
        if (!mismatch) {
          this.counters.jsonApiFallbacks++;
          const warnings: DataWarning[] = [];
          if (release.requiresDist === null) {
            warnings.push({
              kind: 'unsupported',
              project: name,
              version,
              message: `${name} ${version}: PyPI's JSON API holds no dependency metadata for it (requires_dist is null, as for many old source-only uploads); taken to have no dependencies, where pip would build it to find out`,
            });
          }
          return this.metadataFrom(`${key}\n${index}`, name, version, release.requiresDist ?? [], [], warnings);
        }
        reasons.push(`the JSON API ${mismatch}`);
      } else {
        reasons.push(`${file ? '' : 'the index publishes no metadata file for it (PEP 658), and '}the JSON API answered 404 for it`);
      }
    }
    throw new MetadataUnavailableError(reasons.join('; '));
  }

  /**
   * Awaits a lookup. Errors that say the data are broken (malformed, too large, wrong hash)
   * become a reason and undefined; errors that say the data could not be had right now
   * (network, 5xx, offline) fail the resolve, since the version may be perfectly fine.
   */
  private async unlessUnusable<T>(lookup: Promise<Lookup<T>>, reasons: string[]): Promise<Lookup<T> | undefined> {
    try {
      return await lookup;
    } catch (error) {
      if (error instanceof IndexRequestError && (error.kind === 'malformed' || error.kind === 'too-large' || error.kind === 'integrity')) {
        reasons.push(`${error.url}: ${error.detail.replace(/\.$/, '')}`);
        return undefined;
      }
      throw error;
    }
  }

  private identityMismatch(key: string, version: string, gotName: string | null, gotVersion: string | null): string | null {
    if (gotName !== null && normalizeName(gotName) !== key) return `describes another project (${gotName})`;
    const expected = tryParseVersion(version);
    const got = gotVersion === null ? null : tryParseVersion(gotVersion);
    if (gotVersion !== null && (!expected || !got || compareVersions(expected, got) !== 0)) return `describes another version (${gotVersion})`;
    return null;
  }

  private metadataFrom(id: string, name: string, version: string, requiresDist: readonly string[], providesExtra: readonly string[], warnings: readonly DataWarning[]): CandidateMetadata {
    this.published.set(id, { requiresDist: [...requiresDist], providesExtra: [...providesExtra] });
    const parsed = releaseMetadata(name, makeRelease({ version, requiresDist, providesExtra }));
    this.prefetchDependencyPages(parsed);
    return warnings.length === 0 ? parsed : { ...parsed, warnings: [...warnings, ...parsed.warnings] };
  }

  /** The pages of a version's dependencies will be asked for as soon as the solver looks at it. */
  private prefetchDependencyPages(metadata: CandidateMetadata): void {
    if (this.options.signal?.aborted) return;
    for (const requirement of metadata.requirements) {
      if (this.projects.has(requirement.key) || requirement.url) continue;
      const applies = requirement.marker === null || (this.environment !== null && evaluateMarker(requirement.marker, this.environment, []));
      if (applies) this.getProject(requirement.key).catch(ignore);
    }
  }

  private count(lookup: Lookup<unknown>, kind: 'page' | 'metadata'): void {
    const c = this.counters;
    c.retries += lookup.retries;
    if (lookup.origin === 'network') c.bytesFetched += lookup.bytes;
    else c.bytesFromCache += lookup.bytes;
    if (kind === 'page') {
      if (lookup.origin === 'network') c.pagesFetched++;
      else if (lookup.origin === 'revalidated') c.pagesRevalidated++;
      else c.pagesFromCache++;
    } else if (lookup.origin === 'cache') c.metadataFromCache++;
    else c.metadataFetched++;
    if (lookup.stale && !this.stale.has(lookup.url)) {
      this.stale.set(lookup.url, lookup.fetchedAt);
      c.staleAnswers++;
    }
    if (lookup.cacheProblem) {
      c.cacheWriteFailures++;
      this.cacheProblems.add(lookup.cacheProblem.message);
    }
  }

  /** Counts the task in flight, reports progress, and turns a cancellation into the core's error. */
  private async track<T>(task: () => Promise<T>): Promise<T> {
    if (this.options.signal?.aborted) throw new ResolveCancelledError();
    this.counters.inFlight++;
    this.emitProgress();
    try {
      return await task();
    } catch (error) {
      if (isAbortError(error) || this.options.signal?.aborted) throw new ResolveCancelledError();
      throw error;
    } finally {
      this.counters.inFlight--;
      this.emitProgress();
    }
  }

  private emitProgress(): void {
    this.options.onProgress?.(this.progress());
  }
}

/**
 * A project's pages from several indexes as one, as pip's finder sees them: every file of every
 * index; the name, API version and status of the first index that has the project.
 */
function mergedPage(pages: readonly ProjectPage[]): ProjectPage {
  const [first] = pages;
  if (pages.length === 1) return first!;
  const versionLists = pages.map((p) => p.versions).filter((v): v is readonly string[] => v !== null);
  return {
    ...first!,
    versions: versionLists.length === 0 ? null : [...new Set(versionLists.flat())],
    files: pages.flatMap((p) => p.files),
  };
}

