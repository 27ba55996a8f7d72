/**
 * `pipette resolve --index-url URL [--offline] [--cache-dir DIR]`: the resolver's data from a
 * live Simple API index (PEP 691 JSON or PEP 503 HTML) instead of a snapshot file. A requirements file's own `--index-url` is
 * honoured when the command line names no index.
 */
import { isRealIsoTime, type ResolveResult, type TargetEnvironment } from '../core/index.ts';
import { LiveIndexProvider, MemoryResponseCache, SimpleIndexClient, suggestProjectNames, type LiveIndexReport, type ResponseCache } from '../sources/index.ts';
import { FileResponseCache } from './file-cache.ts';
import { InputError } from './files.ts';
import { netrcLoginFor } from './netrc-file.ts';

/** The options `pipette resolve` declares for a live index (spread into its parseArgs options). */
export const LIVE_INDEX_OPTIONS = {
  'index-url': { type: 'string' },
  'extra-index-url': { type: 'string', multiple: true },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
} as const;

export const LIVE_INDEX_USAGE = `  --index-url URL          resolve against a Simple API index, e.g. https://pypi.org/simple/
                           (a login in the URL, https://USER:PASSWORD@host/..., or in ~/.netrc
                           is sent to that index only, and never printed)
  --extra-index-url URL    another index read as well, as pip reads it: a project's files come
                           from every index that has it (repeatable; PyPI is the main index
                           when only extra ones are given)
  --cache-dir DIR          keep the index's answers in DIR between runs
  --offline                use only what --cache-dir holds (says which data are stale)`;

export interface LiveIndex {
  readonly provider: LiveIndexProvider;
  /** One line for stderr: what was fetched, from where. */
  summary(): string;
  /** Notes for a failed resolve: close names for projects the index does not have. */
  notes(result: ResolveResult): Promise<string[]>;
  report(): LiveIndexReport;
  /** The indexes as pip names them in "Looking in indexes": as given, each login masked. */
  readonly shownUrls: IndexUrls;
}

export interface LiveIndexValues {
  readonly 'index-url'?: string;
  readonly 'extra-index-url'?: readonly string[];
  readonly offline?: boolean;
  readonly 'cache-dir'?: string;
  readonly 'exclude-newer'?: string;
}

/**
 * `--exclude-newer`, checked: null when not given; an InputError when it is not an ISO 8601 date
 * or date-time that exists. Upload times are compared with it as text when they are not dates,
 * which only ISO 8601 makes right (Date.parse alone takes "Dec 1 2023", and 2023-02-30 as 2 March).
 */
export function excludeNewerFrom(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!isRealIsoTime(value, 'dateOrTime')) throw new InputError(`--exclude-newer ${value}: expected an ISO 8601 date such as 2023-09-01 or 2023-09-01T12:00:00Z`);
  return value;
}

/** The indexes to read: the command line's, changed by the files' options (index-choice.ts). */
export interface IndexUrls {
  readonly indexUrl: string | null;
  readonly extraIndexUrls: readonly string[];
}

/** The command line's own index options. */
export function commandLineIndexes(values: LiveIndexValues): IndexUrls {
  return { indexUrl: values['index-url'] ?? null, extraIndexUrls: values['extra-index-url'] ?? [] };
}

/**
 * The live index `indexes` name, or null when they name none. `indexes` are as chooseIndexes
 * gives them (PyPI as the main index beside extra ones alone, no index twice).
 */
export function liveProviderFromArgs(
  values: LiveIndexValues,
  indexes: IndexUrls,
  target: TargetEnvironment,
  markers: Readonly<Record<string, string>> = {},
): LiveIndex | null {
  const { indexUrl, extraIndexUrls: extraUrls } = indexes;
  if (!indexUrl) {
    if (values.offline || values['cache-dir']) throw new InputError('--offline and --cache-dir go with --index-url URL');
    return null;
  }
  if (values.offline && !values['cache-dir']) throw new InputError('--offline needs --cache-dir DIR: without it the command line keeps no cache between runs');
  const cache: ResponseCache = values['cache-dir'] ? new FileResponseCache(values['cache-dir']) : new MemoryResponseCache();
  const clientOf = (url: string, option: string): SimpleIndexClient => {
    try {
      return new SimpleIndexClient({ indexUrl: url, cache, offline: Boolean(values.offline), login: values.offline ? null : netrcLogin(url) });
    } catch (error) {
      throw new InputError(`${option}: ${(error as Error).message}`);
    }
  };
  const client = clientOf(indexUrl, '--index-url');
  const extraClients = extraUrls.map((url) => clientOf(url, '--extra-index-url')).filter((extra) => extra.indexUrl !== client.indexUrl);
  const asOf = excludeNewerFrom(values['exclude-newer']);
  const provider = new LiveIndexProvider(client, { asOf, target, markers, extraClients });

  return {
    provider,
    shownUrls: { indexUrl: client.shownUrl, extraIndexUrls: extraClients.map((extra) => extra.shownUrl) },
    report: () => provider.report(),
    summary: () => summaryLine(provider.report(), cache),
    notes: async (result) => {
      if (result.ok) return [];
      const notes: string[] = [];
      for (const missing of provider.report().notFound) {
        const suggestions = await suggestProjectNames(client, missing);
        if (suggestions.names.length > 0) notes.push(`note: ${client.indexUrl} has no project named ${missing}; close names (${suggestions.note}): ${suggestions.names.join(', ')}`);
      }
      return notes;
    },
  };
}

/** The netrc login for an index URL without a password of its own (its problems on stderr), as pip reads it. */
function netrcLogin(indexUrl: string): ReturnType<typeof netrcLoginFor>['login'] {
  let url: URL;
  try {
    url = new URL(indexUrl);
  } catch {
    return null; // The client says what is wrong with it.
  }
  if (url.password !== '') return null;
  const { login, warning } = netrcLoginFor(url.href);
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  return login;
}

function summaryLine(report: LiveIndexReport, cache: ResponseCache): string {
  const p = report.progress;
  const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
  const pages = p.pagesFetched + p.pagesRevalidated + p.pagesFromCache;
  const metadata = p.metadataFetched + p.metadataFromCache;
  const parts = [
    `${pages} project page${pages === 1 ? '' : 's'} (${p.pagesFromCache} from the cache, ${p.pagesRevalidated} confirmed unchanged)`,
    `${metadata} metadata file${metadata === 1 ? '' : 's'} (${p.metadataFromCache} from the cache${p.jsonApiFallbacks ? `, ${p.jsonApiFallbacks} via the JSON API` : ''})`,
    `${kib(p.bytesFetched)} downloaded`,
  ];
  if (p.retries) parts.push(`${p.retries} retr${p.retries === 1 ? 'y' : 'ies'}`);
  const withLogin = (from: string | null | undefined) => (from ? ` (with the login from ${from})` : '');
  const login = withLogin(report.loginFrom);
  const extra = report.extraIndexUrls.length > 0 ? ` and ${report.extraIndexUrls.map((url, i) => `${url}${withLogin(report.extraLoginsFrom[i])}`).join(', ')}` : '';
  const lines = [`index ${report.indexUrl}${login}${extra}${report.offline ? ' (offline)' : ''}: ${parts.join(', ')}; cache: ${cache.description}`];
  if (report.onSeveralIndexes.length > 0) {
    const names = report.onSeveralIndexes;
    lines.push(
      `note: ${names.length === 1 ? `${names[0]} is` : `${names.length} projects are`} on more than one index${names.length === 1 ? '' : ` (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`}: as in pip, each version is taken from whichever index has it, so a project published on one index can stand in for another's (dependency confusion)`,
    );
  }
  if (report.stale.length > 0) {
    lines.push(`warning: offline, so ${report.stale.length} cached answer${report.stale.length === 1 ? ' was' : 's were'} used past ${report.stale.length === 1 ? 'its' : 'their'} freshness: ${report.stale.map((s) => `${s.url} (fetched ${new Date(s.fetchedAt).toISOString()})`).join(', ')}`);
  }
  for (const problem of report.cacheProblems) lines.push(`warning: ${problem}`);
  return lines.join('\n');
}
