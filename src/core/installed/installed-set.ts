/**
 * What is already installed in the environment a user installs into, read from the forms
 * pip and lock files give: `pip freeze`, `pip list --format=json`, `pip inspect` (JSON,
 * report version 1) and `pylock.toml` (PEP 751). Plain data; every problem has a line and
 * column, and reading never throws.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { formatVersion, tryParseVersion } from '../pep440/index.ts';
import { normalizeName } from '../pep508/names.ts';
import type { Problem } from '../requirements/requirements-txt.ts';

export type InstalledFormat = 'pip-freeze' | 'pip-list' | 'pip-inspect' | 'pylock';

export interface InstalledPackage {
  /** The name as the environment reports it. */
  readonly name: string;
  /** PEP 503-normalised. */
  readonly key: string;
  /** As reported; may be invalid PEP 440 for very old distributions. */
  readonly version: string;
  /** Requires-Dist when the form carries it (`pip inspect`, or filled in from the index), else null. */
  readonly requiresDist: readonly string[] | null;
  readonly requiresPython: string | null;
  /** Whether the user asked for it (`pip inspect`'s `requested`), null when unknown. */
  readonly requested: boolean | null;
  /** Installed from a direct URL or in editable mode: pip never replaces it from the index. */
  readonly direct: string | null;
  /** Where it was read: 1-based line (0 when the form has no lines). */
  readonly line: number;
}

export interface InstalledSet {
  readonly format: InstalledFormat;
  readonly packages: readonly InstalledPackage[];
  /** PEP 508 marker values of the environment, when the form carries them (`pip inspect`). */
  readonly environment: Readonly<Record<string, string>> | null;
  readonly problems: readonly Problem[];
}

/** Larger inputs are refused: a real environment's freeze is a few kilobytes. */
export const MAX_INSTALLED_BYTES = 4 * 1024 * 1024;
const MAX_PACKAGES = 20_000;

/** Reads any of the supported forms, guessing which from the text. */
export function parseInstalledSet(text: string, source?: string): InstalledSet {
  if (text.length > MAX_INSTALLED_BYTES) {
    return empty('pip-freeze', [problemAt(1, 1, `${sizeText(text.length)} is more than the ${sizeText(MAX_INSTALLED_BYTES)} an installed set may have`, source)]);
  }
  if (/^\s*\[\[\s*packages\s*\]\]/m.test(text) || /^\s*lock-version\s*=/m.test(text)) return parsePylock(text, source);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parseInstalledJson(text, source);
  return parsePipFreeze(text, source);
}

// ---------------------------------------------------------------------------------------
// pip freeze
// ---------------------------------------------------------------------------------------

/** `name==version` lines, `name @ url`, `-e url#egg=name`, comments and pip's own notes. */
export function parsePipFreeze(text: string, source?: string): InstalledSet {
  const packages: InstalledPackage[] = [];
  const problems: Problem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = stripComment(raw);
    const start = content.length - content.trimStart().length;
    const body = content.trim();
    if (body === '') return;
    if (body.startsWith('-e ') || body.startsWith('--editable')) {
      const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(body);
      if (!egg) {
        problems.push(problemAt(line, start + 1, `an editable install without '#egg=NAME' can't be named; it is left out`, source, 'warning'));
        return;
      }
      packages.push(installed(egg[1]!, '', line, { direct: body.replace(/^(-e|--editable)\s*/, '') }));
      return;
    }
    if (body.startsWith('-')) {
      problems.push(problemAt(line, start + 1, `'${clip(body)}' is an option, not an installed package; it is left out`, source, 'warning'));
      return;
    }
    const at = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*@\s*(\S+)/.exec(body);
    if (at) {
      packages.push(installed(at[1]!, versionFromUrl(at[2]!) ?? '', line, { direct: at[2]! }));
      return;
    }
    const pinned = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(===|==)\s*([^\s;#]+)\s*(;.*)?$/.exec(body);
    if (!pinned) {
      problems.push(problemAt(line, start + 1, `'${clip(body)}' is not 'name==version' as pip freeze writes it`, source));
      return;
    }
    const version = pinned[3]!;
    if (pinned[2] === '==' && !tryParseVersion(version)) {
      problems.push(problemAt(line, start + body.indexOf(version) + 1, `'${clip(version)}' is not a valid version (PEP 440); write it as '${pinned[1]}===${version}' if it really is installed`, source));
      return;
    }
    packages.push(installed(pinned[1]!, version, line, {}));
  });
  return finish('pip-freeze', packages, null, problems, source);
}

function stripComment(raw: string): string {
  // A `#` starts a comment at the line's start or after whitespace (as in requirements files).
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && (i === 0 || raw[i - 1] === ' ' || raw[i - 1] === '\t')) return raw.slice(0, i);
  }
  return raw;
}

function versionFromUrl(url: string): string | null {
  // A wheel or sdist file name carries the version: name-1.0-py3-none-any.whl, name-1.0.tar.gz.
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const wheel = /^[^-]+-([^-]+)-.*\.whl$/.exec(file);
  if (wheel) return wheel[1]!;
  const sdist = /^[^-]+(?:-[^-]+)*?-(\d[^-]*)\.(?:tar\.gz|zip|tar\.bz2)$/.exec(file);
  return sdist ? sdist[1]! : null;
}

// ---------------------------------------------------------------------------------------
// JSON forms: pip list --format=json, pip inspect
// ---------------------------------------------------------------------------------------

function parseInstalledJson(text: string, source?: string): InstalledSet {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return empty('pip-list', [problemAt(1, 1, `not valid JSON: ${message}`, source)]);
  }
  if (Array.isArray(data)) return fromPipList(data, source);
  if (isRecord(data) && Array.isArray(data['installed'])) return fromPipInspect(data, source);
  return empty('pip-list', [
    problemAt(1, 1, `JSON that is neither 'pip list --format=json' (an array) nor 'pip inspect' (an object with "installed")`, source),
  ]);
}

function fromPipList(items: readonly unknown[], source?: string): InstalledSet {
  const packages: InstalledPackage[] = [];
  const problems: Problem[] = [];
  items.slice(0, MAX_PACKAGES).forEach((item, i) => {
    const where = `[${i}]`;
    if (!isRecord(item) || typeof item['name'] !== 'string' || typeof item['version'] !== 'string') {
      problems.push(problemAt(0, 0, `${where}: expected {"name": ..., "version": ...}`, source));
      return;
    }
    const location = typeof item['editable_project_location'] === 'string' ? item['editable_project_location'] : null;
    packages.push(installed(item['name'], item['version'], 0, { direct: location }));
  });
  if (items.length > MAX_PACKAGES) problems.push(problemAt(0, 0, `only the first ${MAX_PACKAGES} of ${items.length} entries are read`, source, 'warning'));
  return finish('pip-list', packages, null, problems, source);
}

function fromPipInspect(data: Record<string, unknown>, source?: string): InstalledSet {
  const packages: InstalledPackage[] = [];
  const problems: Problem[] = [];
  const installedItems = data['installed'] as unknown[];
  installedItems.slice(0, MAX_PACKAGES).forEach((item, i) => {
    const where = `installed[${i}]`;
    const metadata = isRecord(item) ? item['metadata'] : undefined;
    if (!isRecord(item) || !isRecord(metadata) || typeof metadata['name'] !== 'string' || typeof metadata['version'] !== 'string') {
      problems.push(problemAt(0, 0, `${where}: expected {"metadata": {"name": ..., "version": ...}}`, source));
      return;
    }
    const requires = metadata['requires_dist'];
    const requiresDist = Array.isArray(requires) ? requires.filter((r): r is string => typeof r === 'string') : [];
    const requiresPython = typeof metadata['requires_python'] === 'string' ? metadata['requires_python'] : null;
    const directUrl = isRecord(item['direct_url']) && typeof item['direct_url']['url'] === 'string' ? item['direct_url']['url'] : null;
    packages.push(
      installed(metadata['name'], metadata['version'], 0, {
        requiresDist,
        requiresPython,
        requested: typeof item['requested'] === 'boolean' ? item['requested'] : null,
        direct: directUrl,
      }),
    );
  });
  const env = data['environment'];
  const environment = isRecord(env)
    ? Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : null;
  return finish('pip-inspect', packages, environment, problems, source);
}

// ---------------------------------------------------------------------------------------
// pylock.toml (PEP 751)
// ---------------------------------------------------------------------------------------

function parsePylock(text: string, source?: string): InstalledSet {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) return empty('pylock', [problemAt(error.line, error.column, `not valid TOML: ${error.message.split('\n')[0]}`, source)]);
    return empty('pylock', [problemAt(1, 1, `not valid TOML: ${String(error)}`, source)]);
  }
  const list = doc['packages'];
  if (!Array.isArray(list)) return empty('pylock', [problemAt(1, 1, `a pylock.toml needs [[packages]] tables`, source)]);
  const lineOf = packageLines(text);
  const packages: InstalledPackage[] = [];
  const problems: Problem[] = [];
  list.slice(0, MAX_PACKAGES).forEach((entry, i) => {
    const line = lineOf[i] ?? 0;
    if (!isRecord(entry) || typeof entry['name'] !== 'string') {
      problems.push(problemAt(line, 1, `packages[${i}]: a package needs a name`, source));
      return;
    }
    const version = typeof entry['version'] === 'string' ? entry['version'] : '';
    const vcs = isRecord(entry['vcs']) || isRecord(entry['directory']) || isRecord(entry['archive']);
    if (!version && !vcs) {
      problems.push(problemAt(line, 1, `packages[${i}] (${entry['name']}): no version`, source, 'warning'));
    }
    packages.push(installed(entry['name'], version, line, { direct: vcs ? 'pylock' : null }));
  });
  return finish('pylock', packages, null, problems, source);
}

/** Line of each `[[packages]]` header, in order. */
function packageLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (/^\s*\[\[\s*packages\s*\]\]/.test(line)) lines.push(i + 1);
  });
  return lines;
}

// ---------------------------------------------------------------------------------------

function installed(
  name: string,
  version: string,
  line: number,
  fields: { requiresDist?: readonly string[]; requiresPython?: string | null; requested?: boolean | null; direct?: string | null },
): InstalledPackage {
  const parsed = tryParseVersion(version);
  return {
    name,
    key: normalizeName(name),
    version: parsed ? formatVersion(parsed) : version,
    requiresDist: fields.requiresDist ?? null,
    requiresPython: fields.requiresPython ?? null,
    requested: fields.requested ?? null,
    direct: fields.direct ?? null,
    line,
  };
}

/** One entry per project: a second one is a problem (an environment holds one version of each). */
function finish(
  format: InstalledFormat,
  packages: readonly InstalledPackage[],
  environment: Readonly<Record<string, string>> | null,
  problems: Problem[],
  source?: string,
): InstalledSet {
  const seen = new Map<string, InstalledPackage>();
  const unique: InstalledPackage[] = [];
  for (const p of packages) {
    const before = seen.get(p.key);
    if (before) {
      problems.push(problemAt(p.line, 1, `${p.name} is listed twice (${before.version} and ${p.version}); the first is kept`, source, 'warning'));
      continue;
    }
    seen.set(p.key, p);
    unique.push(p);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { format, packages: unique, environment, problems };
}

function empty(format: InstalledFormat, problems: Problem[]): InstalledSet {
  return { format, packages: [], environment: null, problems };
}

function problemAt(line: number, column: number, message: string, source?: string, severity: Problem['severity'] = 'error'): Problem {
  return source === undefined ? { severity, message, line, column } : { severity, message, line, column, source };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}
