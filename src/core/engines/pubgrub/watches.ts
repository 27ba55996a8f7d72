/**
 * The incompatibilities of a run and the watches of unit propagation (propagation.ts).
 *
 * Each incompatibility watches two of its terms, kept on unsatisfied terms while it has two. A
 * term on P stays unsatisfied while P's assignments still allow some version the term does not
 * (its *witness*; or, for a positive term, while P is not required at all), so a watch is filed
 * under its witness and looked at only when P loses that version: the cost of a step follows the
 * versions a change removes, not how much was learned.
 *
 * A watch left on a satisfied term (no other term to move to) is parked at the current decision
 * level and filed again when a backjump undoes that level; if its term is still satisfied then,
 * the incompatibility is checked again, since what it derived was undone with the level. So are
 * the incompatibilities of one term (facts), after every backjump. A watch whose partner is
 * contradicted (its own being satisfied) is parked too, at the level of that contradiction.
 */
import type { Incompatibility } from './incompatibility.ts';
import { ROOT } from './packages.ts';
import type { SolverState } from './state.ts';
import { contradicts, type Term } from './term.ts';
import { isEmpty, lastWordMask } from './version-set.ts';

/**
 * An incompatibility and the indices of the two terms it watches (`second` is -1 for a single
 * term), with what a visit reads of those terms kept on the watch itself: their packages, signs
 * and, for a package of at most 31 versions, their sets as one number. Following incompatibility,
 * terms list, term and set in turn, scattered over memory, cost more than the checks themselves
 * (half the time of a run on pigeonhole indexes, where nearly every visit only moves a watch).
 */
export class Watch {
  first = -1;
  firstPkg = 0;
  firstPositive = false;
  /** The set of the term at `first` as one number, or -1 (oneWordOf). */
  firstWord = -1;
  second = -1;
  /** The same of the term at `second` (the first's again for a single term; not read then). */
  secondPkg = 0;
  secondPositive = false;
  secondWord = -1;
  /** Where the next search for an unsatisfied term starts. */
  cursor = 0;
  /** Its place in the store, which names its slots (IncompatibilityStore.register). */
  id = -1;
  /**
   * For that search, of every term: package, one word and 1 when positive, three numbers per
   * term; made when first searched (an incompatibility of two terms never is).
   */
  private summary: Int32Array | null = null;

  constructor(
    readonly incompatibility: Incompatibility,
    first: number,
    second: number,
  ) {
    this.moveFirst(first);
    // A single term: the second's fields repeat the first's, and `second` stays -1.
    this.moveSecond(second < 0 ? first : second);
    this.second = second;
  }

  /** The term at `first` (else at `second`). */
  term(onFirst: boolean): Term {
    return this.incompatibility.terms[onFirst ? this.first : this.second]!;
  }

  /** Package, one word and sign of every term, three numbers each (see `summary`). */
  termSummary(): Int32Array {
    if (this.summary) return this.summary;
    const terms = this.incompatibility.terms;
    const summary = new Int32Array(terms.length * 3);
    for (let k = 0; k < terms.length; k++) {
      summary[3 * k] = terms[k]!.pkg;
      summary[3 * k + 1] = oneWordOf(terms[k]!);
      summary[3 * k + 2] = terms[k]!.positive ? 1 : 0;
    }
    this.summary = summary;
    return summary;
  }

  /** Watches term `index` instead of the one at `first`. */
  moveFirst(index: number): void {
    this.first = index;
    if (this.summary) {
      this.firstPkg = this.summary[3 * index]!;
      this.firstWord = this.summary[3 * index + 1]!;
      this.firstPositive = this.summary[3 * index + 2] === 1;
      return;
    }
    const term = this.incompatibility.terms[index]!;
    this.firstPkg = term.pkg;
    this.firstWord = oneWordOf(term);
    this.firstPositive = term.positive;
  }

  /** Watches term `index` instead of the one at `second`. */
  moveSecond(index: number): void {
    this.second = index;
    if (this.summary) {
      this.secondPkg = this.summary[3 * index]!;
      this.secondWord = this.summary[3 * index + 1]!;
      this.secondPositive = this.summary[3 * index + 2] === 1;
      return;
    }
    const term = this.incompatibility.terms[index]!;
    this.secondPkg = term.pkg;
    this.secondWord = oneWordOf(term);
    this.secondPositive = term.positive;
  }
}

/**
 * The versions `term` allows as one non-negative int32 when its package has at most 31 versions
 * (a small number, read without touching the term); -1 when not.
 */
function oneWordOf(term: Term): number {
  return term.set.length === 1 && term.set[0]! < 0x80000000 ? term.set[0]! : -1;
}

/** `witnessOf` for the term a watch watches at `first` (else at `second`), from the watch's word when it has one. */
export function watchedWitness(watch: Watch, onFirst: boolean, assigned: Term | undefined, size: number): number {
  const word = onFirst ? watch.firstWord : watch.secondWord;
  if (word < 0 || assigned === undefined) return witnessOf(assigned, watch.term(onFirst), size);
  return wordWitness(word, onFirst ? watch.firstPositive : watch.secondPositive, assigned, size);
}

/** `witnessOf` for a term given as its one word (oneWordOf) and sign. */
export function wordWitness(word: number, positive: boolean, assigned: Term, size: number): number {
  const free = assigned.set[0]! & ~word;
  if (free !== 0) return 31 - Math.clz32(free & -free);
  return !assigned.positive && positive ? size : -1;
}

/** `contradicts(assigned, term)` for the term a watch watches at `first` (else at `second`), from the watch's word when it has one. */
export function watchedContradicted(watch: Watch, onFirst: boolean, assigned: Term | undefined): boolean {
  const word = onFirst ? watch.firstWord : watch.secondWord;
  const positive = onFirst ? watch.firstPositive : watch.secondPositive;
  if (word >= 0 && assigned !== undefined) return (assigned.set[0]! & word) === 0 && (assigned.positive || positive);
  const term = watch.term(onFirst);
  // Nothing known of the package: only `P ∈ ∅` is contradicted.
  return assigned === undefined ? term.positive && isEmpty(term.set) : contradicts(assigned, term);
}

/**
 * The watches on one package's terms, filed by witness (a version index, or the package's size
 * for "not required"): one list per witness, linked through the store's `nextSlot`, in the order
 * filed. Lists of slots in typed arrays, not arrays of watches: most visits move a watch from one
 * list to another, and arrays made and dropped at each move were nearly a third of a run's garbage.
 */
interface PackageWatches {
  /** First and last slot of each witness's list, -1 when it is empty. */
  readonly heads: Int32Array;
  readonly tails: Int32Array;
  /** Bit w: the list of witness w is not empty. */
  readonly filled: Uint32Array;
}

/** The incompatibilities of a run, with the watches of propagation. */
export class IncompatibilityStore {
  /** Every incompatibility, oldest first. */
  readonly all: Incompatibility[] = [];
  /**
   * Incompatibilities of one term (versions that can never be used): checked again after each
   * backjump, so that what they rule out stays ruled out at every level and a project nothing
   * can satisfy fails each depender at once instead of by one conflict each.
   */
  readonly facts: Incompatibility[] = [];
  /** Added since the last propagation: their watches are chosen against the partial solution then. */
  readonly fresh: Incompatibility[] = [];
  /** Per package: incompatibilities added since it was last visited, to check in full then (oldest first). */
  private readonly pending: (Incompatibility[] | undefined)[] = [];
  /** To check again at the next propagation (facts and unparked watches after a backjump). */
  readonly recheck: Incompatibility[] = [];
  private readonly watches: (PackageWatches | undefined)[] = [];
  /**
   * Per decision level: watches set aside (on a satisfied term, or beside a contradicted one), the
   * index of their term, and how many (the lists are reused without shrinking: `length = 0` would
   * give their room back, and parking happens at almost every step).
   */
  private readonly parked: Watch[][] = [];
  private readonly parkedTerms: number[][] = [];
  private readonly parkedCount: number[] = [];
  /** The highest level with parked watches (-1 for none): where a backjump starts looking. */
  private highestParked = -1;
  /** Every watch by id (Watch.id), and per slot the next slot of its list, -1 at the end (see PackageWatches). */
  private readonly watchOf: Watch[] = [];
  nextSlot = new Int32Array(256);
  /** What `takeStale` took out: first slots and witnesses, in the first places of these lists (reused without shrinking, like the parked lists). */
  readonly staleHeads: number[] = [];
  readonly staleWitnesses: number[] = [];
  private staleCount = 0;

  add(incompatibility: Incompatibility): void {
    this.all.push(incompatibility);
    this.fresh.push(incompatibility);
    const only = incompatibility.terms.length === 1 ? incompatibility.terms[0]! : null;
    if (only && only.pkg !== ROOT) this.facts.push(incompatibility);
  }

  /** Gives `watch` its slots: `2 × id` for its first term, `2 × id + 1` for its second. */
  register(watch: Watch): void {
    watch.id = this.watchOf.length;
    this.watchOf.push(watch);
    if (this.nextSlot.length < 2 * this.watchOf.length) {
      const grown = new Int32Array(this.nextSlot.length * 2);
      grown.set(this.nextSlot);
      this.nextSlot = grown;
    }
  }

  /** The watch of a slot. */
  watchAt(slot: number): Watch {
    return this.watchOf[slot >>> 1]!;
  }

  /** Files `watch`'s term on `pkg` (of `size` versions) under `witness`, at the end of its list. */
  file(pkg: number, size: number, witness: number, watch: Watch): void {
    let entry = this.watches[pkg];
    if (!entry) {
      entry = { heads: new Int32Array(size + 1).fill(-1), tails: new Int32Array(size + 1).fill(-1), filled: new Uint32Array((size + 32) >>> 5) };
      this.watches[pkg] = entry;
    }
    // Terms of one incompatibility are on distinct packages, so the package tells which term.
    const slot = 2 * watch.id + (watch.firstPkg === pkg ? 0 : 1);
    this.nextSlot[slot] = -1;
    const tail = entry.tails[witness]!;
    if (tail < 0) {
      entry.heads[witness] = slot;
      entry.filled[witness >>> 5]! |= 1 << (witness & 31);
    } else {
      this.nextSlot[tail] = slot;
    }
    entry.tails[witness] = slot;
  }

  /**
   * Takes out the lists of the watches on `pkg` whose witness `assigned` no longer has: their
   * first slots and witnesses go to the first places of `staleHeads` and `staleWitnesses`
   * (walk each with `nextSlot`); returns how many lists.
   */
  takeStale(pkg: number, size: number, assigned: Term): number {
    this.staleCount = 0;
    const entry = this.watches[pkg];
    if (!entry) return 0;
    const set = assigned.set;
    for (let w = 0; w < set.length; w++) {
      let stale = entry.filled[w]! & ~set[w]!;
      // Bits at and past `size` are the "not required" witness, handled below.
      if (w === set.length - 1) stale &= lastWordMask(size);
      while (stale !== 0) {
        const bit = stale & -stale;
        this.take(entry, (w << 5) + 31 - Math.clz32(bit));
        stale ^= bit;
      }
    }
    if (assigned.positive && (entry.filled[size >>> 5]! & (1 << (size & 31))) !== 0) this.take(entry, size);
    return this.staleCount;
  }

  private take(entry: PackageWatches, witness: number): void {
    const head = entry.heads[witness]!;
    entry.heads[witness] = -1;
    entry.tails[witness] = -1;
    entry.filled[witness >>> 5]! &= ~(1 << (witness & 31));
    if (head < 0) return;
    this.staleHeads[this.staleCount] = head;
    this.staleWitnesses[this.staleCount] = witness;
    this.staleCount++;
  }

  /** Marks a new incompatibility to be checked in full when any of its packages is next visited. */
  addPending(incompatibility: Incompatibility): void {
    for (const term of incompatibility.terms) (this.pending[term.pkg] ??= []).push(incompatibility);
  }

  takePending(pkg: number): Incompatibility[] {
    const list = this.pending[pkg];
    if (!list || list.length === 0) return [];
    this.pending[pkg] = undefined;
    return list;
  }

  /** What a conflict left unchecked, before anything added since. */
  putBackPending(pkg: number, rest: Incompatibility[]): void {
    const added = this.pending[pkg];
    this.pending[pkg] = added ? [...rest, ...added] : rest;
  }

  park(level: number, watch: Watch, term: number): void {
    while (this.parked.length <= level) {
      this.parked.push([]);
      this.parkedTerms.push([]);
      this.parkedCount.push(0);
    }
    const count = this.parkedCount[level]!;
    this.parked[level]![count] = watch;
    this.parkedTerms[level]![count] = term;
    this.parkedCount[level] = count + 1;
    if (level > this.highestParked) this.highestParked = level;
  }

  /** After a backjump to `level`: files the parked watches of the levels undone again. */
  unpark(state: SolverState, level: number): void {
    const { partial, table } = state;
    for (let l = this.highestParked; l > level; l--) {
      const list = this.parked[l]!;
      const terms = this.parkedTerms[l]!;
      const count = this.parkedCount[l]!;
      this.parkedCount[l] = 0;
      for (let i = 0; i < count; i++) {
        const watch = list[i]!;
        const term = terms[i]!;
        const onFirst = term === watch.first;
        const pkg = onFirst ? watch.firstPkg : watch.secondPkg;
        const size = table.sizeOf(pkg);
        const witness = watchedWitness(watch, onFirst, partial.termOf(pkg), size);
        if (witness >= 0) {
          this.file(pkg, size, witness, watch);
        } else {
          this.park(level, watch, term);
          this.recheck.push(watch.incompatibility);
        }
      }
    }
    // Every level above `level` is empty now (what was re-parked went to `level`).
    this.highestParked = Math.min(this.highestParked, level);
    for (const fact of this.facts) this.recheck.push(fact);
  }
}

/**
 * A version that `assigned` allows and `term` does not (`size` for "`assigned` does not require
 * the package but `term` does"), or -1 when `assigned` satisfies `term`. Nothing assigned allows
 * every version and requires nothing.
 */
export function witnessOf(assigned: Term | undefined, term: Term, size: number): number {
  // The lowest such version: a walk back from the newest releases (boto3 over botocore) rules
  // versions out from the top, one by one, so a witness at the top would move at every step
  // (4× slower there; the highest saves a third of the visits on pigeonhole indexes only).
  const allowed = term.set;
  for (let w = 0; w < allowed.length; w++) {
    let free = ~allowed[w]!;
    if (assigned) free &= assigned.set[w]!;
    else if (w === allowed.length - 1) free &= lastWordMask(size);
    if (free !== 0) return (w << 5) + 31 - Math.clz32(free & -free);
  }
  return term.positive && !assigned?.positive ? size : -1;
}

