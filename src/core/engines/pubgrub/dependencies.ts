/**
 * Dependencies as incompatibilities: solver.md § Decision Making ("add an incompatibility for
 * each of the chosen version's dependencies"), https://github.com/dart-lang/pub/blob/master/doc/solver.md#decision-making
 * — pubgrub-rs's `Incompatibility::from_dependency`. Each dependency is widened to the run of
 * neighbouring versions that depend alike, so that one incompatibility (and one message line)
 * speaks for "every version of foo from 1.0 to 1.4".
 */
import { evaluateMarker, normalizeName, parseRequirement, type Marker, type Requirement } from '../../pep508/index.ts';
import { isLetterOrDigit, isNameCharacter } from '../../pep508/names.ts';
import type { CandidateMetadata } from '../../solver/provider.ts';
import { extraCandidates, listsExtra } from './extra-requirements.ts';
import { dependencyIncompatibility, type Incompatibility } from './incompatibility.ts';
import type { Dependency, PackageState, SolverPackage } from './packages.ts';
import type { SolverState } from './state.ts';
import { redactLogins } from '../../redact-logins.ts';
import { countSet, difference, emptySet, fullSet, has, intersect, isEmpty, rangeSet, setFromPredicate, singletonSet, union, type VersionSet } from './version-set.ts';

/** The requirement lines of `pkg` at version `index` that apply to the target. */
export function applicableRequirements(state: SolverState, pkg: PackageState, metadata: CandidateMetadata): Requirement[] {
  const markers = state.request.markers;
  const result: Requirement[] = [];
  const requirements = pkg.kind === 'extra' ? extraCandidates(metadata, pkg.extra!) : metadata.requirements;
  for (const req of requirements) {
    if (pkg.kind === 'extra') {
      if (!req.marker) continue;
      if (!evaluateMarker(req.marker, markers, [pkg.extra!]) || evaluateMarker(req.marker, markers, [])) continue;
    } else if (req.marker && !markerHolds(state, req.marker)) {
      continue;
    }
    if (req.url) {
      state.table.warn({ kind: 'unsupported', project: pkg.name, message: `${pkg.name}: ignored the direct reference ${redactLogins(req.text)} (a URL can't be resolved against an index)` });
      continue;
    }
    result.push(req);
  }
  return result;
}

function markerHolds(state: SolverState, marker: Marker): boolean {
  let holds = state.markerHolds.get(marker);
  if (holds === undefined) {
    holds = evaluateMarker(marker, state.request.markers, []);
    state.markerHolds.set(marker, holds);
  }
  return holds;
}

export function extraProvided(state: SolverState, metadata: CandidateMetadata, extra: string): boolean {
  if (metadata.providesExtra.length > 0) return listsExtra(metadata, extra);
  // Old metadata lists no Provides-Extra at all; then an extra exists if a marker names it.
  const markers = state.request.markers;
  return extraCandidates(metadata, extra).some((r) => r.marker !== null && evaluateMarker(r.marker, markers, [extra]) && !evaluateMarker(r.marker, markers, []));
}

/** Metadata of the project behind `pkg` at `index`, or undefined when it is not at hand yet. */
function peekMetadata(state: SolverState, pkg: PackageState, index: number): CandidateMetadata | undefined {
  return state.provider.peekMetadata?.(pkg.project, index);
}

/** Turns applicable requirements into dependencies, one per target package (loading targets first). */
export async function buildDependencies(state: SolverState, pkg: PackageState, index: number, metadata: CandidateMetadata): Promise<readonly Dependency[]> {
  const requirements = applicableRequirements(state, pkg, metadata);
  await state.table.loadProjects(requirements.map((r) => r.key));
  return dependenciesFrom(state, pkg, index, requirements);
}

export function dependenciesFrom(state: SolverState, pkg: PackageState, index: number, requirements: readonly Requirement[]): Dependency[] {
  const byTarget = new Map<number, { set: VersionSet; texts: string[]; requirements: Requirement[] }>();
  // The user's lines stay apart, so a message can name each one as written.
  const separate: Dependency[] = [];
  const add = (target: number, set: VersionSet, req: Requirement) => {
    const entry = byTarget.get(target);
    if (pkg.kind === 'root') {
      separate.push({ target, set, texts: [req.text], requirements: [req] });
    } else if (entry) {
      entry.set = intersect(entry.set, set);
      entry.texts.push(req.text);
      entry.requirements.push(req);
    } else {
      byTarget.set(target, { set, texts: [req.text], requirements: [req] });
    }
  };
  if (pkg.kind === 'extra') {
    // An extra is its base project at the same version, plus the extra's own requirements.
    add(pkg.base, singletonSet(pkg.size, index), selfRequirement(pkg, index));
  }
  for (const req of requirements) {
    const targetId = state.table.idOf(req.key);
    if (targetId === undefined) continue;
    const target = state.table.packages[targetId]!;
    const set = state.table.specifierSet(target, req.specifier);
    state.encountered.push(req);
    if (req.key === pkg.project && pkg.kind === 'project' && has(set, index)) {
      // A release that requires itself (with extras or not) is satisfied by itself.
      for (const extra of req.extras) add(state.table.packageForExtra(targetId, extra), set, req);
      continue;
    }
    add(targetId, set, req);
    for (const extra of req.extras) add(state.table.packageForExtra(targetId, extra), set, req);
  }
  return [...separate, ...[...byTarget].map(([target, e]) => ({ target, set: e.set, texts: e.texts, requirements: e.requirements }))];
}

/**
 * What each version of `pkg` requires of each target, as text ("urllib3" -> "urllib3<1.27,>=1.25.4"),
 * if its metadata is at hand: enough to tell whether neighbours depend alike, without
 * computing any version set.
 */
export function dependencyTexts(state: SolverState, pkg: PackageState, index: number): ReadonlyMap<string, string> | undefined {
  const cached = pkg.dependencyTexts[index];
  if (cached) return cached;
  const metadata = peekMetadata(state, pkg, index);
  if (!metadata) return undefined;
  if (pkg.kind === 'extra' && !extraProvided(state, metadata, pkg.extra!)) return undefined;
  const texts = new Map<string, string>();
  const add = (key: string, text: string) => texts.set(key, texts.has(key) ? `${texts.get(key)}\n${text}` : text);
  for (const req of applicableRequirements(state, pkg, metadata)) {
    add(req.key, req.text);
    for (const extra of req.extras) add(`${req.key}[${extra}]`, req.text);
  }
  pkg.dependencyTexts[index] = texts;
  return texts;
}

/**
 * The Requires-Dist lines of a version that name `project` (markers and extras included), as
 * published and joined, when the provider has them at hand without parsing; else undefined
 * ('' when no line names it). Two versions with the same such lines depend alike on `project`:
 * walking a run of a thousand releases then parses none of them. Remembered per version and
 * project, since walks from several versions ask about the same neighbours.
 */
function linesNaming(state: SolverState, pkg: PackageState, index: number, project: string): string | undefined {
  let byProject = pkg.linesByProject[index];
  const known = byProject?.get(project);
  if (known !== undefined) return known;
  const lines = requiresDistOf(state, pkg, index);
  if (!lines) return undefined;
  if (lines.length > GROUP_LINES_ABOVE) {
    // A long list is grouped by project once (then a project it lacks has no lines): asked about
    // each of its projects in turn, a scan per project was quadratic (8,000 lines took 1.7 s).
    if (!byProject) pkg.linesByProject[index] = byProject = linesByLeadingName(state, lines);
    return byProject.get(project) ?? '';
  }
  let named = '';
  // Indexed loops here and below: these run cold on every CLI start, where an iterator allocates per line.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (namesProject(state, line, project)) named = named === '' ? line : `${named}\n${line}`;
  }
  if (!byProject) pkg.linesByProject[index] = byProject = new Map();
  byProject.set(project, named);
  return named;
}

/**
 * Above this many lines, a version's lines are grouped by project at once. Below it, a scan per
 * project costs less: most walks ask about one neighbour's project and stop.
 */
const GROUP_LINES_ABOVE = 32;

/** Lines by the project they name (the same as `namesProject`, which is `leadingName` made fast), joined. */
function linesByLeadingName(state: SolverState, lines: readonly string[]): Map<string, string> {
  const byProject = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = leadingName(state, line);
    if (name === '') continue;
    const named = byProject.get(name);
    byProject.set(name, named === undefined ? line : `${named}\n${line}`);
  }
  return byProject;
}

/** Whether a requirement line is on `project` (normalised); the common cases by character code, allocating nothing. */
function namesProject(state: SolverState, line: string, project: string): boolean {
  if (line.length === 0) return false;
  // Normalising keeps the first character, lower-cased: another first letter is another project.
  // (A line may begin with spaces, which PEP 508 allows: then the name is read past them.)
  const first = line.charCodeAt(0);
  if (isLetterOrDigit(first) && asciiLower(first) !== project.charCodeAt(0)) return false;
  // The name ends right after: end of line, space, `(`, `[`, `;`, `<`, `>`, `=`, `!`, `~`, `@`...
  if (line.startsWith(project) && (line.length === project.length || !isNameCharacter(line.charCodeAt(project.length)))) return true;
  return leadingName(state, line) === project;
}

const asciiLower = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code);

/** All the Requires-Dist lines of a project's version, as published, when the provider has them at hand (see linesNaming). */
function requiresDistOf(state: SolverState, pkg: PackageState, index: number): readonly string[] | undefined {
  if (pkg.kind !== 'project' || !state.provider.peekRequiresDist) return undefined;
  return state.provider.peekRequiresDist(pkg.project, index);
}

/** The normalised name a requirement line starts with (`botocore (>=1.0)`, `a[x]>=1; ...`), remembered per line. */
function leadingName(state: SolverState, line: string): string {
  let name = state.leadingNames.get(line);
  if (name === undefined) {
    const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(line)?.[1];
    name = match === undefined ? '' : normalizeName(match);
    state.leadingNames.set(line, name);
  }
  return name;
}

function sameLines(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A requirement line parsed once per run; null when it does not parse (releaseMetadata skips it
 * too). Through the provider's cache when it keeps one, which its metadata is parsed through:
 * the releases whose lines a walk reads are most often tried next (a walk back through boto3
 * read, then tried, some 700 of them).
 */
function parsedLine(state: SolverState, line: string): Requirement | null {
  let parsed = state.parsedLines.get(line);
  if (parsed === undefined) {
    parsed = state.provider.parseRequirementLine?.(line);
    if (parsed === undefined) {
      try {
        parsed = parseRequirement(line);
      } catch {
        parsed = null;
      }
    }
    state.parsedLines.set(line, parsed);
  }
  return parsed;
}

/**
 * What version `index` of `pkg` requires of `targetKey` (a project, or one of its extras), as
 * `dependencyTexts(...).get(targetKey)` gives it, read from the version's lines on `targetProject`
 * alone: the others are not parsed. Null when only the whole metadata can tell: no lines at hand,
 * or a direct reference, which applicableRequirements reports.
 */
function dependencyTextOn(state: SolverState, pkg: PackageState, index: number, targetProject: string, targetKey: string): string | undefined | null {
  const lines = requiresDistOf(state, pkg, index);
  if (!lines) return null;
  let text: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!namesProject(state, line, targetProject)) continue;
    const req = parsedLine(state, line);
    if (req === null || (req.marker && !markerHolds(state, req.marker))) continue;
    if (req.url) return null;
    if (req.key === targetKey || req.extras.some((extra) => `${req.key}[${extra}]` === targetKey)) text = text === undefined ? req.text : `${text}\n${req.text}`;
  }
  return text;
}

/**
 * Registers the dependency incompatibilities of `pkg` at `index`, each widened to the run of
 * neighbouring versions with the same dependency (so a message can say "every version of
 * foo from 1.0 to 1.4 depends on..."). Returns the newly added ones.
 */
export function registerDependencies(state: SolverState, pkg: PackageState, index: number, deps: readonly Dependency[]): Incompatibility[] {
  const added: Incompatibility[] = [];
  for (const dep of deps) {
    const done = pkg.registered.get(dep.target);
    if (pkg.kind !== 'root' && done && has(done, index)) continue;
    // Virtual extras depend on their base at exactly their own version: no widening.
    const widen = pkg.kind === 'project' || (pkg.kind === 'extra' && dep.target !== pkg.base);
    let lo = index;
    let hi = index;
    if (widen) {
      const targetKey = state.table.packages[dep.target]!.key;
      const targetProject = state.table.packages[dep.target]!.project;
      const ownText = dependencyTexts(state, pkg, index)?.get(targetKey);
      const allLines = requiresDistOf(state, pkg, index);
      const ownLines = linesNaming(state, pkg, index, targetProject);
      // Most neighbours publish the very same lines: then no line needs reading at all. Else
      // only their lines on the target are read (the walk stops at the first that differs).
      const same = (neighbour: number) =>
        ownText !== undefined &&
        (sameLines(allLines, requiresDistOf(state, pkg, neighbour)) ||
          (ownLines !== undefined && ownLines === linesNaming(state, pkg, neighbour, targetProject)) ||
          (dependencyTextOn(state, pkg, neighbour, targetProject, targetKey) ?? dependencyTexts(state, pkg, neighbour)?.get(targetKey)) === ownText);
      while (lo > 0 && !(done && has(done, lo - 1)) && same(lo - 1)) lo--;
      while (hi < pkg.size - 1 && !(done && has(done, hi + 1)) && same(hi + 1)) hi++;
    }
    const range = rangeSet(pkg.size, lo, hi);
    pkg.registered.set(dep.target, done ? union(done, range) : range);
    const target = state.table.packages[dep.target]!;
    // Several lines on one package hold together: "B==1.0 and B==2.0".
    const text = dep.texts.length === 1 ? dep.texts[0]! : dep.texts.join(' and ');
    const requirement = pkg.kind === 'extra' && dep.target === pkg.base ? null : text;
    // A release that requires another release of its own project: `{a ∈ range, not a ∈ set}`
    // on one package is `{a ∈ range \ set}`; two terms on one package would break propagation.
    const incompatibility =
      dep.target === pkg.id
        ? dependencyIncompatibility(pkg.id, difference(range, dep.set), dep.target, emptySet(target.size), target.size, requirement)
        : dependencyIncompatibility(pkg.id, range, dep.target, dep.set, target.size, requirement);
    state.addIncompatibility(incompatibility);
    added.push(incompatibility);
    const whole = widen && dep.target !== pkg.id ? dependsAtAll(state, pkg, dep.target) : null;
    if (whole) {
      state.addIncompatibility(whole);
      added.push(whole);
    }
  }
  return added;
}

/**
 * When nothing of `target` can be used any more, one incompatibility for every version of `pkg`
 * that requires it at all (`{pkg ∈ R, not target}`: each of them needs some version of it), so
 * they fail at once instead of one conflict and one proof step each. Null when that says nothing new.
 */
function dependsAtAll(state: SolverState, pkg: PackageState, target: number): Incompatibility | null {
  const term = state.partial.termOf(target);
  // A term allows no version (`P ∈ ∅`, or `not P ∈ everything`: P not selected). Asked first:
  // it is nearly always not so, and then no key need be made.
  const ruledOut = term !== undefined && isEmpty(term.set);
  if (!ruledOut) return null;
  const key = `${pkg.id}>${target}`;
  if (state.wholeDependencies.has(key)) return null;
  const size = state.table.packages[target]!.size;
  const targetKey = state.table.packages[target]!.key;
  const targetProject = state.table.packages[target]!.project;
  // A version that publishes the same lines as the one before depends on it alike, and one
  // whose lines never name it does not depend on it: neither is parsed.
  let previousLines: readonly string[] | undefined;
  let previous = false;
  const versions = setFromPredicate(pkg.size, (i) => {
    const lines = requiresDistOf(state, pkg, i);
    if (lines && i > 0 && sameLines(lines, previousLines)) return previous;
    previousLines = lines;
    previous = linesNaming(state, pkg, i, targetProject) === '' ? false : dependencyTexts(state, pkg, i)?.has(targetKey) === true;
    return previous;
  });
  if (countSet(versions) < 2) return null;
  state.wholeDependencies.add(key);
  return dependencyIncompatibility(pkg.id, versions, target, fullSet(size), size, state.table.packages[target]!.name);
}

/** An extra's dependency on its own base project at the same version. */
export function selfRequirement(pkg: SolverPackage, index: number): Requirement {
  const text = `${pkg.project}==${pkg.versionTexts[index]}`;
  return {
    name: pkg.project,
    key: pkg.project,
    extras: [],
    specifier: { specifiers: [{ operator: '===', version: pkg.versionTexts[index]!, wildcard: false }] },
    marker: null,
    url: null,
    text,
  };
}
