// Snapshots read lazily (for resolving) say the same things as snapshots read whole, when a project is asked for.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexProvider, LazyProjects, loadSnapshot, makeTarget, parseRequirement, releaseVersions, resolve, SnapshotError, type DataWarning } from '../../../src/core/index.ts';
import { runCli } from '../../support/run-cli.ts';

const GOOD = {
  format: 'index-snapshot/1',
  projects: {
    app: { versions: { '1.0': { requires_dist: ['lib>=2'] }, '0.9': {} } },
    Lib: { versions: { '2.1': {}, '2.0': {}, 'not.a.version': {}, '2.0.0': {}, '1.0': { yanked: 'broken' } } },
    LIB: { versions: { '9.0': {} } },
    unused: { status: 'archived', status_reason: 'moved', versions: { '1.0': { requires_python: '>=3.8', wheel_tags: ['py3-none-any'] } } },
  },
};

/** A snapshot whose project `bad` is broken at `field` (a path inside its first release, or the project). */
function broken(patch: Record<string, unknown>): unknown {
  return { format: 'index-snapshot/1', projects: { okay: { versions: { '1.0': {} } }, bad: patch } };
}

function thrown(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return (error as SnapshotError).message;
  }
}

const BROKEN: [string, unknown, string][] = [
  ['a project that is not an object', broken([] as unknown as Record<string, unknown>), 'projects.bad: expected an object, found an array'],
  ['an unknown status', broken({ status: 'gone', versions: {} }), 'projects.bad.status: expected one of active, archived, quarantined, deprecated, found "gone"'],
  ['versions as a list', broken({ versions: ['1.0'] }), 'projects.bad.versions: expected an object, found an array'],
  ['a requirement that is not a string', broken({ versions: { '1.0': { requires_dist: ['a', 3] } } }), 'projects.bad.versions.1.0.requires_dist[1]: expected a string, found a number'],
  ['sdist as a string', broken({ versions: { '1.0': { sdist: 'yes' } } }), 'projects.bad.versions.1.0.sdist: expected true or false, found the string "yes"'],
  ['yanked as a number', broken({ versions: { '1.0': { yanked: 1 } } }), 'projects.bad.versions.1.0.yanked: expected true, false or a reason, found a number'],
  ['a status reason that is not text', broken({ versions: {}, status_reason: {} }), 'projects.bad.status_reason: expected a string, found a object'],
  ['a release that is not an object', broken({ versions: { '1.0': 'yes' } }), 'projects.bad.versions.1.0: expected an object, found the string "yes"'],
  ['requirements as a string', broken({ versions: { '1.0': { requires_dist: 'a>=1' } } }), 'projects.bad.versions.1.0.requires_dist: expected a list of strings, found the string "a>=1"'],
  ['extras as a number', broken({ versions: { '1.0': { provides_extra: 2 } } }), 'projects.bad.versions.1.0.provides_extra: expected a list of strings, found a number'],
  ['a wheel tag that is not a string', broken({ versions: { '2.0': {}, '1.0': { wheel_tags: ['py3-none-any', null] } } }), 'projects.bad.versions.1.0.wheel_tags[1]: expected a string, found null'],
  ['Requires-Python as a list', broken({ versions: { '1.0': { requires_python: ['>=3'] } } }), 'projects.bad.versions.1.0.requires_python: expected a string, found an array'],
  ['an upload time as a number', broken({ versions: { '1.0': { upload_time: 1700000000 } } }), 'projects.bad.versions.1.0.upload_time: expected a string, found a number'],
];

describe('lazy snapshot loading', () => {
  it('reads the same projects, in the same order, with the same warnings as reading the whole file', () => {
    const whole = loadSnapshot(GOOD);
    const lazy = loadSnapshot(GOOD, { lazy: true });
    expect(lazy.index.projects).toBeInstanceOf(LazyProjects);
    expect([...lazy.index.projects.keys()]).toEqual([...whole.index.projects.keys()]);
    expect(lazy.index.projects.size).toBe(whole.index.projects.size);
    for (const key of whole.index.projects.keys()) expect(lazy.index.projects.get(key)).toEqual(whole.index.projects.get(key));
    // Read whole, every warning is listed at once; read lazily, the second spelling is known from the names
    // and the rest come with their project.
    const lazyProjects = lazy.index.projects as LazyProjects;
    void [...lazyProjects.values()];
    const all = [...lazy.warnings, ...[...lazyProjects.keys()].flatMap((k) => lazyProjects.warningsOf(k))];
    const byMessage = (ws: readonly DataWarning[]) => ws.map((w) => w.message).sort();
    expect(byMessage(all)).toEqual(byMessage(whole.warnings));
    expect(byMessage(whole.warnings)).toEqual(byMessage([
      'Lib: skipped 1 version that is not valid PEP 440: not.a.version',
      'Lib: version 2.0.0 equals 2.0; kept the first',
      'LIB: the same project as Lib once normalised; kept Lib',
    ].map((message) => ({ kind: 'invalid-field', message }))));
  });

  it('checks and parses a project only when it is asked for, once', () => {
    const lazy = loadSnapshot(GOOD, { lazy: true }).index.projects as LazyProjects;
    expect(lazy.has('unused')).toBe(true);
    expect(lazy.warningsOf('lib')).toEqual([]);
    const lib = lazy.get('lib')!;
    expect(lazy.get('lib')).toBe(lib);
    expect(lib.releases.map((r) => r.version)).toEqual(['1.0', '2.0', '2.1']);
    expect(lazy.warningsOf('lib').map((w) => w.kind)).toEqual(['invalid-version', 'duplicate-version']);
    expect(lazy.get('nothing-here')).toBeUndefined();
    // The versions parsed while reading are the ones the provider hands the resolver.
    const versions = releaseVersions(lib);
    expect(versions.map((v) => v.release)).toEqual([[1, 0], [2, 0], [2, 1]]);
    expect(releaseVersions(lib)).toBe(versions);
  });

  it('hands a project\'s warnings to the resolve that meets it, and no others', async () => {
    const { index, warnings } = loadSnapshot(GOOD, { lazy: true });
    const result = await resolve(new IndexProvider(index, warnings), { requirements: [parseRequirement('app')], target: makeTarget({ python: '3.12' }) });
    expect(result.ok).toBe(true);
    const messages = result.warnings.map((w) => w.message);
    expect(messages).toContain('Lib: skipped 1 version that is not valid PEP 440: not.a.version');
    expect(messages).toContain('LIB: the same project as Lib once normalised; kept Lib');
    expect(messages.some((m) => m.startsWith('unused'))).toBe(false);
  });

  it.each(BROKEN)('says where %s is, read whole at load and read lazily when asked for', (_, data, message) => {
    expect(thrown(() => loadSnapshot(data))).toBe(message);
    const lazy = loadSnapshot(data, { lazy: true, file: 'index.json' });
    expect(lazy.index.projects.get('okay')!.releases).toHaveLength(1);
    expect(thrown(() => lazy.index.projects.get('bad'))).toBe(`index.json: ${message}`);
  });

  it('refuses a snapshot that is not one at load, lazily or not', () => {
    expect(() => loadSnapshot({ format: 'index-snapshot/1', projects: [] }, { lazy: true })).toThrow('projects: expected an object, found an array');
    expect(() => loadSnapshot({ format: 'x', projects: {} }, { lazy: true })).toThrow('format: expected "index-snapshot/1"');
  });

  it('suggests close names without reading every project', () => {
    const { index } = loadSnapshot(broken({ versions: { '1.0': { sdist: 'yes' } } }), { lazy: true });
    expect(new IndexProvider(index).similarNames('okey')).toEqual(['okay']);
  });
});

describe('the CLI on a snapshot with a broken project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipette-lazy-'));
  const file = join(dir, 'index.json');
  writeFileSync(file, JSON.stringify(broken({ versions: { '1.0': { requires_dist: ['a', 3] } } })));
  const where = 'projects.bad.versions.1.0.requires_dist[1]: expected a string, found a number';

  it('resolves what does not touch it', async () => {
    const run = await runCli('resolve', 'okay', '--index', file);
    expect(run.code).toBe(0);
    expect(run.out).toContain('okay==1.0');
  });

  it('stops with the file and the field when a resolve reaches it', async () => {
    const run = await runCli('resolve', 'bad', '--index', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}: ${where}`);
  });

  it('lint-index reads the whole file and refuses it at once', async () => {
    const run = await runCli('lint-index', file);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${file}: ${where}`);
  });
});
