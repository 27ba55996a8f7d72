/**
 * Which condition a participant is in, and in which order they meet the tasks.
 *
 * The condition comes from a hash of the study id and the participant id, so the same person
 * always lands in the same condition, on any machine, with no server: the hash picks one of
 * 10,000 buckets and the conditions take consecutive runs of buckets by rollout percentage.
 * With `order: "latin-square"` the tasks are counterbalanced within each condition by a
 * balanced Latin square (Williams design): each task comes at each position, and follows each
 * other task, equally often over a full set of rows.
 */
import type { Study, StudyCondition } from './format.ts';

export const BUCKETS = 10_000;

/** cyrb53: a fast 53-bit string hash with good avalanche (public domain, bryc). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function bucketOf(studyId: string, participantId: string): number {
  return hash53(`${studyId}\u0000${participantId}`) % BUCKETS;
}

export function conditionForBucket(conditions: readonly StudyCondition[], bucket: number): StudyCondition {
  let upTo = 0;
  for (const condition of conditions) {
    upTo += (condition.rollout / 100) * BUCKETS;
    if (bucket < Math.round(upTo)) return condition;
  }
  // Rounding can leave the last bucket over: it goes to the last condition with any rollout.
  return [...conditions].reverse().find((c) => c.rollout > 0) ?? conditions[conditions.length - 1]!;
}

/**
 * The rows of a balanced Latin square over n items: n rows when n is even, 2n when odd (the
 * square and its mirror), each a permutation of 0..n-1.
 */
export function latinSquare(n: number): number[][] {
  if (n <= 0) return [[]];
  const first: number[] = [0];
  for (let k = 1, lo = 1, hi = n - 1; k < n; k++) first.push(k % 2 === 1 ? lo++ : hi--);
  const rows = Array.from({ length: n }, (_, r) => first.map((v) => (v + r) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

export interface Assignment {
  readonly condition: string;
  /** Where it came from: the hash, or a URL override for a pilot. */
  readonly source: 'hash' | 'override';
  readonly bucket: number;
  /** The Latin square row, or null when the order is fixed. */
  readonly orderRow: number | null;
  /** The steps' ids in the order this participant meets them. */
  readonly stepOrder: readonly string[];
}

export interface AssignOptions {
  /** A condition named in the URL, for pilots; recorded as an override. */
  readonly override?: string | null;
  /**
   * How many participants the condition had before this one (a server counts them), so that
   * rows go round in turn; without it the row comes from the hash too.
   */
  readonly ordinal?: number | null;
}

/** The tasks permuted by a Latin square row; questions keep their places. */
export function orderSteps(study: Study, row: number | null): string[] {
  const ids = study.steps.map((s) => s.id);
  if (row === null) return ids;
  const taskSlots = study.steps.flatMap((s, i) => (s.type === 'task' ? [i] : []));
  const square = latinSquare(taskSlots.length);
  const permutation = square[row % square.length]!;
  const out = [...ids];
  taskSlots.forEach((slot, k) => {
    out[slot] = ids[taskSlots[permutation[k]!]!]!;
  });
  return out;
}

export function assign(study: Study, participantId: string, options: AssignOptions = {}): Assignment {
  const bucket = bucketOf(study.id, participantId);
  const overridden = options.override ? study.conditions.find((c) => c.name === options.override) : undefined;
  if (options.override && !overridden) throw new Error(`There is no condition “${options.override}” in this study (it has ${study.conditions.map((c) => c.name).join(', ')}).`);
  const condition = overridden ?? conditionForBucket(study.conditions, bucket);
  let orderRow: number | null = null;
  if (study.order === 'latin-square') {
    const tasks = study.steps.filter((s) => s.type === 'task').length;
    const rows = latinSquare(tasks).length;
    orderRow = options.ordinal != null ? options.ordinal % rows : hash53(`${study.id}\u0000${participantId}`, 1) % rows;
  }
  return { condition: condition.name, source: overridden ? 'override' : 'hash', bucket, orderRow, stepOrder: orderSteps(study, orderRow) };
}

export function conditionByName(study: Study, name: string): StudyCondition | undefined {
  return study.conditions.find((c) => c.name === name);
}
