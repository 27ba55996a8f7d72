/**
 * OSV records (https://ossf.github.io/osv-schema/), ecosystem PyPI, read into the index
 * model's `Advisory`. Accepts an `osv-list/1` document (`{"advisories": [...]}`), a bare list of
 * records, or one record, as PyPA's advisory database and `osv.dev` publish them. Nothing in a
 * record is trusted: strings are length-capped, unknown fields dropped, and a record that can't
 * be used is reported with where it is, never silently half-read.
 */
import { normalizeName } from '../pep508/index.ts';
import type { Advisory, AdvisoryEvent, AdvisoryRange } from '../index/model.ts';

export const OSV_LIST_FORMAT = 'osv-list/1';
/** Longest text kept from a record's `summary` / `details`. */
const MAX_TEXT = 4000;
const MAX_RECORDS = 100_000;
const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

export class OsvError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'OsvError';
  }
}

export interface OsvProblem {
  readonly path: string;
  readonly message: string;
  /** The whole file could not be used (not JSON, too large), not one record of it. */
  readonly wholeFile?: boolean;
}

export interface ReadAdvisories {
  readonly advisories: Advisory[];
  /** Records (or parts) skipped, with where they are. */
  readonly problems: OsvProblem[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const cap = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(cap) : []);
const optionalText = (v: unknown): string | null => (typeof v === 'string' ? cap(v) : null);

function readRange(value: unknown, path: string): AdvisoryRange {
  if (!isObject(value)) throw new OsvError(path, 'expected a range object');
  if (typeof value.type !== 'string') throw new OsvError(`${path}.type`, 'expected a string');
  if (!Array.isArray(value.events)) throw new OsvError(`${path}.events`, 'expected a list');
  const events: AdvisoryEvent[] = value.events.map((event, i) => {
    const where = `${path}.events[${i}]`;
    if (!isObject(event)) throw new OsvError(where, 'expected an object such as {"introduced": "0"}');
    const kinds = EVENT_KINDS.filter((k) => k in event);
    if (kinds.length !== 1) throw new OsvError(where, `expected exactly one of ${EVENT_KINDS.join(', ')}`);
    const kind = kinds[0]!;
    const version = event[kind];
    if (typeof version !== 'string' || version === '') throw new OsvError(`${where}.${kind}`, 'expected a version string');
    return { kind, version: cap(version) };
  });
  return { type: value.type, events };
}

/** One OSV record; throws OsvError naming the field when it can't be used. */
export function readOsvRecord(value: unknown, path = ''): Advisory {
  if (!isObject(value)) throw new OsvError(path, 'expected an OSV record (an object with "id" and "affected")');
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof value.id !== 'string' || value.id === '') throw new OsvError(at('id'), 'expected a non-empty string');
  if (value.affected !== undefined && !Array.isArray(value.affected)) throw new OsvError(at('affected'), 'expected a list');
  const affected: Advisory['affected'][number][] = [];
  ((value.affected as unknown[] | undefined) ?? []).forEach((entry, i) => {
    const where = `${at('affected')}[${i}]`;
    if (!isObject(entry)) throw new OsvError(where, 'expected an object');
    const pkg = entry.package;
    if (!isObject(pkg) || typeof pkg.name !== 'string') throw new OsvError(`${where}.package.name`, 'expected a string');
    // Other ecosystems share records with PyPI (aliases across ecosystems): not ours to match.
    if (typeof pkg.ecosystem === 'string' && pkg.ecosystem !== 'PyPI') return;
    const ranges = Array.isArray(entry.ranges) ? entry.ranges.map((r, j) => readRange(r, `${where}.ranges[${j}]`)) : [];
    affected.push({ name: normalizeName(pkg.name), versions: strings(entry.versions), ranges });
  });
  const references = Array.isArray(value.references)
    ? value.references.filter(isObject).flatMap((r) => (typeof r.url === 'string' ? [{ type: typeof r.type === 'string' ? r.type : 'WEB', url: cap(r.url) }] : []))
    : [];
  return {
    id: cap(value.id),
    summary: optionalText(value.summary) ?? '',
    details: optionalText(value.details) ?? '',
    aliases: strings(value.aliases),
    withdrawn: optionalText(value.withdrawn),
    published: optionalText(value.published),
    modified: optionalText(value.modified),
    references,
    affected,
  };
}

/**
 * Records from a parsed document: an `osv-list/1` object, a list, or one record. A record that
 * can't be used is skipped and named in `problems`; a document of the wrong shape throws.
 */
export function readOsvDocument(data: unknown, source = ''): ReadAdvisories {
  let records: unknown[];
  let base: string;
  if (Array.isArray(data)) {
    records = data;
    base = '';
  } else if (isObject(data) && Array.isArray(data.advisories)) {
    if (data.format !== undefined && data.format !== OSV_LIST_FORMAT) {
      throw new OsvError(`${source}${source ? ': ' : ''}format`, `expected "${OSV_LIST_FORMAT}", found ${JSON.stringify(data.format).slice(0, 60)}`);
    }
    records = data.advisories;
    base = 'advisories';
  } else if (isObject(data) && typeof data.id === 'string') {
    records = [data];
    base = '';
  } else {
    throw new OsvError(source, `expected OSV advisories: an "${OSV_LIST_FORMAT}" document, a list of OSV records, or one record`);
  }
  if (records.length > MAX_RECORDS) throw new OsvError(source, `${records.length} records is more than the ${MAX_RECORDS} Pipette reads at once`);
  const advisories: Advisory[] = [];
  const problems: OsvProblem[] = [];
  records.forEach((record, i) => {
    const path = Array.isArray(data) || base ? `${base}[${i}]` : '';
    try {
      advisories.push(readOsvRecord(record, path));
    } catch (error) {
      if (!(error instanceof OsvError)) throw error;
      problems.push({ path: `${source}${source && error.path ? ': ' : ''}${error.path}`, message: error.message });
    }
  });
  return { advisories, problems };
}

/** Advisories from JSON text (one file); a syntax error says where. */
export function parseOsvText(text: string, source = ''): ReadAdvisories {
  let data: unknown;
  try {
    // A UTF-8 byte-order mark is dropped, as for every other JSON file Pipette reads.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new OsvError(source, `not JSON: ${(error as Error).message}`);
  }
  return readOsvDocument(data, source);
}

/** Merges advisory sets; a record seen twice (same id) keeps the most recently modified copy. */
export function mergeAdvisories(...sets: readonly (readonly Advisory[])[]): Advisory[] {
  const byId = new Map<string, Advisory>();
  for (const set of sets) {
    for (const a of set) {
      const known = byId.get(a.id);
      if (!known || (a.modified ?? '') >= (known.modified ?? '')) byId.set(a.id, a);
    }
  }
  return [...byId.values()];
}

/** The model back to an OSV record (for snapshot and scenario exports). */
export function toOsvRecord(advisory: Advisory): Record<string, unknown> {
  const record: Record<string, unknown> = { id: advisory.id };
  if (advisory.summary) record.summary = advisory.summary;
  if (advisory.details) record.details = advisory.details;
  if (advisory.aliases?.length) record.aliases = [...advisory.aliases];
  if (advisory.withdrawn) record.withdrawn = advisory.withdrawn;
  if (advisory.published) record.published = advisory.published;
  if (advisory.modified) record.modified = advisory.modified;
  record.affected = advisory.affected.map((a) => ({
    package: { name: a.name, ecosystem: 'PyPI' },
    ...(a.ranges?.length ? { ranges: a.ranges.map((r) => ({ type: r.type, events: r.events.map((e) => ({ [e.kind]: e.version })) })) } : {}),
    ...(a.versions.length ? { versions: [...a.versions] } : {}),
  }));
  if (advisory.references?.length) record.references = advisory.references.map((r) => ({ ...r }));
  return record;
}
