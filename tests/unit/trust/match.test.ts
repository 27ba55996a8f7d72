/** OSV range matching: every range form, PEP 440 edge cases, withdrawn records, bad input. */
import { describe, expect, it } from 'vitest';
import { AdvisoryIndex, nextFixed, OsvError, parseOsvText, readOsvDocument, readOsvRecord, type Advisory } from '../../../src/core/index.ts';

type Event = Record<string, string>;

function advisory(events: Event[] | null, versions: string[] = [], extra: Partial<Record<string, unknown>> = {}): Advisory {
  return readOsvRecord({
    id: 'TEST-1',
    summary: 'a test advisory',
    affected: [{ package: { name: 'Foo_Bar', ecosystem: 'PyPI' }, ...(events ? { ranges: [{ type: 'ECOSYSTEM', events }] } : {}), versions }],
    ...extra,
  });
}

const affects = (a: Advisory, version: string) => new AdvisoryIndex([a]).affecting('foo-bar', version).length > 0;

describe('ECOSYSTEM ranges', () => {
  it.each([
    // introduced 0, fixed
    [[{ introduced: '0' }, { fixed: '1.2' }], '0.1', true],
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.1.9', true],
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2', false],
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2.0', false], // zero padding: 1.2.0 == 1.2
    // pre-releases of the fixed version come before it
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2rc1', true],
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2.dev0', true],
    // post-releases of the fixed version are after it
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2.post1', false],
    // local versions sort after the public one
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.1+ubuntu1', true],
    [[{ introduced: '0' }, { fixed: '1.2' }], '1.2+local', false],
    // epochs
    [[{ introduced: '0' }, { fixed: '1.2' }], '1!0.1', false],
    // introduced at a version
    [[{ introduced: '2.0' }, { fixed: '2.5' }], '1.9', false],
    [[{ introduced: '2.0' }, { fixed: '2.5' }], '2.0', true],
    [[{ introduced: '2.0' }, { fixed: '2.5' }], '2.0a1', false],
    // last_affected: inclusive upper bound
    [[{ introduced: '1.0' }, { last_affected: '1.4' }], '1.4', true],
    [[{ introduced: '1.0' }, { last_affected: '1.4' }], '1.4.post1', false],
    [[{ introduced: '1.0' }, { last_affected: '1.4' }], '1.4.1', false],
    // open range: no fix yet
    [[{ introduced: '0' }], '99.0', true],
    [[{ introduced: '3.0' }], '2.9', false],
    // several introduced/fixed pairs in one range, given out of order
    [[{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '1.0' }, { fixed: '2.3' }], '1.4', true],
    [[{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '1.0' }, { fixed: '2.3' }], '1.7', false],
    [[{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '1.0' }, { fixed: '2.3' }], '2.2', true],
    [[{ fixed: '1.5' }, { introduced: '2.0' }, { introduced: '1.0' }, { fixed: '2.3' }], '2.3', false],
    // limit caps the range
    [[{ introduced: '0' }, { limit: '3.0' }], '2.9', true],
    [[{ introduced: '0' }, { limit: '3.0' }], '3.0', false],
  ] as const)('%j holds %s: %s', (events, version, expected) => {
    expect(affects(advisory(events.map((e) => ({ ...e }))), version)).toBe(expected);
  });

  it('skips events that are not PEP 440, and says so', () => {
    const a = advisory([{ introduced: '0' }, { fixed: 'abc123' }]);
    const index = new AdvisoryIndex([a]);
    expect(index.affecting('foo-bar', '5.0').map((h) => h.id)).toEqual(['TEST-1']);
    expect(index.problems[0]!.message).toContain('"abc123" is not a PEP 440 version');
  });

  it('ignores GIT and SEMVER ranges', () => {
    const a = readOsvRecord({ id: 'G', affected: [{ package: { name: 'foo-bar', ecosystem: 'PyPI' }, ranges: [{ type: 'GIT', repo: 'x', events: [{ introduced: '0' }] }] }] });
    expect(affects(a, '1.0')).toBe(false);
  });
});

describe('versions lists', () => {
  it('match by PEP 440 equality', () => {
    const a = advisory(null, ['1.0', '2.0.0']);
    expect(affects(a, '1.0.0')).toBe(true);
    expect(affects(a, '2.0')).toBe(true);
    expect(affects(a, '1.0.1')).toBe(false);
  });
  it('match versions that are not PEP 440 by their exact string only', () => {
    const a = advisory(null, ['0.1-bulbasaur']);
    expect(affects(a, '0.1-bulbasaur')).toBe(true);
    expect(affects(a, '0.1')).toBe(false);
  });
  it('count together with ranges (the OSV rule: either one)', () => {
    const a = advisory([{ introduced: '0' }, { fixed: '1.0' }], ['1.5']);
    expect(affects(a, '0.9')).toBe(true);
    expect(affects(a, '1.5')).toBe(true);
    expect(affects(a, '1.2')).toBe(false);
  });
});

describe('records', () => {
  it('a withdrawn record affects nothing', () => {
    expect(affects(advisory([{ introduced: '0' }], [], { withdrawn: '2024-01-01T00:00:00Z' }), '1.0')).toBe(false);
  });
  it('other ecosystems are not matched; names are PEP 503-normalised', () => {
    const a = readOsvRecord({ id: 'X', affected: [{ package: { name: 'foo', ecosystem: 'npm' }, versions: ['1.0'] }, { package: { name: 'Foo.Bar', ecosystem: 'PyPI' }, versions: ['1.0'] }] });
    const index = new AdvisoryIndex([a]);
    expect(index.affecting('foo', '1.0')).toEqual([]);
    expect(index.affecting('FOO_BAR', '1.0').map((h) => h.id)).toEqual(['X']);
  });
  it('hits carry the summary (or the first sentence of the details), aliases and fixed versions', () => {
    const a = readOsvRecord({
      id: 'PYSEC-1',
      details: 'Foo before 1.2 lets attackers in. More words.',
      aliases: ['CVE-2024-1', 'GHSA-xxxx'],
      affected: [{ package: { name: 'foo', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2' }, { introduced: '2.0' }, { fixed: '2.0.3' }] }] }],
    });
    const [hit] = new AdvisoryIndex([a]).affecting('foo', '2.0.1');
    expect(hit).toMatchObject({ id: 'PYSEC-1', summary: 'Foo before 1.2 lets attackers in.', aliases: ['CVE-2024-1', 'GHSA-xxxx'], fixed: ['1.2', '2.0.3'] });
    expect(nextFixed([hit!], '2.0.1')).toBe('2.0.3');
    expect(nextFixed([hit!], '0.5')).toBe('1.2');
    expect(nextFixed([hit!], '3.0')).toBeNull();
  });
  it('a bad record is named with where it is; the rest are kept', () => {
    const read = readOsvDocument({ format: 'osv-list/1', advisories: [{ id: 'OK', affected: [] }, { id: 'BAD', affected: [{ package: { name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1' }] }] }] }] });
    expect(read.advisories.map((a) => a.id)).toEqual(['OK']);
    expect(read.problems[0]!.message).toBe('advisories[1].affected[0].ranges[0].events[0]: expected exactly one of introduced, fixed, last_affected, limit');
  });
  it('text that is not JSON or not OSV is refused with the reason', () => {
    expect(() => parseOsvText('{', 'a.json')).toThrow(OsvError);
    expect(() => parseOsvText('{"format": "index-snapshot/1", "projects": {}}', 'a.json')).toThrow(/a\.json: expected OSV advisories/);
    expect(() => parseOsvText('{"format": "osv-list/2", "advisories": []}', 'a.json')).toThrow(/format: expected "osv-list\/1"/);
  });
  it('one record, a list, and an osv-list document all read', () => {
    const record = { id: 'A', affected: [] };
    expect(readOsvDocument(record).advisories).toHaveLength(1);
    expect(readOsvDocument([record, { ...record, id: 'B' }]).advisories).toHaveLength(2);
    expect(readOsvDocument({ advisories: [record] }).advisories).toHaveLength(1);
  });
});
