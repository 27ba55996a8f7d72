/** Scenario files, permalinks and the exports of a resolve: what callers outside `src/core/export/` may use. */
export {
  SCENARIO_FORMAT,
  SCENARIO_KINDS,
  MAX_SCENARIO_CHARS,
  ScenarioFileError,
  parseScenarioFile,
  checkScenario,
  serializeScenarioFile,
  parseScenarioLibrary,
  loadScenarioIndex,
  scenarioRequest,
  scenarioTarget,
} from './scenario-file.ts';
export type { PipetteScenario, ScenarioKind, ScenarioTarget, ScenarioOptions, ScenarioLibraryEntry, ScenarioRequest } from './scenario-file.ts';
export { FieldError, checkIndexSnapshot } from './fields.ts';
export { csvField } from './csv.ts';
export { colouredTerminalSafe, terminalSafe } from './terminal-text.ts';
export type { IndexSnapshotJson, SnapshotProjectJson, SnapshotReleaseJson } from './fields.ts';
export {
  PERMALINK_VERSION,
  MAX_PERMALINK_CHARS,
  MAX_PERMALINK_JSON_BYTES,
  PermalinkError,
  encodePermalink,
  decodePermalink,
  checkPermalinkState,
} from './permalink.ts';
export type { PermalinkState, PermalinkTarget, PermalinkScenario, PermalinkErrorCode, RequirementsFormat } from './permalink.ts';
export { SYNTHETIC_FILE_BASE_URL, chooseDistribution, distributionName } from './distribution.ts';
export type { ExportContext, Distribution } from './distribution.ts';
export { toPipReport, formatPipReport, PIP_REPORT_VERSION, SIMULATED_PIP_VERSION } from './pip-report.ts';
export type { PipReport, PipReportItem, PipReportMetadata, ArchiveInfo } from './pip-report.ts';
export { toPylock, PYLOCK_VERSION, PYLOCK_CREATED_BY } from './pylock.ts';
export { toMarkdown, escapeInline, codeSpan, fencedBlock } from './markdown.ts';
export type { MarkdownInput, MarkdownResult, MarkdownSuggestion, MarkdownEnvironment } from './markdown.ts';
