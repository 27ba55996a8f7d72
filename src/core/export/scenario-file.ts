/**
 * Pipette scenario files (`"format": "pipette-scenario/1"`): a requirements text, a target
 * environment, resolver options and the index to resolve against, in one JSON file. The
 * bundled library (public/scenarios/) and the scenarios people write or import are read by
 * the same strict checker, so a mistake in either gets an error that says where it is.
 */
import {
  TargetError,
  makeTarget,
  type Implementation,
  type OperatingSystem,
  type TargetEnvironment,
} from '../environment/index.ts';
import { loadSnapshot, type LoadedIndex } from '../index/snapshot.ts';
import type { WordingVariant } from '../wording/format.ts';
import { checkWording } from './permalink.ts';
import type { Requirement } from '../pep508/index.ts';
import { parseRequirementsTxt } from '../requirements/index.ts';
import { POLICIES, type Policy } from '../solver/index.ts';
import {
  FieldError,
  checkIndexSnapshot,
  expectArchitecture,
  expectPythonVersion,
  describeValue,
  expectBoolean,
  expectObject,
  expectOneOf,
  expectString,
  isObject,
  join,
  onlyKeys,
  type IndexSnapshotJson,
} from './fields.ts';

export const SCENARIO_FORMAT = 'pipette-scenario/1';
/** Reading limit for a scenario file; the largest real index snapshot is ~10 MB. */
export const MAX_SCENARIO_CHARS = 16 * 1024 * 1024;

export const SCENARIO_KINDS = [
  'direct-clash',
  'transitive-clash',
  'requires-python',
  'yanked',
  'prerelease',
  'no-wheel',
  'misspelt',
  'backtracking',
  'success',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

const OPERATING_SYSTEMS: readonly OperatingSystem[] = ['linux', 'macos', 'windows'];
const IMPLEMENTATIONS: readonly Implementation[] = ['cpython', 'pypy', 'graalpy'];

/** What `makeTarget` needs; anything left out takes its default (CPython 3.12 on Linux x86_64). */
export interface ScenarioTarget {
  readonly python?: string;
  readonly os?: OperatingSystem;
  readonly arch?: string;
  readonly implementation?: Implementation;
}

export interface ScenarioOptions {
  readonly policy?: Policy;
  readonly prereleases?: boolean;
}

export interface PipetteScenario {
  readonly format: typeof SCENARIO_FORMAT;
  /** Lower-case letters, digits and single dashes: `transitive-clash`, `my-case-2`. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences for a person, saying what to look for. */
  readonly description: string;
  /** requirements.txt text. */
  readonly requirements: string;
  readonly target: ScenarioTarget;
  readonly options: ScenarioOptions;
  readonly index: IndexSnapshotJson;
  /** The wording variant to show its messages in (optional). */
  readonly wording?: WordingVariant;
}

/** One entry of `public/scenarios/index.json`. */
export interface ScenarioLibraryEntry {
  readonly id: string;
  readonly title: string;
  readonly kind: ScenarioKind;
  readonly description: string;
  /** The scenario file, relative to the library's index. */
  readonly file: string;
}

/** The file is not a usable scenario; `path` says where (`index.projects.flask.versions.2.0.0`). */
export class ScenarioFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'ScenarioFileError';
  }
}

const SCENARIO_KEYS = ['format', 'id', 'title', 'description', 'requirements', 'target', 'options', 'index', 'wording'];
const TARGET_KEYS = ['python', 'os', 'arch', 'implementation'];
const OPTION_KEYS = ['policy', 'prereleases'];
const LIBRARY_KEYS = ['id', 'title', 'kind', 'description', 'file'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 64;
const MAX_TITLE_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2000;

/** Reads and checks a scenario file. Throws {@link ScenarioFileError}. */
export function parseScenarioFile(text: string, maxChars = MAX_SCENARIO_CHARS): PipetteScenario {
  return asScenarioError(() => checkScenario(parseJson(text, maxChars, 'scenario file')));
}

/**
 * Checks a scenario already parsed from JSON (from storage, say) and returns it unchanged.
 * Throws {@link FieldError}; {@link parseScenarioFile} turns that into a ScenarioFileError.
 */
export function checkScenario(value: unknown): PipetteScenario {
  const root = expectObject(value, '');
  onlyKeys(root, SCENARIO_KEYS, '');
  if (root.format !== SCENARIO_FORMAT) {
    const newer = typeof root.format === 'string' && root.format.startsWith('pipette-scenario/');
    throw new FieldError(
      'format',
      newer
        ? `${JSON.stringify(root.format)} is a format this version of Pipette does not read (it reads "${SCENARIO_FORMAT}")`
        : `expected "${SCENARIO_FORMAT}", found ${describeValue(root.format)}`,
    );
  }
  checkId(root.id, 'id');
  checkText(root.title, 'title', MAX_TITLE_LENGTH, true);
  checkText(root.description, 'description', MAX_DESCRIPTION_LENGTH, false);
  checkRequirements(root.requirements, 'requirements');
  checkTarget(root.target, 'target');
  checkOptions(root.options, 'options');
  checkIndexSnapshot(root.index, 'index');
  if (root.wording !== undefined) checkWording(root.wording, 'wording');
  return root as unknown as PipetteScenario;
}

function checkId(value: unknown, path: string): void {
  const id = expectString(value, path);
  if (!ID.test(id) || id.length > MAX_ID_LENGTH) {
    throw new FieldError(path, `expected lower-case letters, digits and single dashes (at most ${MAX_ID_LENGTH}), like "my-scenario-2"; found ${describeValue(id)}`);
  }
}

function checkText(value: unknown, path: string, maxLength: number, required: boolean): void {
  const text = expectString(value, path, maxLength);
  if (required && text.trim() === '') throw new FieldError(path, 'must not be empty');
}

function checkRequirements(value: unknown, path: string): void {
  const text = expectString(value, path);
  const error = parseRequirementsTxt(text).problems.find((p) => p.severity === 'error');
  if (error) throw new FieldError(path, `line ${error.line}, column ${error.column}: ${error.message}`);
}

function checkTarget(value: unknown, path: string): void {
  const target = expectObject(value, path);
  onlyKeys(target, TARGET_KEYS, path);
  if (target.python !== undefined) expectPythonVersion(target.python, join(path, 'python'));
  const os = target.os === undefined ? 'linux' : expectOneOf(target.os, OPERATING_SYSTEMS, join(path, 'os'));
  if (target.implementation !== undefined) expectOneOf(target.implementation, IMPLEMENTATIONS, join(path, 'implementation'));
  if (target.arch !== undefined) expectArchitecture(target.arch, os, join(path, 'arch'));
}

function checkOptions(value: unknown, path: string): void {
  const options = expectObject(value, path);
  onlyKeys(options, OPTION_KEYS, path);
  if (options.policy !== undefined) expectOneOf(options.policy, POLICIES, join(path, 'policy'));
  if (options.prereleases !== undefined) expectBoolean(options.prereleases, join(path, 'prereleases'));
}

/**
 * The scenario as JSON text: fields in the format's order, two-space indentation, and one
 * line per release so that a file with hundreds of versions stays short and diffs well.
 */
export function serializeScenarioFile(scenario: PipetteScenario): string {
  const { format, id, title, description, requirements, target, options, index, wording } = scenario;
  const ordered = { format, id, title, description, requirements, target, options, index, wording };
  return `${writeJson(ordered, [], isReleasePath)}\n`;
}

/** `index.projects.<name>.versions.<version>`: written on one line. */
function isReleasePath(path: readonly string[]): boolean {
  return path.length === 5 && path[0] === 'index' && path[1] === 'projects' && path[3] === 'versions';
}

function writeJson(value: unknown, path: readonly string[], inline: (path: readonly string[]) => boolean): string {
  if (!isObject(value) && !Array.isArray(value)) return JSON.stringify(value);
  if (inline(path)) return writeInline(value);
  const indent = '  '.repeat(path.length);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item, i) => inner + writeJson(item, [...path, String(i)], inline)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${writeJson(v, [...path, k], inline)}`).join(',\n')}\n${indent}}`;
}

/** JSON on one line with a space after each separator, as a person would type it. */
function writeInline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(writeInline).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${writeInline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** Reads and checks `index.json` of a scenario library. Throws {@link ScenarioFileError}. */
export function parseScenarioLibrary(text: string, maxChars = 1024 * 1024): ScenarioLibraryEntry[] {
  return asScenarioError(() => {
    const list = parseJson(text, maxChars, 'scenario library');
    if (!Array.isArray(list)) throw new FieldError('', `expected a list of scenarios, found ${describeValue(list)}`);
    const ids = new Set<string>();
    return list.map((item, i) => {
      const path = `[${i}]`;
      const entry = expectObject(item, path);
      onlyKeys(entry, LIBRARY_KEYS, path);
      checkId(entry.id, join(path, 'id'));
      if (ids.has(entry.id as string)) throw new FieldError(join(path, 'id'), `${JSON.stringify(entry.id)} is listed twice`);
      ids.add(entry.id as string);
      checkText(entry.title, join(path, 'title'), MAX_TITLE_LENGTH, true);
      expectOneOf(entry.kind, SCENARIO_KINDS, join(path, 'kind'));
      checkText(entry.description, join(path, 'description'), MAX_DESCRIPTION_LENGTH, false);
      const file = expectString(entry.file, join(path, 'file'));
      // A plain relative name: the library must not point outside its own folder.
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/.test(file)) {
        throw new FieldError(join(path, 'file'), `expected a file name in the same folder ending in .json, found ${describeValue(file)}`);
      }
      return entry as unknown as ScenarioLibraryEntry;
    });
  });
}

/** The scenario's index loaded into the model. */
export function loadScenarioIndex(scenario: PipetteScenario): LoadedIndex {
  return loadSnapshot(scenario.index);
}

export interface ScenarioRequest {
  readonly requirements: readonly Requirement[];
  readonly target: TargetEnvironment;
  readonly policy: Policy;
  readonly prereleases: boolean;
}

/** What to resolve: the requirements, the full target and the options (`--pre` in the text counts). */
export function scenarioRequest(scenario: PipetteScenario): ScenarioRequest {
  const parsed = parseRequirementsTxt(scenario.requirements);
  return {
    requirements: parsed.requirements.map((line) => line.requirement),
    target: scenarioTarget(scenario),
    policy: scenario.options.policy ?? 'pip',
    prereleases: (scenario.options.prereleases ?? false) || parsed.options.pre,
  };
}

export function scenarioTarget(scenario: PipetteScenario): TargetEnvironment {
  try {
    return makeTarget(scenario.target);
  } catch (error) {
    if (error instanceof TargetError) throw new ScenarioFileError('target', error.message);
    throw error;
  }
}

function parseJson(text: string, maxChars: number, what: string): unknown {
  if (text.length > maxChars) {
    throw new FieldError('', `the ${what} is ${text.length} characters long, over the limit of ${maxChars}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FieldError('', `the ${what} is not valid JSON (${(error as Error).message})`);
  }
}

function asScenarioError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FieldError) throw new ScenarioFileError(error.path, error.reason);
    throw error;
  }
}
