/** The solver's public surface. */
export { resolve, derivationTree } from './resolve.ts';
export type {
  ResolveRequest,
  ResolveResult,
  ResolveSuccess,
  ResolveFailure,
  ResolvedPackage,
  RequiredBy,
  ResolveStats,
  ResolveHooks,
  DerivationTree,
  DerivationNode,
  DerivationTerm,
  DerivationCause,
  DerivationPackage,
} from './resolve.ts';
export { ResolveCancelledError, ROOT, PYTHON } from './solve.ts';
export { ResolveTimeLimitError, describeTimeLimit } from './time-limit.ts';
export type { TimeLimitReport, ConflictCount } from './time-limit.ts';
export type { Progress, PackageKind } from './solve.ts';
export type { Cause, Unavailable } from './incompatibility.ts';
export { MetadataUnavailableError } from './provider.ts';
export type { DependencyProvider, ProjectCandidates, Candidate, CandidateMetadata, MaybePromise } from './provider.ts';
export { POLICIES } from './policy.ts';
export type { Policy } from './policy.ts';
export * as versionSets from './version-set.ts';
