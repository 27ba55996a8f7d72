/** The environment a user installs into: what is installed, and resolving into it as pip does. */
export { parseInstalledSet, parsePipFreeze, MAX_INSTALLED_BYTES } from './installed-set.ts';
export type { InstalledFormat, InstalledPackage, InstalledSet } from './installed-set.ts';
export { InstalledCandidatesProvider, NoDependenciesProvider, OverridesProvider, WhatIfProvider } from './providers.ts';
export type { OverrideUse } from './providers.ts';
export { resolveInto, eligibleForUpgrade, pipConflictMessage, checkInstalled, pipRequirementText } from './install-into.ts';
export type { UpgradeStrategy, InstallIntoOptions, InstallIntoResult, PlannedChange, ChangeAction, BrokenRequirement } from './install-into.ts';
export { resolveMatrix, matrixDifferences, MATRIX_PYTHONS, MATRIX_PLATFORMS } from './matrix.ts';
export type { MatrixCell, MatrixOptions } from './matrix.ts';
