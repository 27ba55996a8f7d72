/** What the study page's sender does with each failure, and the `refused` event it puts in a refused event's place. */
import { describe, expect, it } from 'vitest';
import type { StoredStudyEvent } from '../../../src/cache/study-records.ts';
import { checkEvent } from '../../../src/core/index.ts';
import { ServerError } from '../../../src/ui/views/study/api.ts';
import { deviceLog, deviceLogName } from '../../../src/ui/views/study/device-log.ts';
import { afterFailure, refusedIndex, setAside, type AfterFailure, type Refusal } from '../../../src/ui/views/study/refusal.ts';

/** A stored event as the page sends it: without its session, condition and state. */
const sentForm = ({ id, seq, type, step, wall, mono, data }: StoredStudyEvent) => ({ id, seq, type, step, wall, mono, data });
const refusedAs = (status: number, field: string | null) => new ServerError(status, `refused ${status}`, null, field);

describe('afterFailure', () => {
  it.each([
    ['offline (fetch throws)', new TypeError('Failed to fetch'), 5, { kind: 'retry' }],
    ['the server failing', refusedAs(500, null), 5, { kind: 'retry' }],
    ['the server restarting behind a proxy', refusedAs(502, null), 5, { kind: 'retry' }],
    ['too many requests', refusedAs(429, 'rate'), 5, { kind: 'retry' }],
    ['a proxy timing out', refusedAs(408, null), 5, { kind: 'retry' }],
    ['an answer that is not the study server’s', refusedAs(200, null), 5, { kind: 'retry' }],
    ['the server keeping no more, for now', refusedAs(507, 'storage'), 5, { kind: 'hold', heals: true }],
    ['a token that is not the session’s', refusedAs(403, 'authorization'), 5, { kind: 'hold', heals: false }],
    ['no token', refusedAs(401, 'authorization'), 5, { kind: 'hold', heals: false }],
    ['no such session', refusedAs(404, 'session'), 5, { kind: 'hold', heals: false }],
    ['a host the server does not answer to', refusedAs(403, 'host'), 5, { kind: 'hold', heals: false }],
    ['the wrong content type', refusedAs(415, 'content-type'), 5, { kind: 'hold', heals: false }],
    ['a proxy’s 400 page, naming nothing', refusedAs(400, null), 5, { kind: 'hold', heals: false }],
    ['a researcher’s note whose proof does not match', refusedAs(403, 'events.2.proof'), 5, { kind: 'set-aside', index: 2 }],
    ['a malformed event', refusedAs(400, 'events.0.wall'), 5, { kind: 'set-aside', index: 0 }],
    ['an event refused whole', refusedAs(400, 'events.4'), 5, { kind: 'set-aside', index: 4 }],
    ['an event past the batch', refusedAs(400, 'events.7.wall'), 5, { kind: 'one-at-a-time' }],
    ['a batch too large', refusedAs(413, 'body'), 5, { kind: 'one-at-a-time' }],
    ['an event too large alone', refusedAs(413, 'body'), 1, { kind: 'set-aside', index: 0 }],
    ['a batch the server can’t read', refusedAs(400, 'events'), 3, { kind: 'one-at-a-time' }],
  ] as [string, unknown, number, AfterFailure][])('%s', (_what, error, batchLength, expected) => {
    expect(afterFailure(error, batchLength)).toEqual(expected);
  });

  it('reads the event a field names', () => {
    expect([refusedIndex('events.12.data.text'), refusedIndex('events.3'), refusedIndex('events'), refusedIndex('eventsX.1'), refusedIndex(null)]).toEqual([12, 3, null, null, null]);
  });
});

describe('setAside', () => {
  const refusal: Refusal = { status: 403, field: 'events.1.proof', reason: 'events.1: a "note" event (the researcher’s note) has a proof that does not match it', at: '2026-01-01T00:10:00.000Z' };
  const note: StoredStudyEvent = { id: 'note-1-xxxxxxxx', seq: 7, type: 'note', step: 'fix-numpy', wall: '2026-01-01T00:05:00.000Z', mono: 5000.25, data: { text: 'Secret-ish remark', by: 'researcher' }, proof: 'a'.repeat(64), session: 's1', condition: 'lab', sent: 0 };

  it('keeps the event as it was, marked refused, and puts a refused event with its seq, step and times in its place', () => {
    const done = setAside(note, refusal, 'marker-xxxxxxxx')!;
    expect(done.refused).toEqual({ ...note, refused: refusal });
    expect(done.marker).toEqual({
      id: 'marker-xxxxxxxx',
      seq: 7,
      type: 'refused',
      step: 'fix-numpy',
      wall: note.wall,
      mono: 5000.25,
      data: { eventId: note.id, eventType: 'note', status: 403, reason: refusal.reason, setAsideAt: refusal.at },
      session: 's1',
      condition: 'lab',
      sent: 0,
    });
    // The note's text and proof stay on the device; the marker is one the server takes.
    expect(JSON.stringify(done.marker)).not.toContain('Secret-ish');
    expect(() => checkEvent(sentForm(done.marker!), 'marker')).not.toThrow();
  });

  it('makes a marker the server takes when the event was refused for its step or its time', () => {
    const broken = { ...note, step: '../x', wall: 'yesterday', mono: -1 } as StoredStudyEvent;
    const marker = setAside(broken, { ...refusal, reason: 'x'.repeat(5000) }, 'marker-xxxxxxxx')!.marker!;
    expect(marker).toMatchObject({ step: null, wall: refusal.at, mono: 0 });
    expect((marker.data.reason as string).length).toBe(1000);
    expect(() => checkEvent(sentForm(marker), 'marker')).not.toThrow();
  });

  it('does nothing to an event sent or set aside already (another tab of the session did)', () => {
    expect(setAside({ ...note, sent: 1 }, refusal, 'marker-xxxxxxxx')).toBeNull();
    expect(setAside({ ...note, refused: refusal }, refusal, 'marker-xxxxxxxx')).toBeNull();
  });

  it('puts nothing in the place of a refused event refused in turn', () => {
    const marker = setAside(note, refusal, 'marker-xxxxxxxx')!.marker!;
    expect(setAside(marker, refusal, 'marker-2-xxxxxxxx')).toEqual({ refused: { ...marker, refused: refusal }, marker: null });
  });
});

describe('deviceLog', () => {
  it('lists every event kept on the device with its state, and a refused one with the server’s reason', () => {
    const base = { seq: 0, type: 'edit', step: 'fix-numpy', wall: '2026-01-01T00:00:00.000Z', mono: 1, data: {}, session: 's1', condition: 'lab' } as const;
    const refusal: Refusal = { status: 400, field: 'events.0.wall', reason: 'bad', at: '2026-01-01T00:10:00.000Z' };
    const log = deviceLog({ studyId: 'pilot', session: 's1', participant: 'P/07', condition: 'lab' }, [
      { ...base, id: 'sent-xxxxxxxx', sent: 1 },
      { ...base, id: 'refused-xxxxxxxx', seq: 1, sent: 0, refused: refusal },
      { ...base, id: 'waiting-xxxxxxxx', seq: 2, sent: 0 },
    ], '2026-01-02T00:00:00.000Z');
    expect(log).toMatchObject({ format: 'pipette-study-device-log/1', study: 'pilot', session: 's1', participant: 'P/07', condition: 'lab', savedAt: '2026-01-02T00:00:00.000Z' });
    expect(log.events.map((e) => [e.id, e.state, e.refused ?? null])).toEqual([['sent-xxxxxxxx', 'sent', null], ['refused-xxxxxxxx', 'refused', refusal], ['waiting-xxxxxxxx', 'waiting', null]]);
    expect(log.events.every((e) => !('session' in e) && !('sent' in e))).toBe(true);
    expect(deviceLogName(log)).toBe('pilot-P_07-device-log.json');
  });
});
