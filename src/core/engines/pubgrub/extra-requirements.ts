/**
 * Which of a release's requirements may apply to one of its extras, found without evaluating
 * every marker for every extra: a requirement naming 4,000 extras of a release with 4,000
 * `extra == "..."` lines evaluated 16 million markers. Each release's requirements are indexed
 * once by the extras their markers name; the caller still evaluates the candidates in full.
 *
 * Markers have `and` and `or` but no `not`, so a marker whose only comparisons with `extra` are
 * `extra == "name"` can hold for an extra it does not name only where it holds with no extra at
 * all (every such comparison is false either way, or true only for ""): it never applies to that
 * extra alone. An extra that reads as a version (`1`) may equal a literal it does not spell
 * (`1.0`, by PEP 440), so for such an extra every requirement is a candidate.
 */
import { tryParseVersion } from '../../pep440/index.ts';
import { normalizeExtra, type Marker, type Requirement } from '../../pep508/index.ts';
import type { CandidateMetadata } from '../../solver/provider.ts';

interface ExtraIndex {
  /** Positions of the requirements whose markers compare `extra` only with `==`, by the names they compare it with. */
  readonly byName: Map<string, number[]>;
  /** Positions of the requirements whose markers compare `extra` otherwise (`!=`, `in`, ...): candidates for every extra. */
  readonly always: readonly number[];
  /** The release's Provides-Extra, for membership. */
  readonly provided: ReadonlySet<string>;
}

const indexes = new WeakMap<CandidateMetadata, ExtraIndex>();

function indexOf(metadata: CandidateMetadata): ExtraIndex {
  let index = indexes.get(metadata);
  if (index) return index;
  const byName = new Map<string, number[]>();
  const always: number[] = [];
  metadata.requirements.forEach((req, position) => {
    if (!req.marker) return;
    const names = extraNames(req.marker);
    if (names === null) always.push(position);
    else {
      for (const name of names) {
        const positions = byName.get(name);
        if (!positions) byName.set(name, [position]);
        else if (positions.at(-1) !== position) positions.push(position);
      }
    }
  });
  index = { byName, always, provided: new Set(metadata.providesExtra) };
  indexes.set(metadata, index);
  return index;
}

/** The names a marker compares `extra` with (none: it does not read `extra`), or null when it compares it other than by `==` with a literal. */
function extraNames(marker: Marker): string[] | null {
  const names: string[] = [];
  const pending: Marker[] = [marker];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind !== 'compare') {
      pending.push(node.right, node.left);
      continue;
    }
    const { left, right, op } = node;
    const leftIsExtra = left.kind === 'variable' && left.name === 'extra';
    const rightIsExtra = right.kind === 'variable' && right.name === 'extra';
    if (!leftIsExtra && !rightIsExtra) continue;
    const other = leftIsExtra ? right : left;
    if (op !== '==' || other.kind !== 'literal') return null;
    names.push(normalizeExtra(other.value));
  }
  return names;
}

/** The requirements of `metadata` that may apply to `extra` (normalised) alone, in their order: a superset of those that do. */
export function extraCandidates(metadata: CandidateMetadata, extra: string): readonly Requirement[] {
  const all = metadata.requirements;
  extra = normalizeExtra(extra);
  if (tryParseVersion(extra)) return all;
  const { byName, always } = indexOf(metadata);
  const named = byName.get(extra);
  if (!named) return always.map((position) => all[position]!);
  const positions = always.length === 0 ? named : [...named, ...always].sort((a, b) => a - b);
  return positions.map((position) => all[position]!);
}

/** Whether the release lists `extra` (normalised) in Provides-Extra. */
export function listsExtra(metadata: CandidateMetadata, extra: string): boolean {
  return indexOf(metadata).provided.has(normalizeExtra(extra));
}
