/**
 * Words for what a live index did during a resolve: the counters shown while it runs, the
 * summary beside the result, and a title for each way reading the index can fail.
 */
import type { IndexFailure, LiveIndexSummary } from '../../../worker/client.ts';
import type { LiveIndexProgress } from '../../../sources/index.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface IndexCounts {
  /** Project pages read, however they came. */
  readonly projects: number;
  /** Of those, downloaded (a 304 revalidation counts as the cache: no body came). */
  readonly projectsDownloaded: number;
  readonly metadataFiles: number;
  readonly metadataDownloaded: number;
  readonly bytesDownloaded: number;
  readonly inFlight: number;
}

export function indexCounts(progress: LiveIndexProgress): IndexCounts {
  return {
    projects: progress.pagesFetched + progress.pagesRevalidated + progress.pagesFromCache + progress.projectsNotFound,
    projectsDownloaded: progress.pagesFetched,
    metadataFiles: progress.metadataFetched + progress.metadataFromCache,
    metadataDownloaded: progress.metadataFetched,
    bytesDownloaded: progress.bytesFetched,
    inFlight: progress.inFlight,
  };
}

/** One short line for the header while a resolve runs: `5 projects · 4 metadata files · 12 KiB downloaded`. */
export function progressLine(progress: LiveIndexProgress): string {
  const c = indexCounts(progress);
  return [plural(c.projects, 'project'), plural(c.metadataFiles, 'metadata file'), `${formatBytes(c.bytesDownloaded)} downloaded`].join(' · ');
}

/** What was read, from where: the sentence beside a live result. */
export function summarySentence(summary: LiveIndexSummary): string {
  const p = summary.progress;
  const pages = p.pagesFetched + p.pagesRevalidated + p.pagesFromCache;
  const metadata = p.metadataFetched + p.metadataFromCache;
  const pageOrigins = [`${p.pagesFetched} downloaded`, `${p.pagesFromCache} from the cache`];
  if (p.pagesRevalidated > 0) pageOrigins.push(`${p.pagesRevalidated} confirmed unchanged`);
  const parts = [
    `${plural(pages, 'project page')} (${pageOrigins.join(', ')})`,
    `${plural(metadata, 'metadata file')} (${p.metadataFetched} downloaded, ${p.metadataFromCache} from the cache${p.jsonApiFallbacks ? `, ${p.jsonApiFallbacks} via the JSON API` : ''})`,
    `${formatBytes(p.bytesFetched)} downloaded`,
  ];
  if (p.projectsNotFound > 0) parts.push(`${plural(p.projectsNotFound, 'project')} not on the index`);
  if (p.retries > 0) parts.push(plural(p.retries, 'retry', 'retries'));
  return `${parts.join('; ')}.`;
}

/** Where the index URL came from and how it was read, e.g. `as of 2023-09-01 · offline`. */
export function readingNotes(summary: Pick<LiveIndexSummary, 'source' | 'asOf' | 'offline'>): string[] {
  const notes: string[] = [];
  if (summary.source === 'requirements') notes.push('from --index-url in your requirements');
  if (summary.asOf) notes.push(`only files uploaded before ${summary.asOf}`);
  if (summary.offline) notes.push('offline: from the cache only');
  return notes;
}

/** An error's detail ("the index answered 500 …") as a sentence of its own. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const FAILURE_TITLES: Record<IndexFailure['kind'], string> = {
  unreachable: 'The index could not be reached',
  'http-status': 'The index answered with an error',
  'rate-limited': 'The index is limiting requests',
  truncated: 'A download from the index was cut short',
  'too-large': 'The index sent an answer too large to use',
  malformed: "The index sent data Pipette can't read",
  integrity: 'A file from the index does not match its published hash',
  'offline-miss': 'Offline, and the cache lacks what this resolve needs',
  'too-slow': 'The index answered too slowly',
  'redirect-loop': 'The index redirects in a loop',
};

export function failureTitle(failure: IndexFailure): string {
  return FAILURE_TITLES[failure.kind];
}

/** When a cached copy was fetched, in words relative to `now`: "3 days ago". */
export function age(fetchedAt: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - fetchedAt) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.round(hours / 24), 'day')} ago`;
}
