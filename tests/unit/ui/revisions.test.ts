/** Which saves would overwrite what another tab saved. */
import { describe, expect, it } from 'vitest';
import { noteRevision, revisionOf, savedElsewhere, seenRevision } from '../../../src/ui/state/revisions.ts';

describe('scenario revisions', () => {
  it('a record never saved over is revision 0', () => {
    expect(revisionOf({})).toBe(0);
    expect(revisionOf(undefined)).toBe(0);
  });

  it('asks only when the stored revision is newer than what this tab saw', () => {
    noteRevision({ id: 'user:a', revision: 3 });
    expect(seenRevision('user:a', { revision: 1 })).toBe(3);
    expect(savedElsewhere({ revision: 3 }, seenRevision('user:a', undefined))).toBe(false);
    expect(savedElsewhere({ revision: 4 }, seenRevision('user:a', undefined))).toBe(true);
    expect(savedElsewhere(undefined, 0)).toBe(false);
    expect(seenRevision('user:unseen', { revision: 2 })).toBe(2);
  });
});
