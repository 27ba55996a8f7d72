/**
 * Recognising the special causes of a failure in its derivation tree: yanked releases,
 * Requires-Python, only pre-releases, no wheel for the target, a project that is not in the
 * index, a requirement no version matches, files too new, unreadable metadata.
 */
import { compareVersions, containsVersion, parseSpecifierSet, parseVersion, tryParseVersion } from '../pep440/index.ts';
import { KNOWN_PYTHON_VERSIONS } from '../environment/index.ts';
import type { DerivationNode, DerivationTree } from '../solver/index.ts';
import { countSet, type VersionSet } from '../solver/version-set.ts';
import type { SpecialCause } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';
import { fill } from './template.ts';
import { FACTS } from './wording.ts';

/** Version strings in PEP 440 order (any that are not PEP 440 last, as written). */
export function byVersion(versions: string[]): string[] {
  const key = (v: string) => tryParseVersion(v);
  return versions.sort((a, b) => {
    const va = key(a);
    const vb = key(b);
    return va && vb ? compareVersions(va, vb) : va ? -1 : vb ? 1 : 0;
  });
}

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

/** The known CPython releases a message speaks of (2.7.0 to the newest), ascending, patch level. */
export function knownPythons(): readonly string[] {
  return KNOWN_PYTHON_VERSIONS;
}

/** The known Python releases (patch level) on which `requiresPython` holds; [] when it does not parse. */
export function pythonsSatisfying(requiresPython: string): string[] {
  let spec;
  try {
    spec = parseSpecifierSet(requiresPython);
  } catch {
    return [];
  }
  return knownPythons().filter((v) => containsVersion(spec, parseVersion(v), { prereleases: true }));
}

const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');

/**
 * Known Python releases as a reader says them, true at patch level: "3.13.2 or newer",
 * "3.7 to 3.11", "3.9.4 to 3.9.25", "3.11 or older". A bound is a minor ("3.10") only when
 * the run holds that whole series at that end.
 */
export function describePythons(versions: readonly string[], say: (key: string, values: Record<string, string>) => string = (key, v) => fill(key, FACTS[key]!, v)): string {
  const known = knownPythons();
  const chosen = new Set(versions);
  const runs: [number, number][] = [];
  known.forEach((v, i) => {
    if (!chosen.has(v)) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  if (runs.length === 0) return say('pythons.none', {});
  const seriesStart = (i: number) => i === 0 || minorOf(known[i - 1]!) !== minorOf(known[i]!);
  const seriesEnd = (i: number) => i === known.length - 1 || minorOf(known[i + 1]!) !== minorOf(known[i]!);
  const low = (i: number) => (seriesStart(i) ? minorOf(known[i]!) : known[i]!);
  const high = (i: number) => (seriesEnd(i) ? minorOf(known[i]!) : known[i]!);
  const parts = runs.map(([a, b]) => {
    const toEnd = b === known.length - 1;
    const fromStart = a === 0;
    if (a === b) return say('pythons.one', { version: known[a]! });
    if (seriesStart(a) && seriesEnd(b) && minorOf(known[a]!) === minorOf(known[b]!)) return say('pythons.one', { version: minorOf(known[a]!) });
    if (toEnd && fromStart) return say('pythons.any', { low: low(a) });
    if (toEnd) return say('pythons.from', { low: low(a) });
    if (fromStart) return say('pythons.upto', { high: high(b) });
    return say('pythons.range', { low: low(a), high: high(b) });
  });
  return parts.reduce((a, b) => say('join.or', { a, b }));
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
          case 'quarantined':
            add(`quarantined:${name}`, { kind: 'quarantined', package: name, reason: reason.reason });
            break;
          case 'advisory': {
            const ids = [...new Set(versions.flatMap((v) => reason.advisories[v] ?? []))];
            const fixed = byVersion([...new Set(ids.flatMap((id) => reason.fixed[id] ?? []))]);
            add(`advisory:${name}:${versions}`, { kind: 'advisory', package: name, versions, advisories: ids, fixed });
            break;
          }
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
        if (target.quarantined && target.versions.length === 0) {
          add(`quarantined:${target.name}`, { kind: 'quarantined', package: target.name, reason: target.quarantined.reason });
        } else if (target.notFound) {
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
