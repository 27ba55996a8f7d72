/**
 * Not in solver.md (pub has one rule for pre-releases): where installers disagree, the rule is
 * a named policy chosen per resolve.
 *
 * `pip` (pip 23.2 with packaging 21.3):
 *   - pre-releases of a package are allowed when any requirement on it that the resolver
 *     meets, direct or transitive, names a pre-release with ==, >=, <=, ~= or ===; or when
 *     the package has no final release and some requirement on it is a bare name;
 *   - a yanked release is allowed when some requirement on it, direct or transitive,
 *     pins it with == or === (PEP 592);
 *   - Requires-Python is honoured exactly, upper bounds included.
 * `uv` (uv's rules, which packse encodes):
 *   - pre-releases only when one of the user's own requirements names a pre-release (any
 *     operator), or the package has no final release at all;
 *   - a yanked release only when one of the user's own requirements pins it;
 *   - Requires-Python upper bounds are ignored.
 * Both: `--pre` allows every pre-release; extra names are PEP 685-normalised.
 *
 * pip decides per merged specifier as it goes; here a resolve runs with a fixed set of
 * allowances and, under `pip`, is repeated with the allowances that the requirements it met
 * grant, until they stop growing (see resolve.ts).
 */
import {
  containsVersion,
  isPrerelease,
  specifierSetAllowsPrereleases,
  specifierSetMentionsPrerelease,
  type Specifier,
  type Version,
} from '../../pep440/index.ts';
import type { Requirement } from '../../pep508/index.ts';

export type Policy = 'pip' | 'uv';
export const POLICIES: readonly Policy[] = ['pip', 'uv'];

export interface Allowances {
  /** Projects whose pre-releases are allowed. */
  readonly prerelease: ReadonlySet<string>;
  /** Projects named by a bare requirement (no specifier). */
  readonly bare: ReadonlySet<string>;
  /** Exact pins (== or ===) per project, which may select a yanked release. */
  readonly pins: ReadonlyMap<string, readonly Specifier[]>;
}

export function emptyAllowances(): Allowances {
  return { prerelease: new Set(), bare: new Set(), pins: new Map() };
}

function isExactPin(s: Specifier): boolean {
  return s.operator === '===' || (s.operator === '==' && !s.wildcard);
}

/** The allowances that `requirements` grant under `policy`, added to `base`. */
export function grantAllowances(base: Allowances, requirements: Iterable<Requirement>, policy: Policy): Allowances {
  const prerelease = new Set(base.prerelease);
  const bare = new Set(base.bare);
  const pins = new Map<string, Specifier[]>();
  for (const [k, v] of base.pins) pins.set(k, [...v]);
  for (const req of requirements) {
    const allows = policy === 'pip' ? specifierSetAllowsPrereleases(req.specifier) : specifierSetMentionsPrerelease(req.specifier);
    if (allows) prerelease.add(req.key);
    if (req.specifier.specifiers.length === 0) bare.add(req.key);
    for (const s of req.specifier.specifiers) {
      if (!isExactPin(s)) continue;
      const list = pins.get(req.key) ?? [];
      if (!list.some((p) => p.operator === s.operator && p.version === s.version)) list.push(s);
      pins.set(req.key, list);
    }
  }
  return { prerelease, bare, pins };
}

/** `base` with the projects that `requirements` name bare (no specifier) added to its bare names. */
export function grantBareNames(base: Allowances, requirements: Iterable<Requirement>): Allowances {
  let bare: Set<string> | null = null;
  for (const req of requirements) {
    if (req.specifier.specifiers.length > 0 || base.bare.has(req.key) || bare?.has(req.key)) continue;
    bare ??= new Set(base.bare);
    bare.add(req.key);
  }
  return bare ? { ...base, bare } : base;
}

export function allowancesEqual(a: Allowances, b: Allowances): boolean {
  if (a.prerelease.size !== b.prerelease.size || a.bare.size !== b.bare.size || a.pins.size !== b.pins.size) return false;
  for (const k of a.prerelease) if (!b.prerelease.has(k)) return false;
  for (const k of a.bare) if (!b.bare.has(k)) return false;
  for (const [k, v] of a.pins) if ((b.pins.get(k)?.length ?? -1) !== v.length) return false;
  return true;
}

/** Whether the pre-releases of `project` may be selected. */
export function prereleasesAllowed(
  project: string,
  versions: readonly Version[],
  allowances: Allowances,
  policy: Policy,
  globalPre: boolean,
): boolean {
  if (globalPre || allowances.prerelease.has(project)) return true;
  const hasFinal = versions.some((v) => !isPrerelease(v));
  if (hasFinal) return false;
  return policy === 'uv' || allowances.bare.has(project);
}

/**
 * Whether a yanked `version` of `project` is pinned on purpose (PEP 592, as pip's factory and
 * Poetry's repository do it): an exact pin (`==` without `.*`, or `===`) matches it, and that pin
 * matches no release that is not yanked, counting every release it matches (`==1.0` matches
 * `1.0+local` too). `releases` are all of the project's releases.
 */
export function yankedAllowed(
  project: string,
  version: Version,
  allowances: Allowances,
  releases: readonly { readonly version: Version; readonly yanked: unknown }[] = [],
): boolean {
  const pins = allowances.pins.get(project);
  if (!pins) return false;
  return pins.some((pin) => {
    const spec = { specifiers: [pin] };
    if (!containsVersion(spec, version, { prereleases: true })) return false;
    return !releases.some((r) => r.yanked === false && containsVersion(spec, r.version, { prereleases: true }));
  });
}
