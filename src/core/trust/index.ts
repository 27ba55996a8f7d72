/** Trust: PEP 792 statuses, security advisories (OSV) and the metadata audit. */
export { readOsvRecord, readOsvDocument, parseOsvText, mergeAdvisories, toOsvRecord, OsvError, OSV_LIST_FORMAT } from './osv.ts';
export type { ReadAdvisories, OsvProblem } from './osv.ts';
export { AdvisoryIndex, compareIds, nextFixed } from './match.ts';
export type { AdvisoryHit, MatchProblem } from './match.ts';
export { auditPlan, newlyAffected, statusNotes, statusText, splitIgnored, ignoredIds } from './plan.ts';
export type { IgnoredAdvisory, AffectedPackage, PlanAudit, StatusNote } from './plan.ts';
export { resolveWithAdvisories, BlockingProvider, ADVISORY_POLICIES } from './policy.ts';
export type { AdvisoryPolicy, TrustResolve, StaysAffected } from './policy.ts';
export { auditIndex, whoNeeds, proveRelease, AUDIT_KINDS } from './audit.ts';
export type { IndexAudit, AuditFinding, AuditKind, AuditOptions, ReverseEdge } from './audit.ts';
