/** The only import path into the core: what the worker, the CLI and the tests may use. */
export * from './pep440/index.ts';
export * from './pep508/index.ts';
export * from './requirements/index.ts';
export * from './environment/index.ts';
export * from './index/model.ts';
export { loadSnapshot, parseSnapshotText, loadProjects, toSnapshot, SnapshotError, SNAPSHOT_FORMAT, MAX_SNAPSHOT_BYTES } from './index/snapshot.ts';
export type { LoadedIndex } from './index/snapshot.ts';
export { loadPackseScenario, loadPackseData, isPackseData, ScenarioError, PACKSE_DEFAULT_PYTHON, PACKSE_DEFAULT_REQUIRES_PYTHON } from './index/packse.ts';
export type { PackseScenario, PackseOptions } from './index/packse.ts';
export { loadCase, isCaseFile } from './index/case.ts';
export type { CaseFile } from './index/case.ts';
export { IndexProvider, releaseMetadata } from './index/provider.ts';
export { closeNames, editDistance } from './index/similar.ts';
export * from './solver/index.ts';
export { checkPlan } from './check/validate.ts';
export type { CheckRequest, PlanEntry } from './check/validate.ts';
export * from './explain/index.ts';
export * from './export/index.ts';
