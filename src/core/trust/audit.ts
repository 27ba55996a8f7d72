/**
 * The metadata audit of an index (a snapshot, an import, or the part of a live index a resolve
 * read): invalid versions, specifiers and markers; releases without Requires-Python;
 * dependencies on projects the index does not have; extras required but not provided;
 * releases that can't be installed on any Python or on the target because one of their own
 * requirements can never be met; circular requirements; and reverse dependencies ("who needs
 * X, through which versions"). One pass over every release, with the answers that repeat
 * (does any release of Y match this specifier?) computed once.
 *
 * "Can never be met" is judged per requirement here (nothing in the index matches it, pre-
 * releases and yanked releases counted, or no Python satisfies Requires-Python); `proveRelease`
 * then asks the resolver for the release alone, whose derivation is the proof.
 */
import { compileSpecifierSet, containsVersion, parseSpecifierSet, tryParseVersion, type Version } from '../pep440/index.ts';
import { evaluateMarker, normalizeExtra, normalizeName, parseRequirement, type MarkerEnvironment, type Requirement } from '../pep508/index.ts';
import { KNOWN_PYTHON_VERSIONS, markerEnvironment, type TargetEnvironment } from '../environment/index.ts';
import type { DataWarning, PackageIndex, Project, Release } from '../index/model.ts';
import { IndexProvider } from '../index/provider.ts';
import { resolve, type DependencyProvider } from '../solver/index.ts';
import { pubgrubReport } from '../explain/index.ts';
import type { AdvisoryIndex } from './match.ts';
import { stronglyConnected } from './cycles.ts';

export type AuditKind =
  | 'invalid-version'
  | 'invalid-specifier'
  | 'invalid-marker'
  | 'invalid-requirement'
  | 'invalid-requires-python'
  | 'no-requires-python'
  | 'missing-dependency'
  | 'missing-extra'
  | 'uninstallable-any'
  | 'uninstallable-target'
  | 'circular'
  | 'advisory';

export const AUDIT_KINDS: readonly { readonly kind: AuditKind; readonly title: string }[] = [
  { kind: 'invalid-version', title: 'Versions that are not PEP 440' },
  { kind: 'invalid-specifier', title: 'Requirements with an invalid version specifier' },
  { kind: 'invalid-marker', title: 'Requirements with an invalid environment marker' },
  { kind: 'invalid-requirement', title: 'Other invalid requirements' },
  { kind: 'invalid-requires-python', title: 'Invalid Requires-Python' },
  { kind: 'no-requires-python', title: 'Releases without Requires-Python' },
  { kind: 'missing-dependency', title: 'Dependencies on projects not in the index' },
  { kind: 'missing-extra', title: 'Extras required but not provided' },
  { kind: 'uninstallable-any', title: 'Releases that cannot be installed on any Python' },
  { kind: 'uninstallable-target', title: 'Releases that cannot be installed on the target' },
  { kind: 'circular', title: 'Circular requirements' },
  { kind: 'advisory', title: 'Releases with known security advisories' },
];

/** One thing found, with where it is. */
export interface AuditFinding {
  readonly kind: AuditKind;
  readonly project: string;
  /** The release concerned (null for a project-wide finding such as a cycle). */
  readonly version: string | null;
  readonly message: string;
  /** The requirement concerned, as written, when there is one. */
  readonly requirement?: string;
}

/** `from` (some of its versions) requires `to`. */
export interface ReverseEdge {
  readonly from: string;
  /** Versions of `from` that carry the requirement, ascending. */
  readonly versions: readonly string[];
  /** The requirements as written (distinct), e.g. ["urllib3<3,>=1.21.1"]. */
  readonly requirements: readonly string[];
}

export interface IndexAudit {
  readonly source: string;
  readonly projects: number;
  readonly releases: number;
  /** The target judged for `uninstallable-target`. */
  readonly target: string | null;
  readonly counts: Readonly<Record<AuditKind, number>>;
  /** Findings per kind (every one; the page and the CLI show the first few and drill down). */
  readonly findings: Readonly<Record<AuditKind, readonly AuditFinding[]>>;
  /** Projects in cycles: each strongly connected group of projects that require each other. */
  readonly cycles: readonly (readonly string[])[];
  /** Who requires each project (normalised name -> edges), for "who needs X". */
  readonly reverse: Readonly<Record<string, readonly ReverseEdge[]>>;
  /** Advisory figures when advisories were given. */
  readonly advisories: { readonly releases: number; readonly projects: number; readonly ids: number } | null;
  readonly elapsedMs: number;
}

export interface AuditOptions {
  /** Judge `uninstallable-target` for this target. */
  readonly target?: TargetEnvironment;
  /** Only these projects (normalised): the part of an index a resolve read. */
  readonly only?: ReadonlySet<string>;
  /** Warnings from loading the index (invalid versions are only known from them). */
  readonly warnings?: readonly DataWarning[];
  readonly advisories?: AdvisoryIndex;
  readonly now?: () => number;
  /** Called every few thousand releases so a worker can report progress. */
  readonly onProgress?: (done: number, total: number) => void;
}

const parsedVersions = new WeakMap<Project, readonly Version[]>();
/** A project's versions, parsed once (loaders keep them valid and sorted). */
function versionsOf(project: Project): readonly Version[] {
  let versions = parsedVersions.get(project);
  if (!versions) parsedVersions.set(project, (versions = project.releases.map((r) => tryParseVersion(r.version)!)));
  return versions;
}

interface ParsedRelease {
  readonly requirements: readonly { readonly req: Requirement; readonly conditional: boolean }[];
}

const PYTHONS: Version[] = [...new Set(KNOWN_PYTHON_VERSIONS)].map((v) => tryParseVersion(v)).filter((v): v is Version => v !== null);

/** Which part of a requirement string a parse error is in. */
function invalidKind(text: string, column: number): AuditKind {
  const semicolon = text.indexOf(';');
  if (semicolon >= 0 && column > semicolon) return 'invalid-marker';
  const name = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?/.exec(text);
  if (name && column > name[0].length && /[<>=!~]/.test(text.slice(0, semicolon >= 0 ? semicolon : undefined))) return 'invalid-specifier';
  return 'invalid-requirement';
}

/** A marker holds in some environment, ignoring extras: true unless it only holds with an extra. */
function needsExtra(req: Requirement): boolean {
  if (!req.marker) return false;
  return !evaluateMarker(req.marker, { extra: '' } as MarkerEnvironment, []) && /\bextra\b/.test(req.text.slice(req.text.indexOf(';')));
}

export function auditIndex(index: PackageIndex, options: AuditOptions = {}): IndexAudit {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const findings = Object.fromEntries(AUDIT_KINDS.map((k) => [k.kind, [] as AuditFinding[]])) as Record<AuditKind, AuditFinding[]>;
  const add = (finding: AuditFinding) => findings[finding.kind].push(finding);
  const only = options.only;
  const projects = [...index.projects.values()].filter((p) => !only || only.has(p.key));
  const total = projects.reduce((n, p) => n + p.releases.length, 0);
  const targetEnv = options.target ? markerEnvironment(options.target) : null;
  const targetPython = options.target ? tryParseVersion(options.target.python) : null;

  // Load warnings: invalid versions are dropped before the model, so only they know them.
  for (const w of options.warnings ?? []) {
    if (w.kind !== 'invalid-version' || !w.project || (only && !only.has(normalizeName(w.project)))) continue;
    for (const version of w.versions ?? []) add({ kind: 'invalid-version', project: w.project, version, message: `${w.project} ${version} is not a valid PEP 440 version; installers skip it` });
  }

  // Does any release of `key` match the requirement (with its extras)? Asked once per distinct requirement.
  const matchCache = new Map<Requirement, { any: boolean; extraMissing: boolean }>();
  const matches = (req: Requirement): { any: boolean; extraMissing: boolean } => {
    const known = matchCache.get(req);
    if (known) return known;
    const project = index.projects.get(req.key)!;
    const spec = req.specifier.specifiers.length ? compileSpecifierSet(req.specifier) : null;
    const versions = versionsOf(project);
    const extras = req.extras.map(normalizeExtra);
    let any = false;
    let withExtras = false;
    // Newest first: most specifiers are lower bounds, so the answer comes early.
    for (let i = versions.length - 1; i >= 0; i--) {
      if (spec && !spec(versions[i]!)) continue;
      any = true;
      if (extras.length === 0) break;
      const provided = project.releases[i]!.providesExtra.map(normalizeExtra);
      if (extras.every((e) => provided.includes(e))) {
        withExtras = true;
        break;
      }
    }
    const answer = { any, extraMissing: extras.length > 0 && any && !withExtras };
    matchCache.set(req, answer);
    return answer;
  };

  const pythonCache = new Map<string, { invalid: boolean; none: boolean; target: boolean }>();
  const judgePython = (text: string) => {
    let known = pythonCache.get(text);
    if (known) return known;
    try {
      const spec = parseSpecifierSet(text);
      known = {
        invalid: false,
        none: !PYTHONS.some((v) => containsVersion(spec, v, { prereleases: true })),
        target: targetPython ? containsVersion(spec, targetPython, { prereleases: true }) : true,
      };
    } catch {
      known = { invalid: true, none: false, target: true };
    }
    pythonCache.set(text, known);
    return known;
  };

  const reverse = new Map<string, Map<string, { versions: string[]; requirements: Set<string> }>>();
  const graph = new Map<string, Set<string>>();
  const parseCache = sharedParseCache();
  const markerCache = new Map<string, boolean>();
  let done = 0;
  let advisoryReleases = 0;
  const advisoryProjects = new Set<string>();
  const advisoryIds = new Set<string>();

  for (const project of projects) {
    const edges = graph.get(project.key) ?? new Set<string>();
    graph.set(project.key, edges);
    for (let releaseIndex = 0; releaseIndex < project.releases.length; releaseIndex++) {
      const release = project.releases[releaseIndex]!;
      const label = `${project.name} ${release.version}`;
      done++;
      if (options.onProgress && done % 4000 === 0) options.onProgress(done, total);
      if (release.requiresPython === null || release.requiresPython.trim() === '') {
        add({ kind: 'no-requires-python', project: project.name, version: release.version, message: `${label} does not say which Pythons it supports (no Requires-Python)` });
      } else {
        const py = judgePython(release.requiresPython);
        if (py.invalid) add({ kind: 'invalid-requires-python', project: project.name, version: release.version, message: `${label}: Requires-Python ${JSON.stringify(release.requiresPython)} is not a valid specifier; pip ignores it` });
        else if (py.none) add({ kind: 'uninstallable-any', project: project.name, version: release.version, message: `${label} requires Python ${release.requiresPython}, which no released Python satisfies` });
        else if (!py.target) add({ kind: 'uninstallable-target', project: project.name, version: release.version, message: `${label} requires Python ${release.requiresPython}; the target is Python ${options.target!.python}` });
      }
      const parsed = parseRelease(project, release, parseCache, add);
      for (const { req, conditional } of parsed.requirements) {
        if (!conditional) edges.add(req.key);
        // Reverse dependencies: every requirement, extras' included.
        let byFrom = reverse.get(req.key);
        if (!byFrom) reverse.set(req.key, (byFrom = new Map()));
        let edge = byFrom.get(project.key);
        if (!edge) byFrom.set(project.key, (edge = { versions: [], requirements: new Set() }));
        if (edge.versions.at(-1) !== release.version) edge.versions.push(release.version);
        edge.requirements.add(req.text);

        if (!index.projects.has(req.key)) {
          add({ kind: 'missing-dependency', project: project.name, version: release.version, requirement: req.text, message: `${label} requires ${req.text}, but the index has no project ${req.name}` });
          continue;
        }
        const m = matches(req);
        if (m.extraMissing) add({ kind: 'missing-extra', project: project.name, version: release.version, requirement: req.text, message: `${label} requires ${req.text}, but no matching release of ${req.name} provides ${req.extras.map((e) => `[${e}]`).join('')}` });
        if (!m.any && !conditional) {
          const always = !req.marker;
          let onTarget = targetEnv !== null && !req.marker;
          if (targetEnv && req.marker) {
            const known = markerCache.get(req.text);
            onTarget = known ?? evaluateMarker(req.marker, targetEnv, []);
            markerCache.set(req.text, onTarget);
          }
          const text = `${label} requires ${req.text}, which no release of ${req.name} in the index matches`;
          if (always) add({ kind: 'uninstallable-any', project: project.name, version: release.version, requirement: req.text, message: text });
          else if (onTarget) add({ kind: 'uninstallable-target', project: project.name, version: release.version, requirement: req.text, message: `${text} (on the target)` });
        }
      }
      if (options.advisories) {
        const hits = options.advisories.affecting(project.key, release.version, versionsOf(project)[releaseIndex]!);
        if (hits.length) {
          advisoryReleases++;
          advisoryProjects.add(project.key);
          hits.forEach((h) => advisoryIds.add(h.id));
          add({ kind: 'advisory', project: project.name, version: release.version, message: `${label} is affected by ${hits.map((h) => h.id).join(', ')}` });
        }
      }
    }
  }
  // Invalid versions are releases too: advisories may list them by their exact string.
  if (options.advisories) {
    for (const f of findings['invalid-version']) {
      const hits = options.advisories.affecting(f.project, f.version!);
      if (!hits.length) continue;
      advisoryReleases++;
      advisoryProjects.add(normalizeName(f.project));
      hits.forEach((h) => advisoryIds.add(h.id));
      add({ kind: 'advisory', project: f.project, version: f.version, message: `${f.project} ${f.version} is affected by ${hits.map((h) => h.id).join(', ')}` });
    }
  }

  const cycles = stronglyConnected(graph).filter((c) => c.length > 1 || graph.get(c[0]!)!.has(c[0]!));
  for (const cycle of cycles) {
    const names = cycle.map((k) => index.projects.get(k)?.name ?? k);
    add({ kind: 'circular', project: names[0]!, version: null, message: cycle.length === 1 ? `${names[0]} requires itself` : `${names.join(', ')} require each other (some of their releases, in a cycle)` });
  }

  const reverseOut: Record<string, ReverseEdge[]> = {};
  for (const [to, byFrom] of reverse) {
    reverseOut[to] = [...byFrom].map(([from, e]) => ({ from: index.projects.get(from)?.name ?? from, versions: e.versions, requirements: [...e.requirements] }));
  }
  const counts = Object.fromEntries(AUDIT_KINDS.map((k) => [k.kind, findings[k.kind].length])) as Record<AuditKind, number>;
  options.onProgress?.(total, total);
  return {
    source: index.source,
    projects: projects.length,
    releases: total,
    target: options.target ? `Python ${options.target.python}` : null,
    counts,
    findings,
    cycles: cycles.map((c) => c.map((k) => index.projects.get(k)?.name ?? k)),
    reverse: reverseOut,
    advisories: options.advisories ? { releases: advisoryReleases, projects: advisoryProjects.size, ids: advisoryIds.size } : null,
    elapsedMs: now() - started,
  };
}

/** Requirement strings repeat across releases and audits: each distinct one is parsed once. */
const PARSE_CACHE_LIMIT = 200_000;
let parsedRequirements = new Map<string, Parsed>();
function sharedParseCache(): Map<string, Parsed> {
  if (parsedRequirements.size > PARSE_CACHE_LIMIT) parsedRequirements = new Map();
  return parsedRequirements;
}

type Parsed = { readonly req: Requirement; readonly conditional: boolean } | { readonly error: Error };

function parseRelease(project: Project, release: Release, cache: Map<string, Parsed>, add: (f: AuditFinding) => void): ParsedRelease {
  const requirements: { req: Requirement; conditional: boolean }[] = [];
  for (const text of release.requiresDist) {
    let parsed = cache.get(text);
    if (!parsed) {
      try {
        const req = parseRequirement(text);
        parsed = { req, conditional: needsExtra(req) };
      } catch (error) {
        parsed = { error: error as Error };
      }
      cache.set(text, parsed);
    }
    if ('req' in parsed) {
      requirements.push(parsed);
      continue;
    }
    const column = (parsed.error as { column?: number }).column ?? 0;
    add({ kind: invalidKind(text, column), project: project.name, version: release.version, requirement: text, message: `${project.name} ${release.version}: ${JSON.stringify(text)}: ${parsed.error.message}` });
  }
  return { requirements };
}

/** Who needs `name`, through which of their versions (empty when nobody does). */
export function whoNeeds(audit: IndexAudit, name: string): readonly ReverseEdge[] {
  return audit.reverse[normalizeName(name)] ?? [];
}

/**
 * The resolver's proof that `project version` can't be installed alone (on any Python when
 * `target` is null), or null when it can.
 */
export async function proveRelease(provider: DependencyProvider | PackageIndex, project: string, version: string, target: TargetEnvironment): Promise<string | null> {
  const p: DependencyProvider = 'projects' in provider ? new IndexProvider(provider) : provider;
  const result = await resolve(p, { requirements: [parseRequirement(`${project}===${version}`)], target, prereleases: true });
  return result.ok ? null : pubgrubReport(result.derivation);
}
