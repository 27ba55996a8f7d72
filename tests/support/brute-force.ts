/**
 * The oracle of the solver's property tests: the first selection of an index (a release or nothing
 * per project, and for each project one of its extras choices), in a fixed order, that passes the
 * independent checker (checkPlan), or null when none does. It never calls the solver.
 *
 * Two searches give the same answer: `firstValidPlanTryingEvery` checks every selection in turn
 * (7^5 of them for five projects of six releases: a minute for alike-runs' 300 cases), and
 * `firstValidPlan`, the one the solver tests use, walks the same order depth first and skips a
 * partial selection only when every plan that completes it would fail checkPlan. It reads
 * requirements with the functions checkPlan uses, and Requires-Python with checkPlan's own
 * acceptsPython; brute-force-pruning.property.test.ts holds the two searches equal.
 */
import { acceptsPython } from '../../src/core/check/validate.ts';
import {
  checkPlan,
  compareVersions,
  containsVersion,
  evaluateMarker,
  markerEnvironment,
  markerVariables,
  parseVersion,
  tryParseRequirement,
  type CheckRequest,
  type MarkerEnvironment,
  type PackageIndex,
  type Project,
  type Requirement,
  type SpecifierSet,
  type Version,
} from '../../src/core/index.ts';

export type Plan = Record<string, { version: string; extras: string[] }>;

/** Each project's choices of extras for a selected release (default: none). */
export type ExtrasChoices = (project: Project) => string[][];

const noExtras: ExtrasChoices = () => [[]];

const passes = (index: PackageIndex, request: CheckRequest, plan: Plan) => checkPlan(index, request, plan).length === 0;

/**
 * The plain enumeration: selection number `code` picks, per project (the first project the fastest
 * changing digit), a release or nothing and then a choice of extras; the first that passes.
 */
export function firstValidPlanTryingEvery(index: PackageIndex, request: CheckRequest, extrasOf: ExtrasChoices = noExtras): Plan | null {
  const projects = [...index.projects.values()];
  const choices = projects.map((p) => [null, ...p.releases.map((r) => r.version)]);
  const extraChoices = projects.map(extrasOf);
  const total = choices.reduce((n, c, i) => n * c.length * extraChoices[i]!.length, 1);
  for (let code = 0; code < total; code++) {
    let rest = code;
    const plan: Plan = {};
    projects.forEach((p, i) => {
      const options = choices[i]!;
      const pick = options[rest % options.length];
      rest = Math.floor(rest / options.length);
      const extras = extraChoices[i]![rest % extraChoices[i]!.length]!;
      rest = Math.floor(rest / extraChoices[i]!.length);
      if (pick) plan[p.key] = { version: pick, extras };
    });
    if (passes(index, request, plan)) return plan;
  }
  return null;
}

/** A release as checkPlan sees it: its version, and what its lines require of the rest of the plan. */
interface Candidate {
  readonly version: string;
  readonly parsed: Version;
  /** The requirements it makes whatever else is selected. */
  readonly demands: readonly Requirement[];
  /** The projects its requirements may name, should their markers hold. */
  readonly mayName: ReadonlySet<string>;
}

/** What a project has been decided as: nothing (null), or a release. */
type Decision = Candidate | null;

/**
 * The same answer as firstValidPlanTryingEvery, the same order walked depth first (the last project,
 * the slowest digit, decided first). A partial selection is given up only when checkPlan would reject
 * every plan that completes it:
 * - a requirement that applies for certain (the user's, by checkPlan's own rule, and each selected
 *   release's lines whose marker holds without reading `extra`) is not met by what its project is
 *   decided as, or by any release of it that can still be chosen;
 * - a selected project is named by no requirement that could still apply (nothing would require it);
 * - a release's Requires-Python rejects the target (it is never chosen).
 * Every complete plan left is given to checkPlan itself.
 */
export function firstValidPlan(index: PackageIndex, request: CheckRequest, extrasOf: ExtrasChoices = noExtras): Plan | null {
  // The marker environment and Python checkPlan evaluates requirements in.
  const env: MarkerEnvironment = { ...markerEnvironment(request.target), ...(request.markers ?? {}) };
  const python = parseVersion(env.python_full_version ?? request.target.python);
  const projects = [...index.projects.values()];
  const position = new Map(projects.map((p, i) => [p.key, i]));
  const candidates = projects.map((p) =>
    p.releases.flatMap((r): Candidate[] => {
      const parsed = parseVersion(r.version);
      // checkPlan reads the first release with an equal version.
      const read = p.releases.find((other) => compareVersions(parseVersion(other.version), parsed) === 0)!;
      if (!acceptsPython(read, python, request.policy)) return [];
      // The lines checkPlan reads: requirements, not URLs.
      const lines = read.requiresDist.map(tryParseRequirement).filter((req): req is Requirement => req !== null && !req.url);
      return [{ version: r.version, parsed, demands: lines.filter((req) => appliesForCertain(req, env)), mayName: new Set(lines.filter((req) => mayApply(req, env)).map((req) => req.key)) }];
    }),
  );
  const anyReleaseMayName = candidates.map((cs) => new Set(cs.flatMap((c) => [...c.mayName])));
  const extraChoices = projects.map(extrasOf);
  const decided: (Decision | undefined)[] = projects.map(() => undefined);
  const extrasPicked: string[][] = projects.map(() => []);
  // What is required of each project so far: it is selected, at a version in each of these sets.
  const required: SpecifierSet[][] = projects.map(() => []);

  const meets = (i: number, c: Decision) => c !== null && required[i]!.every((spec) => containsVersion(spec, c.parsed, { prereleases: true }));
  const admissible = (i: number, c: Decision) => (c === null ? required[i]!.length === 0 : meets(i, c));
  const stillPossible = (i: number) => decided[i] !== undefined || required[i]!.length === 0 || candidates[i]!.some((c) => meets(i, c));

  /** Adds `demands` to `required`; false (with nothing added) when one names a project not in the index. */
  const require = (demands: readonly Requirement[]): boolean => {
    if (demands.some((req) => !position.has(req.key))) return false;
    for (const req of demands) required[position.get(req.key)!]!.push(req.specifier);
    return true;
  };
  const unrequire = (demands: readonly Requirement[]) => {
    for (const req of demands) required[position.get(req.key)!]!.pop();
  };

  const userDemands = request.requirements.filter((req) => !req.marker || evaluateMarker(req.marker, env, []));
  const userNames = new Set(userDemands.map((req) => req.key));
  const mayBeNamedBy = (j: number): ReadonlySet<string> => {
    const d = decided[j];
    return d === undefined ? anyReleaseMayName[j]! : (d?.mayName ?? new Set());
  };
  const mayBeRequired = (k: number) => userNames.has(projects[k]!.key) || projects.some((_, j) => mayBeNamedBy(j).has(projects[k]!.key));
  const everySelectedMayBeRequired = () => decided.every((d, k) => !d || mayBeRequired(k));

  if (!require(userDemands) || !projects.every((_, i) => stillPossible(i))) return null;

  const search = (i: number): Plan | null => {
    if (i < 0) {
      const plan: Plan = {};
      projects.forEach((p, k) => {
        const d = decided[k]!;
        if (d) plan[p.key] = { version: d.version, extras: extrasPicked[k]! };
      });
      return passes(index, request, plan) ? plan : null;
    }
    for (const [e, extras] of extraChoices[i]!.entries()) {
      // Nothing, with any extras: the very plan already tried with the first choice of extras.
      for (const c of e === 0 ? [null, ...candidates[i]!] : candidates[i]!) {
        if (!admissible(i, c)) continue;
        decided[i] = c;
        extrasPicked[i] = extras;
        const demands = c?.demands ?? [];
        if (require(demands)) {
          const consistent = demands.every((req) => {
            const k = position.get(req.key)!;
            const decision = decided[k];
            return decision === undefined ? stillPossible(k) : meets(k, decision);
          });
          const found = consistent && everySelectedMayBeRequired() ? search(i - 1) : null;
          unrequire(demands);
          if (found) return found;
        }
        decided[i] = undefined;
      }
    }
    return null;
  };
  return search(projects.length - 1);
}

/** Whether a line checkPlan reads applies whatever extras are asked of its release: no marker, or one that holds and does not read `extra`. */
function appliesForCertain(req: Requirement, env: MarkerEnvironment): boolean {
  return !req.marker || (!markerVariables(req.marker).has('extra') && evaluateMarker(req.marker, env, []));
}

/** Whether a line checkPlan reads may apply: unless its marker, not reading `extra`, is false. */
function mayApply(req: Requirement, env: MarkerEnvironment): boolean {
  return !req.marker || markerVariables(req.marker).has('extra') || evaluateMarker(req.marker, env, []);
}
