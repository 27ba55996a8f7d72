/**
 * packse scenarios (astral-sh/packse TOML) into the index model, with upstream's defaults:
 * `requires_python = ">=3.12"` on the root and on every version that does not give one, every
 * version has a source distribution and a py3-none-any wheel unless it says otherwise, and
 * the target Python is `resolver_options.python`, else `environment.python`, else 3.12.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { tryParseVersion, compareVersions, type Version } from '../pep440/index.ts';
import { normalizeExtra, normalizeName } from '../pep508/index.ts';
import type { DataWarning, PackageIndex, Project, Release } from './model.ts';

export const PACKSE_DEFAULT_REQUIRES_PYTHON = '>=3.12';
export const PACKSE_DEFAULT_PYTHON = '3.12';
/** Decoding limit for scenario text. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

export class ScenarioError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(where ? `${where}: ${reason}` : reason);
    this.name = 'ScenarioError';
  }
}

export interface PackseOptions {
  readonly prereleases: boolean;
  readonly noBinary: readonly string[];
  readonly noBuild: readonly string[];
  /** A lock for every environment (uv's universal resolution); Pipette resolves for one target. */
  readonly universal: boolean;
  /** uv's `--python-platform`, e.g. "x86_64-manylinux2014". */
  readonly pythonPlatform: string | null;
}

export interface PackseScenario {
  readonly name: string;
  readonly description: string;
  readonly index: PackageIndex;
  /** The root's requirements, as written. */
  readonly requirements: readonly string[];
  readonly rootRequiresPython: string;
  /** The Python to resolve for. */
  readonly targetPython: string;
  readonly environmentPython: string;
  readonly options: PackseOptions;
  readonly expected: { readonly satisfiable: boolean | null; readonly packages: Readonly<Record<string, string>> | null; readonly explanation: string | null };
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function table(value: unknown, where: string): Table {
  if (value === undefined) return {};
  if (!isTable(value)) throw new ScenarioError(where, 'expected a table');
  return value;
}

/** Project names to versions; a TOML number is refused, since it loses the version's spelling (2.0 reads as 2). */
function versionTable(value: unknown, where: string): Record<string, string> {
  const versions = table(value, where);
  for (const [name, version] of Object.entries(versions)) {
    if (typeof version !== 'string') throw new ScenarioError(`${where}.${name}`, `expected a version as a string, such as "1.0"${typeof version === 'number' ? ' (a TOML number loses the spelling: quote it)' : ''}`);
  }
  return versions as Record<string, string>;
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ScenarioError(where, 'expected a list of strings');
  return value as string[];
}

function optionalString(value: unknown, where: string): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new ScenarioError(where, 'expected a string');
  return value;
}

function bool(value: unknown, fallback: boolean, where: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ScenarioError(where, 'expected true or false');
  return value;
}

/** `b>1; python_version > "3"` plus extra x: `b>1; (python_version > "3") and extra == "x"`. */
function withExtraMarker(requirement: string, extra: string): string {
  const semicolon = requirement.indexOf(';');
  if (semicolon >= 0) {
    return `${requirement.slice(0, semicolon).trim()}; (${requirement.slice(semicolon + 1).trim()}) and extra == "${extra}"`;
  }
  return `${requirement.trim()}; extra == "${extra}"`;
}

/** Whether decoded JSON looks like a packse scenario (rather than a snapshot or a case). */
export function isPackseData(value: unknown): boolean {
  return isTable(value) && isTable(value.root) && isTable(value.packages);
}

export function loadPackseScenario(text: string, source = 'scenario'): { scenario: PackseScenario; warnings: DataWarning[] } {
  if (text.length > MAX_SCENARIO_BYTES) throw new ScenarioError(source, `the file is over the limit of ${MAX_SCENARIO_BYTES} characters`);
  let data: Table;
  try {
    data = parseToml(text) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ScenarioError(`${source}:${error.line}:${error.column}`, `not valid TOML: ${error.message.split('\n')[0]}`, error.line, error.column);
    }
    throw error;
  }
  return loadPackseData(data, source);
}

/** A packse scenario already decoded (from TOML, or from packse's JSON form). */
export function loadPackseData(value: unknown, source = 'scenario'): { scenario: PackseScenario; warnings: DataWarning[] } {
  const data = table(value, '');
  const warnings: DataWarning[] = [];
  const name = optionalString(data.name, 'name') ?? source;
  const root = table(data.root, 'root');
  const environment = table(data.environment, 'environment');
  const resolverOptions = table(data.resolver_options, 'resolver_options');
  const expected = table(data.expected, 'expected');

  const projects = new Map<string, Project>();
  const packages = table(data.packages, 'packages');
  for (const [packageName, packageValue] of Object.entries(packages)) {
    const where = `packages.${packageName}`;
    const versionsTable = table(table(packageValue, where).versions, `${where}.versions`);
    const releases: { release: Release; parsed: Version }[] = [];
    const invalid: string[] = [];
    for (const [version, versionValue] of Object.entries(versionsTable)) {
      const vWhere = `${where}.versions."${version}"`;
      const parsed = tryParseVersion(version);
      if (!parsed) {
        invalid.push(version);
        continue;
      }
      const meta = table(versionValue ?? {}, vWhere);
      const requiresDist = strings(meta.requires, `${vWhere}.requires`);
      const extras = table(meta.extras, `${vWhere}.extras`);
      const providesExtra: string[] = [];
      for (const [extra, extraRequirements] of Object.entries(extras)) {
        const normalized = normalizeExtra(extra);
        providesExtra.push(normalized);
        for (const r of strings(extraRequirements, `${vWhere}.extras.${extra}`)) requiresDist.push(withExtraMarker(r, normalized));
      }
      const requiresPython = meta.requires_python === undefined ? PACKSE_DEFAULT_REQUIRES_PYTHON : optionalString(meta.requires_python, `${vWhere}.requires_python`);
      const wheel = bool(meta.wheel, true, `${vWhere}.wheel`);
      const tags = strings(meta.wheel_tags, `${vWhere}.wheel_tags`);
      releases.push({
        parsed,
        release: {
          version,
          requiresDist,
          providesExtra,
          requiresPython: requiresPython || null,
          yanked: meta.yanked === true ? '' : typeof meta.yanked === 'string' ? meta.yanked : false,
          uploadTime: null,
          wheelTags: !wheel ? [] : tags.length > 0 ? tags : ['py3-none-any'],
          sdist: bool(meta.sdist, true, `${vWhere}.sdist`),
        },
      });
    }
    if (invalid.length) {
      warnings.push({ kind: 'invalid-version', project: packageName, message: `${packageName}: skipped versions that are not valid PEP 440: ${invalid.join(', ')}` });
    }
    releases.sort((a, b) => compareVersions(a.parsed, b.parsed));
    const key = normalizeName(packageName);
    projects.set(key, { name: packageName, key, status: 'active', statusReason: null, releases: releases.map((r) => r.release) });
  }

  const environmentPython = optionalString(environment.python, 'environment.python') ?? PACKSE_DEFAULT_PYTHON;
  const prereleasesValue = resolverOptions.prereleases;
  const prereleases =
    prereleasesValue === true || (typeof prereleasesValue === 'string' && ['allow', 'true', 'if-necessary-or-explicit'].includes(prereleasesValue.toLowerCase()));
  const satisfiable = expected.satisfiable;
  if (satisfiable !== undefined && typeof satisfiable !== 'boolean') throw new ScenarioError('expected.satisfiable', 'expected true or false');
  const expectedPackages = expected.packages === undefined ? null : versionTable(expected.packages, 'expected.packages');

  return {
    warnings,
    scenario: {
      name,
      description: optionalString(data.description, 'description') ?? '',
      index: { source: `packse scenario ${name}`, projects, environment: null, advisories: [] },
      requirements: strings(root.requires, 'root.requires'),
      rootRequiresPython: optionalString(root.requires_python, 'root.requires_python') ?? PACKSE_DEFAULT_REQUIRES_PYTHON,
      targetPython: optionalString(resolverOptions.python, 'resolver_options.python') ?? environmentPython,
      environmentPython,
      options: {
        prereleases,
        noBinary: strings(resolverOptions.no_binary, 'resolver_options.no_binary').map(normalizeName),
        noBuild: strings(resolverOptions.no_build, 'resolver_options.no_build').map(normalizeName),
        universal: resolverOptions.universal === true,
        pythonPlatform: optionalString(resolverOptions.python_platform, 'resolver_options.python_platform'),
      },
      expected: {
        satisfiable: typeof satisfiable === 'boolean' ? satisfiable : null,
        packages: expectedPackages,
        explanation: optionalString(expected.explanation, 'expected.explanation'),
      },
    },
  };
}
