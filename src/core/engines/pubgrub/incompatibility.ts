/**
 * Incompatibilities: https://github.com/dart-lang/pub/blob/master/doc/solver.md#incompatibility
 *
 * A set of terms that must not all be true. Each kind of cause has a named constructor;
 * a failure is reported as the tree of `derived` causes, never as an exception.
 */
import { intersectTerms, negativeTerm, positiveTerm, satisfies, type Term } from './term.ts';
import { isEmpty, singletonSet, type VersionSet } from './version-set.ts';

/** Why some versions of a package cannot be used at all. */
export type Unavailable =
  /** PEP 592: yanked, with the reason per version ('' when none was given). */
  | { readonly kind: 'yanked'; readonly reasons: Readonly<Record<string, string>> }
  /** Pre-releases not allowed by the policy for this package. */
  | { readonly kind: 'prerelease' }
  /**
   * No wheel for the target and no usable source distribution. `mismatch` says what about the
   * wheels does not fit (`platform`: the platforms in `platforms` have wheels; `python` / `abi`:
   * the wheels in `wheels` are for other interpreters), null when wheels are ruled out or absent.
   */
  | {
      readonly kind: 'noDistribution';
      readonly detail: string;
      readonly mismatch: 'platform' | 'python' | 'abi' | 'invalid' | null;
      readonly platforms: readonly string[];
      readonly wheels: readonly string[];
    }
  /** Uploaded after the resolve's cut-off date. */
  | { readonly kind: 'tooNew'; readonly cutoff: string }
  /** Metadata could not be read; the version can't be judged. */
  | { readonly kind: 'metadata'; readonly message: string }
  /** PEP 792: the index quarantined the project, so none of its files are offered. */
  | { readonly kind: 'quarantined'; readonly reason: string | null }
  /**
   * Blocked by the trust policy `block`: the advisory ids per version, and the versions that fix
   * each advisory.
   */
  | { readonly kind: 'advisory'; readonly advisories: Readonly<Record<string, readonly string[]>>; readonly fixed: Readonly<Record<string, readonly string[]>> }
  /** A constraint (`-c FILE`) leaves these versions out; `source` names the file and line. */
  | { readonly kind: 'constraint'; readonly requirement: string; readonly source: string | null };

export type Cause =
  /** `not root`: the root must be selected. */
  | { readonly kind: 'root' }
  /** The root runs on exactly the target Python. */
  | { readonly kind: 'targetPython'; readonly python: string }
  /**
   * terms[0] depends on `dependency` (terms[1]); `requirement` as written by the depender (null
   * for an extra's base). When no version of the dependency matches, terms[1] is left out
   * (`not P ∈ ∅` holds always) and terms[0] alone is forbidden.
   */
  | { readonly kind: 'dependency'; readonly requirement: string | null; readonly dependency: number }
  /** terms[0] declares Requires-Python; terms[1] is the dependency on `python` (left out when no Python matches). */
  | { readonly kind: 'requiresPython'; readonly requiresPython: string }
  /** terms[0] names versions that cannot be used. */
  | { readonly kind: 'unavailable'; readonly reason: Unavailable }
  /** Learned from two others by conflict resolution. */
  | { readonly kind: 'derived'; readonly left: Incompatibility; readonly right: Incompatibility };

export interface Incompatibility {
  readonly id: number;
  readonly terms: readonly Term[];
  readonly cause: Cause;
}

let nextId = 0;

function make(terms: Term[], cause: Cause): Incompatibility {
  return { id: nextId++, terms, cause };
}

export function rootIncompatibility(root: number): Incompatibility {
  return make([negativeTerm(root, singletonSet(1, 0), 1)], { kind: 'root' });
}

export function targetPythonIncompatibility(root: number, python: number, pythonSize: number, targetIndex: number, targetText: string): Incompatibility {
  return make(
    [positiveTerm(root, singletonSet(1, 0)), negativeTerm(python, singletonSet(pythonSize, targetIndex), pythonSize)],
    { kind: 'targetPython', python: targetText },
  );
}

export function dependencyIncompatibility(
  depender: number,
  dependerVersions: VersionSet,
  dependency: number,
  dependencyVersions: VersionSet,
  dependencySize: number,
  requirement: string | null,
): Incompatibility {
  const terms = [positiveTerm(depender, dependerVersions)];
  if (!isEmpty(dependencyVersions)) terms.push(negativeTerm(dependency, dependencyVersions, dependencySize));
  return make(terms, { kind: 'dependency', requirement, dependency });
}

export function requiresPythonIncompatibility(
  pkg: number,
  versions: VersionSet,
  python: number,
  pythonVersions: VersionSet,
  pythonSize: number,
  requiresPython: string,
): Incompatibility {
  const terms = [positiveTerm(pkg, versions)];
  if (!isEmpty(pythonVersions)) terms.push(negativeTerm(python, pythonVersions, pythonSize));
  return make(terms, { kind: 'requiresPython', requiresPython });
}

export function unavailableIncompatibility(pkg: number, versions: VersionSet, reason: Unavailable): Incompatibility {
  return make([positiveTerm(pkg, versions)], { kind: 'unavailable', reason });
}

/**
 * One step of conflict resolution: `left`'s and `right`'s terms but those on `pkg`, merged, and
 * `remainder` on `pkg` when given. Built in one list (`left`'s terms are on distinct packages
 * already, and neither side's on `pkg` are kept): it runs at every step of every conflict.
 */
export function resolvent(left: Incompatibility, right: Incompatibility, pkg: number, remainder: Term | null): Incompatibility {
  const merged: Term[] = [];
  const leftTerms = left.terms;
  for (let t = 0; t < leftTerms.length; t++) if (leftTerms[t]!.pkg !== pkg) merged.push(leftTerms[t]!);
  const fromLeft = merged.length;
  // A term that satisfies the other is their intersection already, and is kept as it is: most
  // pairs merged here are such.
  const rightTerms = right.terms;
  for (let t = 0; t < rightTerms.length; t++) {
    const term = rightTerms[t]!;
    if (term.pkg === pkg) continue;
    let i = 0;
    while (i < fromLeft && merged[i]!.pkg !== term.pkg) i++;
    if (i === fromLeft) merged.push(term);
    else if (!satisfies(merged[i]!, term)) merged[i] = satisfies(term, merged[i]!) ? term : intersectTerms(merged[i]!, term);
  }
  if (remainder) merged.push(remainder);
  return make(merged, { kind: 'derived', left, right });
}

export function termFor(incompatibility: Incompatibility, pkg: number): Term | undefined {
  return incompatibility.terms.find((t) => t.pkg === pkg);
}
