/**
 * Close names for a project that is not in the index ("reqeusts" -> "requests"): optimal
 * string alignment distance (edits and adjacent swaps), over normalised names.
 */
import { normalizeName } from '../pep508/index.ts';

/** Edit distance with transpositions, giving up once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols);
    current[0] = i;
    let best = current[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      current[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1]!;
}

/** Up to `limit` names from `names` close to `missing`, closest first. */
export function closeNames(missing: string, names: Iterable<string>, limit = 3): string[] {
  const target = normalizeName(missing);
  // One edit per four letters; very short names are too easy to match by chance.
  const allowed = target.length < 4 ? 0 : Math.max(1, Math.floor(target.length / 4));
  if (allowed === 0) return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const key = normalizeName(name);
    if (key === target) continue;
    const distance = editDistance(target, key, allowed);
    if (distance <= allowed) scored.push({ name, score: distance });
    else if (target.length >= 4 && (key.startsWith(`${target}-`) || key.startsWith(`python-${target}`) || key === `py${target}`)) {
      scored.push({ name, score: allowed + 1 });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.name.length - y.name.length || (x.name < y.name ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.name);
}
