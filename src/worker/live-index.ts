/**
 * A live index (PyPI or any Simple API index, JSON or HTML) in the resolver worker: a provider per resolve over
 * the worker's cache of index answers (http-cache.ts), and what the page is told about it
 * (counts, stale data, cache problems, where close names came from).
 *
 * Cancelling terminates the worker mid-download; the cache stays consistent because each
 * answer is stored in a transaction of its own, after it has been checked.
 */
import { compareVersions, tryParseVersion, type ResolvedPackage, type TargetEnvironment } from '../core/index.ts';
import type { ExportContext } from '../core/export/index.ts';
import {
  IndexRequestError,
  LiveIndexProvider,
  SimpleIndexClient,
  suggestProjectNames,
  type IndexFailureKind,
  type LiveIndexProgress,
  type LiveIndexReport,
  type NameSuggestions,
  type ResponseCache,
  type SimpleIndexClientOptions,
} from '../sources/index.ts';

/** The cache of index answers a session reads through (the worker's: http-cache.ts). */
export interface OpenedCache {
  readonly cache: ResponseCache;
  /** Why answers are kept in memory only (no IndexedDB), or null. */
  readonly problem: string | null;
}

/** A live index as the page chose it. */
export interface LiveIndexChoice {
  readonly kind: 'live';
  /** The simple API root to read: the picker's, or the requirements' own `--index-url`. */
  readonly url: string;
  /** Where `url` came from, for people. */
  readonly source: 'picker' | 'requirements';
  /** A date (`YYYY-MM-DD`): only files uploaded before it count. */
  readonly asOf: string | null;
  /** Answer from the cache only. */
  readonly offline: boolean;
}

export interface CloseNames extends NameSuggestions {
  readonly project: string;
}

/** What a resolve against a live index read, and from where; plain data for the page. */
export interface LiveIndexSummary extends LiveIndexReport {
  readonly source: LiveIndexChoice['source'];
  readonly asOf: string | null;
  /** Where the answers are kept ("IndexedDB database pipette-http", or memory). */
  readonly cache: string;
  /** For each project the index does not have: the close names offered, and where they came from. */
  readonly closeNames: readonly CloseNames[];
}

/** An IndexRequestError as plain data (across the worker boundary an Error keeps only its message). */
export interface IndexFailure {
  readonly kind: IndexFailureKind;
  readonly url: string;
  /** What happened, as a sentence without the URL. */
  readonly detail: string;
  /** What to try; '' when nothing useful can be said. */
  readonly hint: string;
  readonly status: number | null;
}

/** The live provider, plus close names for a project the index does not have (the explanation asks for them). */
class ExplainingLiveProvider extends LiveIndexProvider {
  readonly closeNames = new Map<string, NameSuggestions>();

  async similarNames(key: string): Promise<readonly string[]> {
    const suggestions = await suggestProjectNames(this.client, key);
    this.closeNames.set(key, suggestions);
    return suggestions.names;
  }
}

export interface LiveSession {
  readonly provider: ExplainingLiveProvider;
  summary(): LiveIndexSummary;
}

export interface LiveSessionOptions {
  readonly target: TargetEnvironment;
  readonly cache: OpenedCache;
  readonly onProgress?: (progress: LiveIndexProgress) => void;
  /** The client's retry policy (tests shorten its waits). */
  readonly retry?: SimpleIndexClientOptions['retry'];
}

export function openLiveSession(choice: LiveIndexChoice, options: LiveSessionOptions): LiveSession {
  const { cache, problem } = options.cache;
  const client = new SimpleIndexClient({ indexUrl: choice.url, cache, offline: choice.offline, ...(options.retry ? { retry: options.retry } : {}) });
  const provider = new ExplainingLiveProvider(client, { asOf: choice.asOf, target: options.target, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return {
    provider,
    summary: () => {
      const report = provider.report();
      return {
        ...report,
        cacheProblems: problem ? [problem, ...report.cacheProblems] : report.cacheProblems,
        source: choice.source,
        asOf: choice.asOf,
        cache: cache.description,
        closeNames: [...provider.closeNames].map(([project, suggestions]) => ({ project, ...suggestions })),
      };
    },
  };
}

/** Which live session a job may reuse: the same index, read the same way, for the same target. */
export function liveSessionKey(choice: LiveIndexChoice, target: TargetEnvironment): string {
  return JSON.stringify([choice.url, choice.asOf, choice.offline, target]);
}

export function asIndexFailure(error: unknown): IndexFailure | null {
  if (!(error instanceof IndexRequestError)) return null;
  return { kind: error.kind, url: error.url, detail: error.detail, hint: error.hint, status: error.status };
}

/**
 * The resolved packages' projects and metadata, as an index (for pip's report and pylock.toml),
 * and the URL and hashes the index gave for each of their files. What the resolve read is
 * reused; what a fresh session lacks is read again (from the cache).
 */
export async function indexOfPlan(session: LiveSession, packages: readonly ResolvedPackage[]): Promise<Pick<ExportContext, 'index' | 'givenFile'>> {
  const { provider } = session;
  const candidateOf = new Map<string, number>();
  for (const pkg of packages) {
    const project = await provider.getProject(pkg.key);
    const wanted = tryParseVersion(pkg.version);
    const index = project && wanted ? project.candidates.findIndex((c) => compareVersions(c.version, wanted) === 0) : -1;
    if (index < 0) continue;
    await provider.getMetadata(pkg.key, index);
    candidateOf.set(`${pkg.key}\n${pkg.version}`, index);
  }
  return {
    index: provider.seenIndex(),
    givenFile: (key, version, wheelTag) => {
      const index = candidateOf.get(`${key}\n${version}`);
      return index === undefined ? undefined : provider.indexFile(key, index, wheelTag);
    },
  };
}
