/** Suites of scenarios, runs over engine × policy × target, and their matrix and exports. */
export * from './model.ts';
export { importSuiteFiles, attachPipBaseline, stripCommonFolder, SCENARIO_LIST_FORMAT as SUITE_SCENARIO_LIST_FORMAT } from './import.ts';
export type { SuiteFile, SuiteImport, ImportOptions } from './import.ts';
export { filesFromZip, isZip, ZipError, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES } from './zip.ts';
export { loadEntry } from './load.ts';
export type { LoadedScenario, DeclaredExpectation, IndexLookup } from './load.ts';
export type { Expectation } from './run.ts';
export { runScenario, runCell, expectationFor, requestFor as suiteRequest, targetFor, packageDifferences } from './run.ts';
export { crossCombinations, CombinationError } from './combinations.ts';
export type { CombinationChoice } from './combinations.ts';
export { summarize, cellTable, disagreement, diffColumns, describeChange, disagreementsByCategory } from './matrix.ts';
export type { ColumnSummary, CellTable, Disagreement, ColumnChange, PackageChange, CategoryDisagreements } from './matrix.ts';
export { toJUnit, toCsv, csvRow, CSV_HEADER, toRunJson, xmlEscape } from './export.ts';
export type { RunReport } from './export.ts';
