/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/found_candidates.py`: a lazy sequence of
 * the candidates found on the index, best first. Building a candidate prepares it (reads its
 * metadata, prints "Collecting ..."), so candidates are built only as they are reached.
 * Nothing is installed here, so only `_iter_built` applies (no installed candidate to put
 * first or to insert).
 */
import type { CandidateView } from '../resolvelib/structs.ts';
import type { PipCandidate } from './candidates.ts';

/**
 * `IndexCandidateInfo`: a version and how to build its candidate (null when it can't be
 * built). The version's position in its project stands for it: no two are equal.
 */
export type IndexCandidateInfo = readonly [number, () => PipCandidate | null | Promise<PipCandidate | null>];

export class FoundCandidates implements CandidateView<PipCandidate> {
  private nonEmptyResult: Promise<boolean> | null = null;

  constructor(
    private readonly getInfos: () => Promise<Iterable<IndexCandidateInfo>>,
    private readonly incompatible: ReadonlySet<PipCandidate>,
  ) {}

  /** `_iter_built`: one candidate per version (the first, best, file), then known-bad ones dropped. */
  async *iterate(): AsyncGenerator<PipCandidate> {
    const versionsFound = new Set<number>();
    for (const [version, build] of await this.getInfos()) {
      if (versionsFound.has(version)) continue;
      // Built candidates are cached: only a first build waits for the provider.
      const made = build();
      const candidate = made instanceof Promise ? await made : made;
      if (candidate === null) continue;
      versionsFound.add(version);
      if (!this.incompatible.has(candidate)) yield candidate;
    }
  }

  /** `__bool__` (cached upstream with `lru_cache`): builds candidates until one is usable. */
  nonEmpty(): Promise<boolean> {
    this.nonEmptyResult ??= (async () => {
      for await (const _ of this.iterate()) return true;
      return false;
    })();
    return this.nonEmptyResult;
  }
}
