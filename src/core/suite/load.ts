/**
 * A suite entry made ready to resolve: its index, requirements, target and expectations, read
 * from the file text it keeps. Pure: the index a case names comes through `lookup`.
 */
import { loadCase } from '../index/case.ts';
import { loadPackseData, loadPackseScenario } from '../index/packse.ts';
import { loadSnapshot, SNAPSHOT_FORMAT } from '../index/snapshot.ts';
import { checkScenario, scenarioRequest } from '../export/index.ts';
import { makeTarget, parsePlatformSpec, targetFromMarkers, type TargetEnvironment } from '../environment/index.ts';
import { parseRequirement, type Requirement } from '../pep508/index.ts';
import { parseRequirementsTxt } from '../requirements/index.ts';
import type { DataWarning, PackageIndex } from '../index/model.ts';
import type { SuiteEntry } from './model.ts';

/** What the scenario's own source says the outcome is. */
export interface DeclaredExpectation {
  /** "packse" or "case". */
  readonly source: string;
  readonly satisfiable: boolean | null;
  readonly packages: Readonly<Record<string, string>> | null;
  /** Names a failure must mention. */
  readonly conflicted: readonly string[];
}

export interface LoadedScenario {
  readonly entry: SuiteEntry;
  readonly index: PackageIndex;
  readonly warnings: readonly DataWarning[];
  readonly requirements: readonly Requirement[];
  readonly target: TargetEnvironment;
  readonly markers: Readonly<Record<string, string>>;
  readonly prereleases: boolean;
  readonly noBinary: readonly string[];
  readonly noBuild: readonly string[];
  /** A lock for every platform: a single-target resolver does not apply. */
  readonly universal: boolean;
  readonly declared: DeclaredExpectation | null;
}

export type IndexLookup = (ref: string) => PackageIndex | null;

function parseAll(texts: readonly string[], where: string): Requirement[] {
  return texts.map((text, i) => {
    try {
      return parseRequirement(text);
    } catch (error) {
      throw new Error(`${where}: requirement ${i + 1}: ${(error as Error).message}`);
    }
  });
}

export function loadEntry(entry: SuiteEntry, lookup: IndexLookup = () => null): LoadedScenario {
  switch (entry.format) {
    case 'packse':
      return loadPackseEntry(entry);
    case 'case':
      return loadCaseEntry(entry, lookup);
    case 'scenario':
      return loadScenarioEntry(entry, lookup);
  }
}

function loadPackseEntry(entry: SuiteEntry): LoadedScenario {
  const { scenario, warnings } = entry.text.trimStart().startsWith('{') ? loadPackseData(JSON.parse(entry.text), entry.id) : loadPackseScenario(entry.text, entry.id);
  const platform = scenario.options.pythonPlatform ? parsePlatformSpec(scenario.options.pythonPlatform) : {};
  return {
    entry,
    index: scenario.index,
    warnings,
    requirements: parseAll(scenario.requirements, 'root.requires'),
    target: makeTarget({ ...platform, python: scenario.targetPython }),
    markers: {},
    prereleases: scenario.options.prereleases,
    noBinary: scenario.options.noBinary,
    noBuild: scenario.options.noBuild,
    universal: scenario.options.universal,
    declared: { source: 'packse', satisfiable: scenario.expected.satisfiable, packages: scenario.expected.packages, conflicted: [] },
  };
}

function loadCaseEntry(entry: SuiteEntry, lookup: IndexLookup): LoadedScenario {
  const { caseFile, warnings } = loadCase(JSON.parse(entry.text));
  let index = caseFile.inlineIndex;
  if (!index) {
    index = entry.indexRef ? lookup(entry.indexRef) : null;
    if (!index) throw new Error(`the index ${caseFile.indexPath} (${entry.indexRef ?? 'not found at import'}) is not available`);
  }
  const markers = caseFile.environment ?? index.environment ?? {};
  return {
    entry,
    index,
    warnings,
    requirements: parseAll(caseFile.requested, 'requested'),
    target: Object.keys(markers).length > 0 ? targetFromMarkers({ ...markers }) : makeTarget({}),
    markers,
    prereleases: caseFile.prereleases,
    noBinary: [],
    noBuild: [],
    universal: false,
    declared: caseFile.expected.satisfiable === null && !caseFile.expected.packages ? null : { source: 'case', ...caseFile.expected },
  };
}

/** A Pipette scenario: its index inline, or (the library's) by reference. */
function loadScenarioEntry(entry: SuiteEntry, lookup: IndexLookup): LoadedScenario {
  const data = JSON.parse(entry.text) as Record<string, unknown>;
  let index: PackageIndex | null = null;
  let warnings: readonly DataWarning[] = [];
  if (entry.indexRef) {
    index = lookup(entry.indexRef);
    if (!index) throw new Error(`its index (${entry.indexRef}) is not available`);
  }
  const scenario = checkScenario(index ? { ...data, index: { format: SNAPSHOT_FORMAT, projects: {} } } : data);
  if (!index) ({ index, warnings } = loadSnapshot(scenario.index));
  const request = scenarioRequest(scenario);
  const options = parseRequirementsTxt(scenario.requirements).options;
  return {
    entry,
    index,
    warnings,
    requirements: request.requirements,
    target: request.target,
    markers: {},
    prereleases: request.prereleases,
    noBinary: options.noBinary,
    noBuild: options.onlyBinary,
    universal: false,
    declared: null,
  };
}
