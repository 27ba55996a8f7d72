/**
 * The versions a term allows (solver.md § Term, https://github.com/dart-lang/pub/blob/master/doc/solver.md#term):
 * version sets over the finite, sorted list of a package's known versions, as bitsets:
 * bit i is version i of the package (ascending). Exact under every PEP 440 quirk, since
 * membership is computed by the real specifier code once per version (../shared/DESIGN.md).
 * Bits past the universe size are always zero.
 */
export type VersionSet = Uint32Array;

const EMPTY_CACHE = new Map<number, VersionSet>();

function wordCount(size: number): number {
  return (size + 31) >>> 5;
}

/**
 * Sets of more than 16 words (packages of over 512 versions) as views into shared blocks of
 * 16 KiB, handed out in order and never reused, so zero from the start. V8 keeps the data of a
 * typed array of up to 64 bytes in its own heap; a larger one gets a backing store of its own,
 * allocated, tracked and freed outside it: half the cost of a set over botocore's 1,778 versions
 * (a line profile), and a seventh of a run walking back through boto3 went to it. A block
 * is freed once no set in it is left; sets that outlive a run are kept apart (`lastingCopy`),
 * and those that leave the solver have their own buffer (`standalone`), so that a few survivors
 * do not keep whole blocks of the run's garbage alive, or copy them with a message to the page.
 */
class Blocks {
  private block = new ArrayBuffer(BLOCK_BYTES);
  private used = 0;

  take(words: number): VersionSet {
    const bytes = words << 2;
    if (this.used + bytes > BLOCK_BYTES) {
      this.block = new ArrayBuffer(BLOCK_BYTES);
      this.used = 0;
    }
    const set = new Uint32Array(this.block, this.used, words);
    this.used += bytes;
    return set;
  }
}

const IN_HEAP_WORDS = 16;
const BLOCK_BYTES = 16 * 1024;
/** Past this, a set is large enough to pay for a buffer of its own (packages of over 32,768 versions). */
const IN_BLOCK_WORDS = 1024;
const passing = new Blocks();
const lasting = new Blocks();

/** Whether a set of `words` words lives in a block (the others have a buffer of their own, or their data in the heap). */
function inBlock(words: number): boolean {
  return words > IN_HEAP_WORDS && words <= IN_BLOCK_WORDS;
}

/** A new set of `words` words, all zero. */
export function newSet(words: number): VersionSet {
  return inBlock(words) ? passing.take(words) : new Uint32Array(words);
}

/**
 * `set` for a cache that outlives the run: a copy kept apart from the run's garbage (see Blocks)
 * when it is of a size blocks hold, else `set` itself.
 */
export function lastingCopy(set: VersionSet): VersionSet {
  if (!inBlock(set.length)) return set;
  const copy = lasting.take(set.length);
  copy.set(set);
  return copy;
}

/** `set` with a buffer of its own: for a set that leaves the solver (a message copies a view's whole buffer). */
export function standalone(set: VersionSet): VersionSet {
  // Only a set that a block can hold is asked for its buffer: asking a small one moves its data
  // out of the heap (pigeonhole n=9's proof tree took 3 % longer).
  if (!inBlock(set.length)) return set;
  return set.byteLength === set.buffer.byteLength ? set : set.slice();
}

export function emptySet(size: number): VersionSet {
  let set = EMPTY_CACHE.get(size);
  if (!set) {
    set = new Uint32Array(wordCount(size));
    EMPTY_CACHE.set(size, set);
  }
  // Shared and never mutated: every operation below allocates its result.
  return set;
}

export function fullSet(size: number): VersionSet {
  const set = newSet(wordCount(size));
  set.fill(0xffffffff);
  trim(set, size);
  return set;
}

/**
 * The bits of the last word of a set of `size` versions that are versions (all 32 when `size`
 * is a multiple of 32). A shift, not `2 ** n - 1`: that is a float power on every call.
 */
export function lastWordMask(size: number): number {
  const rest = size & 31;
  return rest === 0 ? 0xffffffff : 0xffffffff >>> (32 - rest);
}

function trim(set: VersionSet, size: number): void {
  if (set.length > 0) set[set.length - 1]! &= lastWordMask(size);
}

export function singletonSet(size: number, index: number): VersionSet {
  const set = newSet(wordCount(size));
  set[index >>> 5] = 1 << (index & 31);
  return set;
}

/** Adds `index` to `set` in place (for a set being built, not one an incompatibility holds). */
export function addTo(set: VersionSet, index: number): void {
  set[index >>> 5]! |= 1 << (index & 31);
}

export function setFromPredicate(size: number, contains: (index: number) => boolean): VersionSet {
  const set = newSet(wordCount(size));
  for (let i = 0; i < size; i++) {
    if (contains(i)) set[i >>> 5]! |= 1 << (i & 31);
  }
  return set;
}

/** The versions from index `lo` to `hi`, both included. */
export function rangeSet(size: number, lo: number, hi: number): VersionSet {
  const set = newSet(wordCount(size));
  fillRange(set, lo, hi + 1);
  return set;
}

/** Sets the bits [from, to) of `set`. */
export function fillRange(set: VersionSet, from: number, to: number): void {
  let i = from;
  while (i < to && (i & 31) !== 0) set[i >>> 5]! |= 1 << (i++ & 31);
  while (i + 32 <= to) {
    set[i >>> 5] = 0xffffffff;
    i += 32;
  }
  while (i < to) set[i >>> 5]! |= 1 << (i++ & 31);
}

export function setFromIndices(size: number, indices: Iterable<number>): VersionSet {
  const set = newSet(wordCount(size));
  for (const i of indices) set[i >>> 5]! |= 1 << (i & 31);
  return set;
}

export function has(set: VersionSet, index: number): boolean {
  return (set[index >>> 5]! & (1 << (index & 31))) !== 0;
}

export function intersect(a: VersionSet, b: VersionSet): VersionSet {
  const out = newSet(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function union(a: VersionSet, b: VersionSet): VersionSet {
  const out = newSet(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** a \ b */
export function difference(a: VersionSet, b: VersionSet): VersionSet {
  const out = newSet(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & ~b[i]!;
  return out;
}

export function complement(a: VersionSet, size: number): VersionSet {
  const out = newSet(a.length);
  for (let i = 0; i < a.length; i++) out[i] = ~a[i]!;
  trim(out, size);
  return out;
}

/** a ∪ (every version but b) */
export function unionWithComplement(a: VersionSet, b: VersionSet, size: number): VersionSet {
  const out = newSet(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | ~b[i]!;
  trim(out, size);
  return out;
}

export function isEmpty(a: VersionSet): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

export function isSubset(a: VersionSet, b: VersionSet): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & ~b[i]!) !== 0) return false;
  return true;
}

export function isDisjoint(a: VersionSet, b: VersionSet): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & b[i]!) !== 0) return false;
  return true;
}

export function setsEqual(a: VersionSet, b: VersionSet): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `a` holds every version of a universe of `size` (without allocating). */
export function isFull(a: VersionSet, size: number): boolean {
  const words = a.length;
  for (let w = 0; w < words; w++) {
    const bits = w === words - 1 ? lastWordMask(size) : 0xffffffff;
    if (a[w] !== bits) return false;
  }
  return true;
}

/** Whether `a` holds exactly one version. */
export function isSingleton(a: VersionSet): boolean {
  let seen = false;
  for (let w = 0; w < a.length; w++) {
    const word = a[w]!;
    if (word === 0) continue;
    if (seen || (word & (word - 1)) !== 0) return false;
    seen = true;
  }
  return seen;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function countSet(a: VersionSet): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += popcount(a[i]!);
  return n;
}

/** Index of the highest version in the set, or -1. */
export function highest(a: VersionSet): number {
  for (let w = a.length - 1; w >= 0; w--) {
    const word = a[w]!;
    if (word !== 0) return (w << 5) + 31 - Math.clz32(word);
  }
  return -1;
}

/** Index of the lowest version in the set, or -1. */
export function lowest(a: VersionSet): number {
  for (let w = 0; w < a.length; w++) {
    const word = a[w]!;
    if (word !== 0) return (w << 5) + 31 - Math.clz32(word & -word);
  }
  return -1;
}

export function* indicesOf(a: VersionSet): Generator<number> {
  for (let w = 0; w < a.length; w++) {
    let word = a[w]!;
    while (word !== 0) {
      const bit = word & -word;
      yield (w << 5) + 31 - Math.clz32(bit);
      word ^= bit;
    }
  }
}

/** Maximal runs of consecutive indices, as [first, last] pairs (inclusive). */
export function runsOf(a: VersionSet): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indicesOf(a)) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}
