/** Wording variants: the format and its checks, rendering over a suite, measures, PO and catalogue exports. */
export { baseTemplates, baseWording, allBaseTemplates } from './base.ts';
export type { TemplateInfo } from './base.ts';
export {
  WORDING_FORMAT,
  MAX_WORDING_FILE_CHARS,
  MAX_TEMPLATE_CHARS,
  MAX_TEMPLATES,
  BASE_VARIANT,
  emptyVariant,
  variantIdFrom,
  MAX_VARIANT_ID,
  parseWordingFile,
  checkWordingVariant,
  templateProblems,
  variantWording,
  overrideCount,
  serializeWordingVariant,
  withTemplate,
} from './format.ts';
export type { WordingVariant, VariantTemplates, WordingIssue, WordingCheck } from './format.ts';
export { VERBOSITIES, LEVELS, LEVEL_SLOTS } from './levels.ts';
export type { Verbosity } from './levels.ts';
export { MESSAGE_KINDS, KIND_LABELS, messageKind } from './kind.ts';
export type { MessageKind } from './kind.ts';
export { renderFindings, renderMessage, findingsOf, prepareFindings, MAX_MESSAGE_CHARS } from './render.ts';
export type { RenderedMessage, RenderedVoices } from './render.ts';
export { readability, syllables, fleschKincaidGrade, countSentences, wordsOf } from './readability.ts';
export type { Readability } from './readability.ts';
export { measureMessage, summarize as summarizeMeasures, median, findJargon, DEFAULT_JARGON, MAX_JARGON_TERMS, SCREEN_COLUMNS, SCREEN_ROWS } from './measures.ts';
export type { MessageMeasures, MeasureSummary } from './measures.ts';
export { renderSuite, clashingRequirements } from './suite.ts';
export type { SuiteEntry as WordingSuiteEntry, SuiteGrid, GridRow, GridCell, TemplateUsage, GridOptions } from './suite.ts';
export { gridToCsv, gridToMarkdown, summaryRow, SUMMARY_HEAD } from './table.ts';
export { variantToPo, variantFromPo, parsePo, poCharset, languageTag, PoSyntaxError } from './po.ts';
export { readVariantFile } from './variant-file.ts';
export { variantCatalogue } from './catalogue.ts';
