/**
 * Resolution cases (../shared/data/README.md, "Case"): requested requirements, the marker
 * environment, options, the expected outcome and pip's own outcome, over an index named by a
 * relative path or given inline.
 */
import { loadProjects, SnapshotError } from './snapshot.ts';
import type { DataWarning, PackageIndex } from './model.ts';

export interface CaseFile {
  readonly name: string;
  readonly source: string;
  readonly note: string | null;
  /** Path of the index snapshot relative to the data folder, when not inline. */
  readonly indexPath: string | null;
  readonly inlineIndex: PackageIndex | null;
  readonly environment: Readonly<Record<string, string>> | null;
  readonly requested: readonly string[];
  readonly prereleases: boolean;
  readonly expected: {
    readonly satisfiable: boolean | null;
    readonly packages: Readonly<Record<string, string>> | null;
    readonly conflicted: readonly string[];
  };
  readonly pip: {
    readonly ok: boolean;
    readonly seconds: number | null;
    readonly install: Readonly<Record<string, string>>;
    readonly outputTail: readonly string[];
  } | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (!isObject(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * What a case expects, checked: an expectation that is malformed and silently dropped would
 * let a wrong plan pass. Each field is optional; a present one must have its shape.
 */
function checkedExpectation(value: unknown): CaseFile['expected'] {
  if (value === undefined || value === null) return { satisfiable: null, packages: null, conflicted: [] };
  if (!isObject(value)) throw new SnapshotError('expected', 'expected an object with satisfiable, packages and conflicted');
  const { satisfiable, packages, conflicted } = value;
  if (satisfiable !== undefined && satisfiable !== null && typeof satisfiable !== 'boolean') throw new SnapshotError('expected.satisfiable', 'expected true or false');
  if (packages !== undefined && packages !== null && !isObject(packages)) throw new SnapshotError('expected.packages', 'expected an object of project names to version strings');
  for (const [name, version] of Object.entries(isObject(packages) ? packages : {})) {
    if (typeof version !== 'string') throw new SnapshotError(`expected.packages.${name}`, 'expected a version as a string, such as "1.0"');
  }
  if (conflicted !== undefined && conflicted !== null && (!Array.isArray(conflicted) || conflicted.some((c) => typeof c !== 'string'))) {
    throw new SnapshotError('expected.conflicted', 'expected a list of project names');
  }
  return {
    satisfiable: typeof satisfiable === 'boolean' ? satisfiable : null,
    packages: isObject(packages) ? (packages as Record<string, string>) : null,
    conflicted: Array.isArray(conflicted) ? (conflicted as string[]) : [],
  };
}

export function isCaseFile(data: unknown): boolean {
  return isObject(data) && Array.isArray(data.requested) && (typeof data.index === 'string' || isObject(data.projects));
}

export function loadCase(data: unknown): { caseFile: CaseFile; warnings: DataWarning[] } {
  if (!isObject(data)) throw new SnapshotError('', 'a case must be a JSON object');
  if (!Array.isArray(data.requested) || data.requested.some((r) => typeof r !== 'string')) {
    throw new SnapshotError('requested', 'expected a list of requirement strings');
  }
  let inlineIndex: PackageIndex | null = null;
  let warnings: DataWarning[] = [];
  if (isObject(data.projects)) {
    const loaded = loadProjects(data.projects);
    warnings = loaded.warnings;
    inlineIndex = { source: `case ${String(data.name ?? '')}`, projects: loaded.projects, environment: stringRecord(data.environment), advisories: [] };
  } else if (typeof data.index !== 'string') {
    throw new SnapshotError('index', 'expected the path of an index snapshot, or inline "projects"');
  }
  const expected = checkedExpectation(data.expected);
  const options = isObject(data.options) ? data.options : {};
  const pip = isObject(data.pip) ? data.pip : null;
  return {
    warnings,
    caseFile: {
      name: typeof data.name === 'string' ? data.name : 'case',
      source: typeof data.source === 'string' ? data.source : '',
      note: typeof data.note === 'string' ? data.note : null,
      indexPath: typeof data.index === 'string' ? data.index : null,
      inlineIndex,
      environment: stringRecord(data.environment),
      requested: data.requested as string[],
      prereleases: options.prereleases === true,
      expected,
      pip: pip
        ? {
            ok: pip.ok === true,
            seconds: typeof pip.seconds === 'number' ? pip.seconds : null,
            install: stringRecord(pip.install) ?? {},
            outputTail: Array.isArray(pip.output_tail) ? pip.output_tail.filter((l): l is string => typeof l === 'string') : [],
          }
        : null,
    },
  };
}
