/**
 * Which live index a resolve reads, decided from what the person picked and typed. Pure, so
 * that the index panel shows exactly what the worker will be told.
 *
 * A requirements file's own `--index-url` wins over the picker, as it does in pip (a file's
 * option replaces the command line's), and the panel says so.
 */
import { isRealIsoTime, parseRequirementsTxt } from '../../core/index.ts';
import { DEFAULT_INDEX_URL, normalizeIndexUrl } from '../../sources/simple-client.ts';
import { redactLogins } from '../../sources/credentials.ts';
import type { RequirementsFormat } from '../../cache/schema.ts';
import type { LiveIndexChoice } from '../../worker/client.ts';

export { DEFAULT_INDEX_URL };

/** The picker's values for the live indexes (snapshots are picked by their stored id). */
export const LIVE_PYPI_ID = 'live:pypi';
export const LIVE_OTHER_ID = 'live:other';

export function isLiveIndexId(id: string): boolean {
  return id === LIVE_PYPI_ID || id === LIVE_OTHER_ID;
}

/** What the person set for live indexes; kept in drafts as is. */
export interface LiveIndexSettings {
  /** The URL typed for "Other index…". */
  readonly customUrl: string;
  /** `YYYY-MM-DD` from the date field, or '' for no limit. */
  readonly asOf: string;
  readonly offline: boolean;
}

export const DEFAULT_LIVE_SETTINGS: LiveIndexSettings = { customUrl: DEFAULT_INDEX_URL, asOf: '', offline: false };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** An index URL as typed: trimmed, http(s) only, without a login, with the trailing slash project names resolve under. */
export function checkIndexUrl(text: string): Checked<string> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `Give the index's address, such as ${DEFAULT_INDEX_URL}` };
  let url: string;
  try {
    url = normalizeIndexUrl(trimmed);
  } catch (error) {
    return { ok: false, reason: `${(error as Error).message}.` };
  }
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') {
    return {
      ok: false,
      reason: `${redactLogins(url)} holds a login. The page sends no login of its own to an index: resolve against an index that needs one from the command line (pipette resolve --index-url), which sends it to that index only and never prints it.`,
    };
  }
  return { ok: true, value: url };
}

/** The "as of" field: '' for no limit, else a real calendar date `YYYY-MM-DD` (files uploaded before it count). */
export function checkAsOf(text: string): Checked<string | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!isRealIsoTime(trimmed, 'date')) {
    return { ok: false, reason: `“${trimmed}” is not a date; use the form 2023-09-01.` };
  }
  return { ok: true, value: trimmed };
}

/** The last `-i` / `--index-url` of requirements.txt text, as pip reads it; pyproject.toml has none. */
export function requirementsIndexUrl(text: string, format: RequirementsFormat): string | null {
  // Most texts name no index: skip the parse then (this runs as the person types).
  if (format !== 'requirements' || !text.includes('-i')) return null;
  return parseRequirementsTxt(text).options.indexUrl;
}

/** The live index a resolve will read, or why there is none to read. */
export function decideLiveIndex(pickedId: string, settings: LiveIndexSettings, fromRequirements: string | null): Checked<LiveIndexChoice> {
  const asOf = checkAsOf(settings.asOf);
  if (!asOf.ok) return { ok: false, reason: `The “as of” date is not valid: ${asOf.reason}` };
  let url: string;
  let source: LiveIndexChoice['source'];
  if (fromRequirements !== null) {
    const checked = checkIndexUrl(fromRequirements);
    if (!checked.ok) return { ok: false, reason: `The --index-url in your requirements can't be used: ${checked.reason}` };
    url = checked.value;
    source = 'requirements';
  } else if (pickedId === LIVE_PYPI_ID) {
    url = DEFAULT_INDEX_URL;
    source = 'picker';
  } else {
    const checked = checkIndexUrl(settings.customUrl);
    if (!checked.ok) return { ok: false, reason: `The index URL is not valid: ${checked.reason}` };
    url = checked.value;
    source = 'picker';
  }
  return { ok: true, value: { kind: 'live', url, source, asOf: asOf.value, offline: settings.offline } };
}

/** The picker value and custom URL that select `url` (for links and "use the requirements' index"). */
export function pickerFor(url: string): { readonly indexId: string; readonly customUrl: string | null } {
  return url === DEFAULT_INDEX_URL ? { indexId: LIVE_PYPI_ID, customUrl: null } : { indexId: LIVE_OTHER_ID, customUrl: url };
}
