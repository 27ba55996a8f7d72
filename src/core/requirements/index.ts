/** Requirement sets as people write them: pip requirements files and pyproject.toml. */

export {
  parseRequirementsTxt,
  emptyInstallOptions,
  type Problem,
  type RequirementLine,
  type InstallOptions,
  type RequirementsFile,
  type FileReference,
  type IndexOptionLine,
  type ParseOptions,
} from './requirements-txt.ts';
export type { VariableLookup } from './logical-lines.ts';
export { parseConstraints, type Constraint, type ConstraintsFile } from './constraints.ts';
export { parsePyproject, parsePyprojectGroups, type PyprojectGroups } from './pyproject.ts';
export { characterColumn, indexColumn } from './columns.ts';
