/**
 * PyPI's JSON API `vulnerabilities` field (`GET /pypi/<project>/<version>/json`,
 * https://docs.pypi.org/api/json/#known-vulnerabilities): the OSV advisories PyPI knows for one
 * release, each with `id`, `aliases`, `summary`, `details`, `fixed_in`, `link`, `withdrawn`.
 * Read into the index model's `Advisory`: the release is listed as affected, and each version
 * in `fixed_in` closes a range that starts at that release (so `block` and `avoid` can use
 * them: one range from the release to its fixes; fixes below the release, on other branches, are left out). Nothing in the answer is trusted: fields are checked and text is capped.
 */
import { compareVersions, normalizeName, readOsvRecord, tryParseVersion, type Advisory } from '../core/index.ts';
import { malformed } from './errors.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const MAX_RECORDS = 500;

export function parseJsonApiVulnerabilities(data: unknown, url: string, project: string, version: string): Advisory[] {
  if (!isObject(data)) throw malformed(url, '', 'expected a JSON object');
  const list = data.vulnerabilities;
  if (list == null) return [];
  if (!Array.isArray(list)) throw malformed(url, 'vulnerabilities', 'expected a list');
  const name = normalizeName(project);
  return list.slice(0, MAX_RECORDS).map((entry, i) => {
    const path = `vulnerabilities[${i}]`;
    if (!isObject(entry) || typeof entry.id !== 'string') throw malformed(url, `${path}.id`, 'expected a string');
    // Fixes on other branches (a 1.26.x backport for a 2.0 release) close no range from here.
    const released = tryParseVersion(version);
    const fixedIn = (Array.isArray(entry.fixed_in) ? entry.fixed_in : []).filter((f): f is string => {
      const v = typeof f === 'string' ? tryParseVersion(f) : null;
      return v !== null && released !== null && compareVersions(v, released) > 0;
    });
    return readOsvRecord(
      {
        id: entry.id,
        summary: typeof entry.summary === 'string' ? entry.summary : undefined,
        details: typeof entry.details === 'string' ? entry.details : undefined,
        aliases: Array.isArray(entry.aliases) ? entry.aliases : [],
        withdrawn: typeof entry.withdrawn === 'string' ? entry.withdrawn : undefined,
        references: typeof entry.link === 'string' ? [{ type: 'ADVISORY', url: entry.link }] : [],
        affected: [
          {
            package: { name, ecosystem: 'PyPI' },
            versions: [version],
            // One range: from this release up to the first fix above it (several fixes are branches).
            ranges: fixedIn.length ? [{ type: 'ECOSYSTEM', events: [{ introduced: version }, ...fixedIn.map((fixed) => ({ fixed }))] }] : [],
          },
        ],
      },
      `${url}: ${path}`,
    );
  });
}

/** Gets and parses one JSON body (the caller applies its own size and time limits). */
export type JsonGetter = (url: string) => Promise<unknown>;

/**
 * The advisories PyPI's JSON API knows for each release (`name`, `version`), a few requests at a
 * time; a release whose page can't be had is named in `failures` and the others still count.
 */
export async function fetchReleaseVulnerabilities(
  jsonBase: string,
  releases: readonly { readonly name: string; readonly version: string }[],
  get: JsonGetter,
  concurrency = 6,
): Promise<{ advisories: Advisory[]; failures: string[] }> {
  const advisories: Advisory[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < releases.length) {
      const { name, version } = releases[next++]!;
      const url = `${jsonBase}${encodeURIComponent(normalizeName(name))}/${encodeURIComponent(version)}/json`;
      try {
        advisories.push(...parseJsonApiVulnerabilities(await get(url), url, name, version));
      } catch (error) {
        failures.push(`${name} ${version}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, releases.length) }, worker));
  return { advisories, failures };
}
