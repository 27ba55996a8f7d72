/**
 * Recognising the special causes of a failure in its derivation tree: yanked releases,
 * Requires-Python, only pre-releases, no wheel for the target, a project that is not in the
 * index, a requirement no version matches, files too new, unreadable metadata.
 */
import { containsVersion, parseSpecifierSet, parseVersion } from '../pep440/index.ts';
import { KNOWN_PYTHON_VERSIONS } from '../environment/index.ts';
import type { DerivationNode, DerivationTree } from '../solver/index.ts';
import { countSet, type VersionSet } from '../solver/version-set.ts';
import type { SpecialCause } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';

/** Minor versions (3.6 ... newest) with their newest known patch release. */
export function pythonMinors(): { minor: string; latest: string }[] {
  const latest = new Map<string, string>();
  for (const v of KNOWN_PYTHON_VERSIONS) {
    const [major, minor] = v.split('.');
    if (major !== '3' || Number(minor) < 6) continue;
    latest.set(`${major}.${minor}`, v);
  }
  return [...latest].map(([minor, version]) => ({ minor, latest: version }));
}

/** Python minors on which `requiresPython` holds (judged at each minor's newest patch). */
export function pythonsSatisfying(requiresPython: string): string[] {
  let spec;
  try {
    spec = parseSpecifierSet(requiresPython);
  } catch {
    return [];
  }
  return pythonMinors()
    .filter(({ latest, minor }) => containsVersion(spec, parseVersion(latest), { prereleases: true }) || containsVersion(spec, parseVersion(`${minor}.0`), { prereleases: true }))
    .map(({ minor }) => minor);
}

/** "3.10 or newer", "3.8 to 3.11", "3.7, 3.9 or 3.12". */
export function describePythons(minors: readonly string[]): string {
  if (minors.length === 0) return 'no released Python';
  const all = pythonMinors().map((m) => m.minor);
  const indices = minors.map((m) => all.indexOf(m));
  const contiguous = indices.every((v, i) => i === 0 || v === indices[i - 1]! + 1);
  if (contiguous && indices[indices.length - 1] === all.length - 1) return minors.length === 1 ? minors[0]! : `${minors[0]} or newer`;
  if (contiguous && minors.length > 1) return `${minors[0]} to ${minors[minors.length - 1]}`;
  if (minors.length === 1) return minors[0]!;
  return `${minors.slice(0, -1).join(', ')} or ${minors[minors.length - 1]}`;
}

function requiredByText(view: TreeView, node: DerivationNode): string {
  const depender = node.terms[0]!;
  if (view.isRoot(depender.pkg)) return 'you';
  return view.subjectText(depender.pkg, depender.versions, 'every version of {name}');
}

/** The special causes among the external facts of the tree, in the order the proof meets them. */
export function specialCauses(tree: DerivationTree, closeNames: (name: string) => readonly string[] = () => []): SpecialCause[] {
  const view = new TreeView(tree);
  const causes: SpecialCause[] = [];
  const seen = new Set<string>();
  const add = (key: string, cause: SpecialCause) => {
    if (seen.has(key)) return;
    seen.add(key);
    causes.push(cause);
  };
  for (const node of tree.nodes) {
    const cause = node.cause;
    const term = node.terms[0];
    if (!term) continue;
    const name = view.name(term.pkg);
    const versions = view.versionList(term.pkg, term.versions);
    switch (cause.kind) {
      case 'unavailable': {
        const reason = cause.reason;
        switch (reason.kind) {
          case 'yanked':
            add(`yanked:${name}:${versions}`, {
              kind: 'yanked',
              package: name,
              versions,
              reasons: [...new Set(versions.map((v) => reason.reasons[v]).filter((r): r is string => !!r))],
            });
            break;
          case 'prerelease':
            add(`pre:${name}`, { kind: 'prereleaseOnly', package: name, versions: view.versionList(term.pkg, wantedPrereleases(tree, term.pkg, term.versions)) });
            break;
          case 'noDistribution':
            add(`nodist:${name}:${versions}`, { kind: 'noWheel', package: name, versions, detail: reason.detail, platforms: reason.platforms, wheels: reason.wheels });
            break;
          case 'tooNew':
            add(`new:${name}`, { kind: 'tooNew', package: name, versions, cutoff: reason.cutoff });
            break;
          case 'constraint':
            add(`constraint:${name}:${reason.requirement}`, { kind: 'constraint', package: name, versions, requirement: reason.requirement, source: reason.source });
            break;
          case 'metadata':
            add(`meta:${name}:${versions}`, { kind: 'metadata', package: name, versions, message: reason.message });
            break;
        }
        break;
      }
      case 'requiresPython':
        add(`python:${name}:${cause.requiresPython}`, {
          kind: 'requiresPython',
          package: name,
          versions,
          requiresPython: cause.requiresPython,
          python: tree.python,
          workingPythons: pythonsSatisfying(cause.requiresPython),
        });
        break;
      case 'dependency': {
        if (node.terms.length !== 1) break;
        const target = view.pkg(cause.dependency);
        const requirement = cause.requirement ? requirementLabel(cause.requirement) : target.name;
        if (target.notFound) {
          add(`missing:${target.key}`, { kind: 'notFound', package: target.name, requiredBy: requiredByText(view, node), closeNames: closeNames(target.project) });
        } else {
          add(`nomatch:${requirement}`, { kind: 'noMatch', package: target.name, requirement, requiredBy: requiredByText(view, node), available: [...target.versions] });
        }
        break;
      }
    }
  }
  return causes.filter((c) => c.kind !== 'prereleaseOnly' || c.versions.length > 0);
}

/**
 * The pre-releases worth naming: those that the requirements on the package in the proof
 * would accept (all of them together if possible, else any of them); none when the
 * pre-release rule removed nothing anyone asked for.
 */
function wantedPrereleases(tree: DerivationTree, pkg: number, prereleases: VersionSet): VersionSet {
  const wanted = tree.nodes
    .filter((n) => n.cause.kind === 'dependency' && n.terms.length === 2 && n.terms[1]!.pkg === pkg)
    .map((n) => n.terms[1]!.versions);
  if (wanted.length === 0) return prereleases;
  const all = wanted.reduce((a, b) => a.map((w, i) => w & b[i]!) as VersionSet);
  const together = all.map((w, i) => w & prereleases[i]!) as VersionSet;
  if (countSet(together) > 0) return together;
  const any = wanted.reduce((a, b) => a.map((w, i) => w | b[i]!) as VersionSet);
  return any.map((w, i) => w & prereleases[i]!) as VersionSet;
}
