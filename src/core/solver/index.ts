/**
 * The resolver's public surface, shared by every engine: the provider interface (provider.ts)
 * and the result types, with the complete resolver's entry point. The PubGrub engine itself
 * lives in ../engines/pubgrub, one module per concept of pub's solver.md.
 */
export { resolve, derivationTree } from '../engines/pubgrub/resolve.ts';
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
} from '../engines/pubgrub/resolve.ts';
export { ResolveCancelledError, ROOT, PYTHON } from '../engines/pubgrub/solve.ts';
export { ResolveTimeLimitError, describeTimeLimit } from '../engines/pubgrub/time-limit.ts';
export type { TimeLimitReport, ConflictCount } from '../engines/pubgrub/time-limit.ts';
export type { Progress, PackageKind } from '../engines/pubgrub/solve.ts';
export type { Cause, Unavailable } from '../engines/pubgrub/incompatibility.ts';
export { MetadataUnavailableError } from './provider.ts';
export type { DependencyProvider, IndexFile, ProjectCandidates, Candidate, CandidateMetadata, MaybePromise } from './provider.ts';
export { POLICIES } from '../engines/pubgrub/policy.ts';
export type { Policy } from '../engines/pubgrub/policy.ts';
export * as versionSets from '../engines/pubgrub/version-set.ts';
