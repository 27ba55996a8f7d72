// The one-pass scan of a snapshot's text: it accepts exactly what JSON.parse accepts, and finds each project where JSON.parse would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, parseSnapshotText, SnapshotError } from '../../../src/core/index.ts';
import { scanSnapshotText } from '../../../src/core/index/snapshot-scan.ts';

function outcome<T>(run: () => T): { ok: true } | { error: string } {
  try {
    run();
    return { ok: true };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** JSON text with random (valid) whitespace between tokens. */
const spaced = fc.tuple(fc.jsonValue(), fc.constantFrom('', ' ', '\n', '\t', '\r\n  ')).map(([value, space]) => JSON.stringify(value, null, space));

const snapshots = fc
  .dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '17', '2', '017', 'a"b', 'é\\n', 'requests')), fc.jsonValue(), { maxKeys: 8 })
  .map((projects) => ({ format: 'index-snapshot/1', source: 'generated', projects }));

describe('scanning a snapshot text', () => {
  it('finds every project where JSON.parse puts it, in the same order, with the same value', () => {
    fc.assert(
      fc.property(snapshots, fc.constantFrom('', ' ', '\n  '), (snapshot, space) => {
        const text = JSON.stringify(snapshot, null, space);
        const scanned = scanSnapshotText(text)!;
        const parsed = JSON.parse(text) as { projects: Record<string, unknown> };
        expect([...scanned.projects.keys()]).toEqual(Object.keys(parsed.projects));
        for (const [name, span] of scanned.projects) expect(JSON.parse(text.slice(span.start, span.end))).toEqual(parsed.projects[name]);
        expect(scanned.root).toEqual({ format: 'index-snapshot/1', source: 'generated' });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts any JSON, and refuses broken text with JSON.parse\'s own words', () => {
    fc.assert(
      fc.property(spaced, fc.nat(), fc.constantFrom('', '"', '{', '}', ',', ':', '\\', '01', '-', '1e', 'tru', '\u0001', ']'), fc.boolean(), (text, at, piece, cut) => {
        expect(outcome(() => scanSnapshotText(text))).toEqual({ ok: true });
        const i = text.length ? at % text.length : 0;
        const broken = cut ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + piece + text.slice(i);
        expect(outcome(() => scanSnapshotText(broken))).toEqual(outcome(() => JSON.parse(broken)));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a repeated project keeps its first place and its last value', '{"projects": {"a": 1, "b": 2, "a": 3}}', [['a', '3'], ['b', '2']]],
    ['array-index names come first, in numeric order', '{"projects": {"x": 0, "10": 1, "2": 2, "02": 3}}', [['2', '2'], ['10', '1'], ['x', '0'], ['02', '3']]],
    ['escaped names are unescaped', '{"projects": {"a\\u0062\\"": {}}}', [['ab"', '{}']]],
  ])('%s', (_, text, expected) => {
    const scanned = scanSnapshotText(text)!;
    expect([...scanned.projects].map(([name, span]) => [name, text.slice(span.start, span.end)])).toEqual(expected);
  });

  it('leaves to JSON.parse what it cannot follow: projects that are not an object, nesting too deep', () => {
    expect(scanSnapshotText('{"projects": []}')).toBeNull();
    expect(scanSnapshotText('[1]')).toBeNull();
    const deep = `{"projects": {"a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
    expect(outcome(() => scanSnapshotText(deep))).toEqual(outcome(() => JSON.parse(deep)));
  });
});

describe('a snapshot read lazily from its text', () => {
  const text = JSON.stringify({
    format: 'index-snapshot/1',
    source: 'test',
    environment: { python_version: '3.11' },
    projects: { Flask: { versions: { '2.0': { requires_dist: ['click>=8'] }, bad: {} } }, click: { versions: { '8.1': {} } }, broken: { versions: [] } },
  });

  it('gives the same projects and load data as reading it whole', () => {
    const lazy = parseSnapshotText(text, undefined, { lazy: true, file: 'x.json' });
    const whole = loadSnapshot({ ...JSON.parse(text), projects: { ...JSON.parse(text).projects, broken: { versions: {} } } });
    expect(lazy.index.source).toBe('test');
    expect(lazy.index.environment).toEqual({ python_version: '3.11' });
    expect(lazy.index.projects.get('flask')).toEqual(whole.index.projects.get('flask'));
    expect(lazy.index.projects.get('click')).toEqual(whole.index.projects.get('click'));
    expect(() => lazy.index.projects.get('broken')).toThrow(new SnapshotError('projects.broken.versions', 'expected an object, found an array', 'x.json'));
  });

  it('says what is wrong with text that is not JSON, as reading it whole does', () => {
    const broken = text.replace('"click"', '"click" "');
    expect(outcome(() => parseSnapshotText(broken, undefined, { lazy: true }))).toEqual(outcome(() => parseSnapshotText(broken)));
    expect(() => parseSnapshotText(broken, undefined, { lazy: true })).toThrow(/^not valid JSON \(/);
    expect(() => parseSnapshotText('{"format": "x", "projects": {}}', undefined, { lazy: true })).toThrow('format: expected "index-snapshot/1"');
  });
});
