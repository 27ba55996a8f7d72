/**
 * Terms: https://github.com/dart-lang/pub/blob/master/doc/solver.md#term
 *
 * A term is a statement about one package. Here it is kept as the set of versions it
 * allows plus whether it requires the package to be selected at all:
 *   `P ∈ S` (positive)      allows the versions S, and P must be selected;
 *   `not P ∈ S` (negative)  allows every version outside S, or P not being selected.
 * For a negative term `set` holds the *allowed* versions (the complement of S), so every
 * operation is a plain set operation plus one boolean.
 */
import {
  complement,
  intersect,
  isDisjoint,
  isEmpty,
  isSubset,
  setsEqual,
  unionWithComplement,
  type VersionSet,
} from './version-set.ts';

export interface Term {
  readonly pkg: number;
  /** The versions this term allows. */
  readonly set: VersionSet;
  /** Whether the package must be selected. */
  readonly positive: boolean;
}

export function positiveTerm(pkg: number, set: VersionSet): Term {
  return { pkg, set, positive: true };
}

/** `not P ∈ excluded` */
export function negativeTerm(pkg: number, excluded: VersionSet, size: number): Term {
  return { pkg, set: complement(excluded, size), positive: false };
}

export function negate(term: Term, size: number): Term {
  return { pkg: term.pkg, set: complement(term.set, size), positive: !term.positive };
}

export function intersectTerms(a: Term, b: Term): Term {
  return { pkg: a.pkg, set: intersect(a.set, b.set), positive: a.positive || b.positive };
}

/**
 * `not (a and not b)`: what of `b` the satisfier `a` did not settle, as conflict resolution adds
 * it at each step. In one set, where `negate(intersectTerms(a, negate(b)))` made three.
 */
export function unsettled(a: Term, b: Term, size: number): Term {
  return { pkg: b.pkg, set: unionWithComplement(b.set, a.set, size), positive: !a.positive && b.positive };
}

/** Every selection allowed by `a` is allowed by `b`: `a` satisfies `b`. */
export function satisfies(a: Term, b: Term): boolean {
  return isSubset(a.set, b.set) && (a.positive || !b.positive);
}

/** No selection is allowed by both. */
export function contradicts(a: Term, b: Term): boolean {
  return isDisjoint(a.set, b.set) && (a.positive || b.positive);
}

export function termsEqual(a: Term, b: Term): boolean {
  return a.pkg === b.pkg && a.positive === b.positive && setsEqual(a.set, b.set);
}

/** A positive term that allows nothing, or a negative one that allows everything. */
export function isImpossible(term: Term): boolean {
  return term.positive && isEmpty(term.set);
}

/** The versions a term speaks of: S in `P ∈ S`, and S in `not P ∈ S`. */
export function namedVersions(term: Term, size: number): VersionSet {
  return term.positive ? term.set : complement(term.set, size);
}
