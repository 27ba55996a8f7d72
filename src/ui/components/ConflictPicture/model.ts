/**
 * The conflict picture's data, read off the failure's derivation tree: for each package the
 * proof constrains, its known versions on an axis, and each requirement on it (yours, or a
 * dependency's, with the versions that make it) as a band over the versions it allows. Bands
 * from one requirer are alternatives (it installs one of its versions), so what can be
 * installed is the intersection, over requirers, of the union of their bands — minus versions
 * that can't be used at all. An empty intersection is the conflict, seen at a glance.
 *
 * The axis is cut into segments of versions that every band treats alike, so a project with
 * 200 releases still draws as a few labelled spans. Pure: tested without a page.
 */
import {
  formatRequirement,
  formatSpecifierSet,
  parseSpecifierSet,
  tryParseRequirement,
  TreeView,
  versionSets,
  type DerivationTree,
  type Explanation,
} from '../../../core/index.ts';

type VersionSet = Uint32Array;

/** Who asks: you (your requirement or your target Python), or a version range of a package. */
export interface Requirer {
  /** Package key, or '<root>' for you. */
  readonly key: string;
  readonly you: boolean;
  /** "you", "black 22.1.0 – 24.4.2", "typer 0.1.1". */
  readonly label: string;
}

export interface Band {
  readonly id: string;
  readonly requirer: Requirer;
  /** The requirement in canonical form ("click>=7.0.0,<7.2.0", "Python >=3.8"). */
  readonly requirement: string;
  /** Indices of the axis's versions it allows, ascending. */
  readonly allowed: readonly number[];
  /** The chain from one of your own requirements down to this one, as sentences. */
  readonly chain: readonly string[];
  /** Ids of the bands along that chain (this one last). */
  readonly chainBands: readonly string[];
}

/** A run of consecutive versions that every band, and the unusable marks, treat alike. */
export interface Segment {
  readonly first: string;
  readonly last: string;
  readonly count: number;
  /** Indices into the package's version list. */
  readonly from: number;
  readonly to: number;
}

export interface Unusable {
  /** Why ("yanked", "no wheel for this platform"...), as the explanation says it. */
  readonly reason: string;
  readonly allowed: readonly number[];
}

export interface PackagePicture {
  readonly key: string;
  readonly name: string;
  readonly kind: 'package' | 'python';
  readonly versions: readonly string[];
  readonly notFound: boolean;
  readonly segments: readonly Segment[];
  /** Bands grouped by requirer, you first. */
  readonly groups: readonly { readonly requirer: Requirer; readonly bands: readonly Band[] }[];
  readonly unusable: readonly Unusable[];
  /** Versions every requirer allows and none is unusable. */
  readonly together: readonly number[];
  /** The package the clash is about (drawn first). */
  readonly clashing: boolean;
}

export interface ConflictPicture {
  /** Packages with an empty overlap first, then the rest in the order the proof meets them. */
  readonly packages: readonly PackagePicture[];
}

const { indicesOf, isEmpty } = versionSets;

interface Edge {
  readonly fromPkg: number;
  readonly fromVersions: VersionSet;
  readonly toPkg: number;
  readonly allowed: VersionSet;
  readonly requirement: string;
}

export function conflictPicture(tree: DerivationTree, explanation: Pick<Explanation, 'clash'> | null): ConflictPicture {
  const view = new TreeView(tree);
  const edges: Edge[] = [];
  const unusable = new Map<number, Unusable[]>();
  const python = tree.packages.findIndex((p) => p.kind === 'python');
  const seenNodes = new Set<string>();

  for (const node of tree.nodes) {
    const cause = node.cause;
    const first = node.terms[0];
    if (!first) continue;
    const second = node.terms[1];
    if (cause.kind === 'dependency' || cause.kind === 'requiresPython' || cause.kind === 'targetPython') {
      const toPkg = cause.kind === 'dependency' ? cause.dependency : python;
      if (toPkg < 0) continue;
      const allowed = second?.versions ?? new Uint32Array(0);
      const requirement =
        cause.kind === 'dependency'
          ? canonicalRequirement(cause.requirement, view.requirementText(toPkg, allowed))
          : cause.kind === 'requiresPython'
            ? `Python ${canonicalSpecifier(cause.requiresPython)}`
            : `Python ${cause.python}`;
      const key = `${first.pkg}|${[...first.versions].join(',')}|${toPkg}|${requirement}`;
      if (seenNodes.has(key)) continue;
      seenNodes.add(key);
      edges.push({ fromPkg: first.pkg, fromVersions: first.versions, toPkg, allowed, requirement });
    } else if (cause.kind === 'unavailable') {
      const list = unusable.get(first.pkg) ?? [];
      list.push({ reason: unusableReason(cause.reason), allowed: [...indicesOf(first.versions)] });
      unusable.set(first.pkg, list);
    }
  }

  const requirerOf = (pkg: number, versions: VersionSet): Requirer => {
    if (view.isRoot(pkg)) return { key: '<root>', you: true, label: 'you' };
    return { key: view.pkg(pkg).key, you: false, label: versionsLabel(view, pkg, versions) };
  };
  const edgeIndex = new Map(edges.map((edge, i) => [edge, i]));
  const bandId = (edge: Edge) => `${view.pkg(edge.toPkg).key}:${edgeIndex.get(edge)}`;

  // One breadth-first search from the root gives every package's shortest chain: searching
  // again for each package, over every edge at each step, froze the page on a long chain.
  const outgoing = new Map<number, Edge[]>();
  for (const edge of edges) {
    if (isEmpty(edge.allowed)) continue;
    const list = outgoing.get(edge.fromPkg);
    if (list) list.push(edge);
    else outgoing.set(edge.fromPkg, [edge]);
  }
  const previous = new Map<number, Edge>();
  const root = tree.packages.findIndex((p) => p.kind === 'root');
  const visited = new Set([root]);
  for (let queue = [root], head = 0; head < queue.length; head++) {
    for (const edge of outgoing.get(queue[head]!) ?? []) {
      if (visited.has(edge.toPkg)) continue;
      visited.add(edge.toPkg);
      previous.set(edge.toPkg, edge);
      queue.push(edge.toPkg);
    }
  }

  /** The shortest chain of edges from the root to `pkg` (empty for the root), at most 33 long. */
  const chainTo = (pkg: number): Edge[] => {
    if (view.isRoot(pkg)) return [];
    const chain: Edge[] = [];
    for (let at = previous.get(pkg); at; at = previous.get(at.fromPkg)) {
      chain.unshift(at);
      if (chain.length > 32) break;
    }
    return chain;
  };
  const sentence = (edge: Edge) => {
    const requirer = requirerOf(edge.fromPkg, edge.fromVersions);
    if (requirer.you && edge.toPkg === python) return `You install for ${edge.requirement}`;
    return requirer.you ? `You require ${edge.requirement}` : `${requirer.label} requires ${edge.requirement}`;
  };

  const byTarget = new Map<number, Edge[]>();
  for (const edge of edges) {
    const list = byTarget.get(edge.toPkg) ?? [];
    list.push(edge);
    byTarget.set(edge.toPkg, list);
  }

  const clashName = explanation?.clash?.package ?? null;
  const pictures: PackagePicture[] = [];
  for (const [pkg, incoming] of byTarget) {
    const info = view.pkg(pkg);
    const groupsByKey = new Map<string, { requirer: Requirer; bands: Band[] }>();
    for (const edge of incoming) {
      const requirer = requirerOf(edge.fromPkg, edge.fromVersions);
      const groupKey = requirer.key;
      const group = groupsByKey.get(groupKey) ?? { requirer: { ...requirer, label: requirer.you ? 'you' : view.name(edge.fromPkg) }, bands: [] };
      const chain = [...chainTo(edge.fromPkg), edge];
      group.bands.push({
        id: bandId(edge),
        requirer,
        requirement: edge.requirement,
        allowed: [...indicesOf(edge.allowed)],
        chain: chain.map(sentence),
        chainBands: chain.map(bandId),
      });
      groupsByKey.set(groupKey, group);
    }
    const groups = [...groupsByKey.values()].sort((a, b) => Number(b.requirer.you) - Number(a.requirer.you));
    const size = info.versions.length;
    const marks = unusable.get(pkg) ?? [];
    let together = Array.from({ length: size }, (_, i) => i);
    for (const group of groups) {
      const union = new Set(group.bands.flatMap((b) => b.allowed));
      together = together.filter((i) => union.has(i));
    }
    const blocked = new Set(marks.flatMap((m) => m.allowed));
    together = together.filter((i) => !blocked.has(i));
    pictures.push({
      key: info.key,
      name: info.kind === 'python' ? 'Python' : info.name,
      kind: info.kind === 'python' ? 'python' : 'package',
      versions: info.versions,
      notFound: info.notFound,
      segments: segmentsOf(info.versions, [...groups.flatMap((g) => g.bands.map((b) => b.allowed)), ...marks.map((m) => m.allowed)]),
      groups,
      unusable: marks,
      together,
      clashing: clashName !== null && (info.name === clashName || info.key === clashName),
    });
  }
  // Packages that only you constrain, with room left, say little: they follow the ones in trouble.
  const weight = (p: PackagePicture) => (p.together.length === 0 ? 0 : 2) - (p.clashing ? 1 : 0) + (p.groups.length > 1 ? 0 : 1);
  const order = new Map(pictures.map((p, i) => [p, i]));
  pictures.sort((a, b) => weight(a) - weight(b) || order.get(a)! - order.get(b)!);
  return { packages: pictures };
}

/** Cuts the axis where any of the sets starts or stops. */
export function segmentsOf(versions: readonly string[], sets: readonly (readonly number[])[]): Segment[] {
  const n = versions.length;
  if (n === 0) return [];
  const cut = new Set<number>([0]);
  for (const set of sets) {
    const inSet = new Set(set);
    for (const i of set) {
      if (!inSet.has(i - 1)) cut.add(i);
      if (!inSet.has(i + 1) && i + 1 < n) cut.add(i + 1);
    }
  }
  const starts = [...cut].filter((i) => i >= 0 && i < n).sort((a, b) => a - b);
  return starts.map((from, k) => {
    const to = (starts[k + 1] ?? n) - 1;
    return { first: versions[from]!, last: versions[to]!, count: to - from + 1, from, to };
  });
}

/** Runs of consecutive segment positions whose versions are all in `allowed` (for drawing one bar per run). */
export function barRuns(segments: readonly Segment[], allowed: readonly number[]): { start: number; end: number }[] {
  const inSet = new Set(allowed);
  const runs: { start: number; end: number }[] = [];
  segments.forEach((segment, position) => {
    // Segments are cut where sets change, so one version answers for the whole segment.
    if (!inSet.has(segment.from)) return;
    const last = runs[runs.length - 1];
    if (last && last.end === position - 1) last.end = position;
    else runs.push({ start: position, end: position });
  });
  return runs;
}

/** "7.0 – 7.1.2" for a segment, "8.0.0" for one version. */
export function segmentLabel(segment: Segment): string {
  return segment.count === 1 ? segment.first : `${segment.first} – ${segment.last}`;
}

function versionsLabel(view: TreeView, pkg: number, versions: VersionSet): string {
  const name = view.name(pkg);
  const list = view.versionList(pkg, versions);
  if (list.length === 0) return name;
  if (list.length === 1) return `${name} ${list[0]}`;
  if (view.isFull(pkg, versions)) return `${name} (every version)`;
  return `${name} ${list[0]} – ${list[list.length - 1]}`;
}

function canonicalRequirement(text: string | null, fallback: string): string {
  if (!text) return fallback;
  const parsed = tryParseRequirement(text);
  return parsed ? formatRequirement(parsed, { marker: false }) : text;
}

function canonicalSpecifier(text: string): string {
  try {
    return formatSpecifierSet(parseSpecifierSet(text));
  } catch {
    return text;
  }
}

function unusableReason(reason: { readonly kind: string }): string {
  switch (reason.kind) {
    case 'yanked':
      return 'yanked';
    case 'prerelease':
      return 'pre-release, not allowed';
    case 'noDistribution':
      return 'no file installs here';
    case 'tooNew':
      return 'uploaded after the cut-off';
    case 'metadata':
      return 'metadata unreadable';
    default:
      return reason.kind;
  }
}
