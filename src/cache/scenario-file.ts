/**
 * Scenario files, between the file format (`pipette-scenario/1`, read and written by the
 * core's checker) and the cache's records. Adds `pipette-scenarios/1`: several of the
 * user's scenarios in one file, for export and import.
 */
import {
  checkScenario,
  FieldError,
  parseScenarioLibrary,
  serializeScenarioFile,
  ScenarioFileError,
  SCENARIO_FORMAT,
  type PipetteScenario,
  type ScenarioLibraryEntry,
  type ScenarioOptions,
  type ScenarioTarget,
} from '../core/export/index.ts';
import { loadSnapshot, parsePyproject, type LoadedIndex } from '../core/index.ts';
import type { ScenarioRecord } from './schema.ts';

export { parseScenarioLibrary, serializeScenarioFile, ScenarioFileError, SCENARIO_FORMAT };
export type { PipetteScenario, ScenarioLibraryEntry, ScenarioOptions, ScenarioTarget };

export const SCENARIO_LIST_FORMAT = 'pipette-scenarios/1';

/** Checks a parsed scenario value; error paths start with `path`. */
export function readScenario(data: unknown, path = ''): { scenario: PipetteScenario; loaded: LoadedIndex } {
  try {
    const scenario = checkScenario(data);
    return { scenario, loaded: loadSnapshot(scenario.index) };
  } catch (error) {
    if (error instanceof FieldError || error instanceof ScenarioFileError) {
      const where = [path, error.path].filter(Boolean).join('.');
      throw new ScenarioFileError(where, error.reason);
    }
    throw error;
  }
}

/** The scenarios of a `pipette-scenarios/1` file, each checked. */
export function readScenarioList(data: unknown): { scenario: PipetteScenario; loaded: LoadedIndex }[] {
  const root = data as { format?: unknown; scenarios?: unknown } | null;
  if (root?.format !== SCENARIO_LIST_FORMAT) throw new ScenarioFileError('format', `expected "${SCENARIO_LIST_FORMAT}"`);
  if (!Array.isArray(root.scenarios)) throw new ScenarioFileError('scenarios', 'expected a list of scenarios');
  return root.scenarios.map((item, i) => readScenario(item, `scenarios[${i}]`));
}

/** A file id from a title: lower-case letters, digits and single dashes. */
export function slugId(title: string, fallback = 'my-scenario'): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/**
 * A cached scenario as a file. The file format holds requirements.txt text, so a pyproject
 * scenario travels as its `[project] dependencies`, one per line.
 */
export function toScenarioFile(record: ScenarioRecord, snapshot: Readonly<Record<string, unknown>>): PipetteScenario {
  const requirements =
    record.format === 'pyproject' ? parsePyproject(record.requirements).requirements.map((r) => r.text).join('\n') + '\n' : record.requirements;
  return {
    format: SCENARIO_FORMAT,
    id: slugId(record.title),
    title: record.title.trim() || 'Untitled scenario',
    description: record.description,
    requirements,
    target: record.target,
    options: record.options,
    index: snapshot as unknown as PipetteScenario['index'],
  };
}

export function scenarioListText(files: readonly PipetteScenario[]): string {
  return `${JSON.stringify({ format: SCENARIO_LIST_FORMAT, scenarios: files }, null, 1)}\n`;
}
