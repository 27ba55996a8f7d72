/**
 * PyPI's own JSON API (`GET /pypi/<project>/<version>/json`,
 * https://docs.pypi.org/api/json/), used only where an index serves no PEP 658 metadata
 * file for a version. It is not a standard: other indexes rarely have it, so the base URL is
 * known only for PyPI and TestPyPI unless a caller names one.
 */
import { malformed } from './errors.ts';

export interface JsonApiRelease {
  readonly name: string;
  readonly version: string;
  /**
   * `info.requires_dist`. `null` means PyPI holds no dependency metadata for the release (old
   * source-only uploads), which is not the same as "no dependencies".
   */
  readonly requiresDist: readonly string[] | null;
  readonly requiresPython: string | null;
}

const KNOWN_JSON_APIS: readonly { simple: string; json: string }[] = [
  { simple: 'https://pypi.org/simple/', json: 'https://pypi.org/pypi/' },
  { simple: 'https://test.pypi.org/simple/', json: 'https://test.pypi.org/pypi/' },
  { simple: 'https://pypi.python.org/simple/', json: 'https://pypi.org/pypi/' },
];

/**
 * The JSON API base that goes with a simple index URL (PyPI's and TestPyPI's), or null when
 * Pipette does not know one: guessing `/pypi/` on a private index would only add 404s.
 */
export function jsonApiBaseFor(indexUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(indexUrl);
  } catch {
    return null;
  }
  const normalized = `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/*$/, '/')}`;
  return KNOWN_JSON_APIS.find((known) => known.simple === normalized)?.json ?? null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseJsonApiRelease(data: unknown, url: string): JsonApiRelease {
  if (!isObject(data)) throw malformed(url, '', 'expected a JSON object');
  const info = data.info;
  if (!isObject(info)) throw malformed(url, 'info', 'expected an object');
  const { name, version } = info;
  if (typeof name !== 'string') throw malformed(url, 'info.name', 'expected the project name');
  if (typeof version !== 'string') throw malformed(url, 'info.version', 'expected the version');
  const requiresDistValue = info.requires_dist;
  let requiresDist: string[] | null = null;
  if (requiresDistValue != null) {
    if (!Array.isArray(requiresDistValue)) throw malformed(url, 'info.requires_dist', 'expected a list of requirements or null');
    requiresDist = requiresDistValue.map((r, i) => {
      if (typeof r !== 'string') throw malformed(url, `info.requires_dist[${i}]`, 'expected a requirement string');
      return r;
    });
  }
  const requiresPython = info.requires_python;
  if (requiresPython != null && typeof requiresPython !== 'string') throw malformed(url, 'info.requires_python', 'expected a version specifier or null');
  return { name, version, requiresDist, requiresPython: requiresPython || null };
}
