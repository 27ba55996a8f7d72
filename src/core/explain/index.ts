/** Explanations of a failed resolve: voices, wording data, and the helpers the UI draws with. */
export { pubgrubLines, pubgrubReport } from './pubgrub.ts';
export type { ReportLine } from './pubgrub.ts';
export { Describer } from './describe.ts';
export { TreeView, requirementLabel, specifierOf } from './versions.ts';
export { fill, say, slotsOf, checkTemplate, TemplateError } from './template.ts';
export type { Wording } from './template.ts';
export { FACTS, PUBGRUB, VOICES } from './wording.ts';
export type { Voice } from './wording.ts';
