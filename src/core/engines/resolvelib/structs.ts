/**
 * resolvelib 1.0.1, `src/resolvelib/structs.py` (as vendored by pip 23.2.1): the views the
 * resolver hands to the provider. `IteratorMapping` chains a criterion's values with extra
 * ones appended for one call; `build_iter_view` wraps what `find_matches()` returned so it
 * can be iterated more than once. Candidates are built lazily (building one may download
 * its metadata), so iterating a view is asynchronous here.
 */
import type { MaybePromise } from '../../solver/provider.ts';

/** What `find_matches()` returns: candidates, best first, that may be iterated again. */
export interface CandidateView<C> {
  /** `bool(view)`: whether a first candidate exists (builds at most that one). */
  nonEmpty(): Promise<boolean>;
  /** `iter(view)`: the candidates, built as they are reached. */
  iterate(): AsyncIterable<C>;
}

/** `_SequenceIterableView`: a plain sequence of candidates. */
export function sequenceView<C>(items: readonly C[]): CandidateView<C> {
  return {
    nonEmpty: async () => items.length > 0,
    async *iterate() {
      yield* items;
    },
  };
}

/** `build_iter_view(matches)`: a view stays a view; an array becomes a sequence view. */
export function buildIterView<C>(matches: CandidateView<C> | readonly C[]): CandidateView<C> {
  return Array.isArray(matches) ? sequenceView(matches as readonly C[]) : (matches as CandidateView<C>);
}

/** A read-only mapping of identifiers to sequences, as the provider sees `IteratorMapping`. */
export interface LookupMapping<T> {
  has(key: string): boolean;
  get(key: string): T[] | undefined;
  keys(): IterableIterator<string>;
}

/**
 * `IteratorMapping(mapping, accessor, appends)`: for each key, the accessor's values of
 * `mapping[key]` followed by `appends[key]`; keys are the mapping's, then the appended ones.
 */
export class IteratorMapping<V, T> implements LookupMapping<T> {
  constructor(
    private readonly mapping: ReadonlyMap<string, V>,
    private readonly accessor: (value: V) => Iterable<T>,
    private readonly appends: ReadonlyMap<string, readonly T[]> = new Map(),
  ) {}

  has(key: string): boolean {
    return this.mapping.has(key) || this.appends.has(key);
  }

  /** `mapping[key]`; like Python's KeyError, a missing key gives undefined. */
  get(key: string): T[] | undefined {
    const value = this.mapping.get(key);
    if (value === undefined) {
      const appended = this.appends.get(key);
      return appended ? [...appended] : undefined;
    }
    return [...this.accessor(value), ...(this.appends.get(key) ?? [])];
  }

  *keys(): IterableIterator<string> {
    yield* this.mapping.keys();
    for (const key of this.appends.keys()) if (!this.mapping.has(key)) yield key;
  }
}

export type { MaybePromise };
