/**
 * Suites: sets of scenarios with expectations, run against combinations of engine × policy ×
 * target, giving a matrix of cells. Everything here is plain data, so it crosses the worker
 * boundary and goes into IndexedDB unchanged.
 */
import type { EngineName } from '../engines/index.ts';
import type { Policy } from '../solver/index.ts';

export const SUITE_RUN_FORMAT = 'pipette-suite-run/1';

/** What a scenario was read from; the text is kept in that form, never as the parsed model. */
export type SuiteEntryFormat = 'packse' | 'case' | 'scenario';

/** An outcome a real installer gave on the scenario (pip 23.2's and pip 20.2's recorded runs). */
export interface RecordedVerdict {
  /** Who recorded it: "pip 23.2.1", "pip 20.2.4". */
  readonly tool: string;
  /** The engine that models that installer: its cells are judged by this verdict. */
  readonly engine: EngineName;
  /** Whether it installed something (pip 20.2 may install a set that breaks a requirement). */
  readonly satisfiable: boolean;
  /** What it installed (name → version). */
  readonly packages: Readonly<Record<string, string>>;
}

export interface SuiteEntry {
  /** Unique within the suite: the file's path in the folder or zip. */
  readonly id: string;
  readonly name: string;
  /** packse: the folder the file sits in; cases: the source; scenarios: their kind. */
  readonly category: string;
  readonly format: SuiteEntryFormat;
  /** The file as imported (packse TOML, case JSON, Pipette scenario JSON). */
  readonly text: string;
  /** The index a case names by path or a library scenario uses, as a reference the caller resolves. */
  readonly indexRef: string | null;
  readonly recorded: readonly RecordedVerdict[];
}

export type SuiteSourceKind = 'packse-folder' | 'packse-zip' | 'cases' | 'files' | 'mine' | 'bundled';

export interface SuiteSource {
  readonly kind: SuiteSourceKind;
  /** The folder, zip or files it came from, for a person. */
  readonly name: string;
}

export interface SuiteSummary {
  readonly id: string;
  readonly title: string;
  readonly source: SuiteSource;
  readonly scenarios: number;
  readonly categories: readonly string[];
  readonly importedAt: string;
  /** Files that could not be read, each saying what and where; the rest were imported. */
  readonly problems: readonly string[];
}

export interface Suite extends SuiteSummary {
  readonly entries: readonly SuiteEntry[];
}

/** One column of the matrix. A null python or platform means each scenario's own. */
export interface Combination {
  readonly engine: EngineName;
  readonly policy: Policy;
  readonly python: string | null;
  readonly platform: string | null;
}

/**
 * pass: agrees with the expectation; fail: the opposite verdict, or a plan that breaks a
 * requirement; differs: the same verdict but another install set than the expectation names;
 * error: the combination could not run; skipped: not applicable (a universal lock);
 * unjudged: no expectation applies (none given, or the target differs from the scenario's own).
 */
export type CellStatus = 'pass' | 'fail' | 'differs' | 'error' | 'skipped' | 'unjudged';
export const CELL_STATUSES: readonly CellStatus[] = ['pass', 'fail', 'differs', 'error', 'skipped', 'unjudged'];

export type Verdict = 'solved' | 'no-solution';

export interface Cell {
  readonly scenario: string;
  readonly combination: string;
  readonly status: CellStatus;
  readonly verdict: Verdict | null;
  /** The install set when solved: normalized name → version. */
  readonly packages: Readonly<Record<string, string>> | null;
  readonly ms: number;
  /** What went wrong, or what was found. */
  readonly message: string;
  /** Which expectation judged it: "packse", "case", "pip 23.2.1". */
  readonly expectation: string | null;
}

export function combinationId(c: Combination): string {
  return `${c.engine}/${c.policy}/${c.python ?? 'own'}/${c.platform ?? 'own'}`;
}

const ENGINE_LABELS: Readonly<Record<EngineName, string>> = { pubgrub: 'PubGrub', pip: 'pip 23.2', legacy: 'pip 20.2 legacy' };

export function combinationLabel(c: Combination): string {
  const parts = [ENGINE_LABELS[c.engine], `${c.policy} rules`];
  if (c.python) parts.push(`Python ${c.python}`);
  if (c.platform) parts.push(c.platform);
  return parts.join(' · ');
}

export function isFailing(status: CellStatus): boolean {
  return status === 'fail' || status === 'differs' || status === 'error';
}

export interface ScenarioRef {
  readonly id: string;
  readonly name: string;
  readonly category: string;
}

/** A run of a suite: kept as it goes, so a cancelled run keeps what it finished. */
export interface SuiteRun {
  readonly id: string;
  readonly suiteId: string;
  readonly suiteTitle: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly state: 'running' | 'done' | 'cancelled' | 'failed';
  readonly combinations: readonly Combination[];
  readonly scenarios: readonly ScenarioRef[];
  readonly cells: readonly Cell[];
  readonly workers: number;
  /** From start to the last cell, on the wall clock. */
  readonly wallMs: number;
  /** Of which: starting the workers and loading the suite into each, before the first scenario. */
  readonly startupMs?: number;
}
