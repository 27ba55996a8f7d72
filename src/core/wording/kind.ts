/**
 * A stable kind id for every failure message (pip #10421 proposes such ids for its errors), so
 * that templates can say it (`{kind}`), the suite can be filtered by it, and tools can count
 * messages of one kind across wording variants. The ids never change once published.
 */
import type { Findings } from '../explain/index.ts';

export const MESSAGE_KINDS = [
  'resolution-impossible',
  'requires-python',
  'yanked',
  'not-found',
  'no-matching-version',
  'no-wheel',
  'prerelease-only',
  'too-new',
  'unreadable-metadata',
  'quarantined',
  'advisory',
  'constraint',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What a person filtering the suite reads for each kind. */
export const KIND_LABELS: Readonly<Record<MessageKind, string>> = {
  'resolution-impossible': 'clash',
  'requires-python': 'Requires-Python',
  yanked: 'yanked',
  'not-found': 'not found',
  'no-matching-version': 'no matching version',
  'no-wheel': 'no wheel',
  'prerelease-only': 'pre-release only',
  'too-new': 'too new',
  quarantined: 'quarantined',
  advisory: 'security advisory',
  constraint: 'constraint',
  'unreadable-metadata': 'unreadable metadata',
};

const BY_CAUSE = {
  yanked: 'yanked',
  requiresPython: 'requires-python',
  prereleaseOnly: 'prerelease-only',
  noWheel: 'no-wheel',
  notFound: 'not-found',
  noMatch: 'no-matching-version',
  tooNew: 'too-new',
  metadata: 'unreadable-metadata',
  quarantined: 'quarantined',
  advisory: 'advisory',
  constraint: 'constraint',
} as const;

/**
 * The kind follows what the messages lead with: a clash with the target Python is
 * `requires-python`; a clash between requirements is `resolution-impossible`; otherwise the
 * first special cause names it.
 */
export function messageKind(f: Pick<Findings, 'clash' | 'causes'>): MessageKind {
  if (f.clash?.package === 'Python') return 'requires-python';
  if (f.clash && f.clash.sides.length >= 2 && f.clash.sides.every((s) => s.requirement !== null)) return 'resolution-impossible';
  for (const cause of f.causes) if (cause.kind !== 'invalidMetadata') return BY_CAUSE[cause.kind];
  return 'resolution-impossible';
}
