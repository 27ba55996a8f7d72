/**
 * A run as files for CI and for people: JUnit XML (one testsuite per combination, one testcase
 * per scenario, as Jenkins, GitLab and GitHub's test reporters read it), CSV and JSON.
 */
import { combinationId, combinationLabel, SUITE_RUN_FORMAT, type Cell, type Combination, type ScenarioRef, type SuiteRun } from './model.ts';
import { summarize } from './matrix.ts';
import { csvField } from '../export/csv.ts';

export interface RunReport {
  readonly suiteTitle: string;
  readonly combinations: readonly Combination[];
  readonly scenarios: readonly ScenarioRef[];
  readonly cells: readonly Cell[];
  readonly timestamp?: string;
}

// XML 1.0 allows neither these characters nor their escapes.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

function textContent(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function testcase(scenario: ScenarioRef, suiteTitle: string, cell: Cell | undefined): string {
  const head = `    <testcase${attrs({ name: scenario.name, classname: `${suiteTitle}.${scenario.category}`, time: seconds(cell?.ms ?? 0), file: scenario.id })}`;
  if (!cell) return `${head}>\n      <skipped${attrs({ message: 'not run (the run was cancelled first)' })}/>\n    </testcase>`;
  const expectation = cell.expectation ? ` [expectation: ${cell.expectation}]` : '';
  switch (cell.status) {
    case 'fail':
    case 'differs':
      return `${head}>\n      <failure${attrs({ message: cell.message, type: cell.status === 'fail' ? 'WrongVerdict' : 'DiffersFromExpected' })}>${textContent(cell.message + expectation)}</failure>\n    </testcase>`;
    case 'error':
      return `${head}>\n      <error${attrs({ message: cell.message, type: 'CombinationError' })}>${textContent(cell.message)}</error>\n    </testcase>`;
    case 'skipped':
      return `${head}>\n      <skipped${attrs({ message: cell.message })}/>\n    </testcase>`;
    default:
      return `${head}>\n      <system-out>${textContent(`${cell.status}: ${cell.message}${expectation}`)}</system-out>\n    </testcase>`;
  }
}

/** JUnit XML: `testsuites` › `testsuite` per combination › `testcase` per scenario. */
export function toJUnit(report: RunReport): string {
  const byCombination = new Map<string, Map<string, Cell>>();
  for (const c of report.cells) {
    let column = byCombination.get(c.combination);
    if (!column) byCombination.set(c.combination, (column = new Map()));
    column.set(c.scenario, c);
  }
  const timestamp = (report.timestamp ?? new Date().toISOString()).replace(/\.\d+Z$/, '').replace(/Z$/, '');
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
  report.combinations.forEach((combination, i) => {
    const column = byCombination.get(combinationId(combination)) ?? new Map<string, Cell>();
    const s = summarize(column.values());
    const skipped = s.skipped + (report.scenarios.length - s.total);
    const counts = { tests: report.scenarios.length, failures: s.fail + s.differs, errors: s.error, skipped };
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
    totals.ms += s.ms;
    const cases = report.scenarios.map((scenario) => testcase(scenario, report.suiteTitle, column.get(scenario.id)));
    suites.push(
      `  <testsuite${attrs({ name: `${report.suiteTitle} — ${combinationLabel(combination)}`, id: i, package: combinationId(combination), ...counts, time: seconds(s.ms), timestamp, hostname: 'pipette' })}>\n` +
        `    <properties>\n${Object.entries(combination)
          .map(([k, v]) => `      <property${attrs({ name: k, value: v ?? "the scenario's own" })}/>`)
          .join('\n')}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`,
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: report.suiteTitle, tests: totals.tests, failures: totals.failures, errors: totals.errors, skipped: totals.skipped, time: seconds(totals.ms) })}>\n${suites.join('\n')}\n</testsuites>\n`;
}

export const CSV_HEADER = ['scenario', 'name', 'category', 'combination', 'engine', 'policy', 'python', 'platform', 'status', 'verdict', 'ms', 'expectation', 'packages', 'message'] as const;

export function csvRow(cell: Cell, scenario: ScenarioRef | undefined, combination: Combination | undefined): string {
  const packages = cell.packages ? Object.entries(cell.packages).map(([k, v]) => `${k}==${v}`).join(' ') : '';
  return [
    cell.scenario,
    scenario?.name ?? '',
    scenario?.category ?? '',
    cell.combination,
    combination?.engine ?? '',
    combination?.policy ?? '',
    combination?.python ?? '',
    combination?.platform ?? '',
    cell.status,
    cell.verdict ?? '',
    cell.ms.toFixed(1),
    cell.expectation ?? '',
    packages,
    cell.message,
  ]
    .map(csvField)
    .join(',');
}

export function toCsv(report: RunReport): string {
  const scenarios = new Map(report.scenarios.map((s) => [s.id, s]));
  const combinations = new Map(report.combinations.map((c) => [combinationId(c), c]));
  const rows = report.cells.map((c) => csvRow(c, scenarios.get(c.scenario), combinations.get(c.combination)));
  return `${CSV_HEADER.join(',')}\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

export function toRunJson(run: SuiteRun): string {
  const summary = Object.fromEntries(run.combinations.map((c) => [combinationId(c), summarize(run.cells.filter((cell) => cell.combination === combinationId(c)))]));
  return `${JSON.stringify({ format: SUITE_RUN_FORMAT, ...run, summary }, null, 1)}\n`;
}
