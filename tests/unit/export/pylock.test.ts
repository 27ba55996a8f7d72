import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { makeTarget } from '../../../src/core/environment/index.ts';
import { toPylock } from '../../../src/core/export/pylock.ts';
import { loadScenarioIndex, parseScenarioFile, scenarioRequest } from '../../../src/core/export/scenario-file.ts';
import { IndexProvider } from '../../../src/core/index/provider.ts';
import { resolve } from '../../../src/core/solver/index.ts';
import { resolveFixture } from './fixture.ts';

interface LockedFile {
  name: string;
  url: string;
  'upload-time'?: unknown;
}
interface LockedPackage {
  name: string;
  version: string;
  'requires-python'?: string;
  index?: string;
  dependencies?: { name: string }[];
  wheels?: LockedFile[];
  sdist?: LockedFile;
}

function packagesOf(lock: Record<string, unknown>): LockedPackage[] {
  return lock.packages as LockedPackage[];
}

function lockedPackage(lock: Record<string, unknown>, name: string): LockedPackage {
  const found = packagesOf(lock).find((p) => p.name === name);
  if (!found) throw new Error(`${name} is not locked`);
  return found;
}

describe('toPylock', () => {
  it('writes TOML that parses back, with the top-level fields of lock-version 1.0', async () => {
    const { success, index, target } = await resolveFixture();
    const lock = parse(toPylock(success, { index, target })) as Record<string, unknown>;
    expect(lock['lock-version']).toBe('1.0');
    expect(lock['created-by']).toBe('pipette');
    expect(lock['requires-python']).toBe('==3.12.*');
    expect(lock.environments).toEqual(['python_full_version == "3.12.0" and implementation_name == "cpython" and sys_platform == "linux" and platform_machine == "x86_64"']);
    expect(packagesOf(lock)).toHaveLength(success.packages.length);
  });

  it('says at the top that hashes are missing and the file is not installable as it is', async () => {
    const { success, index, target } = await resolveFixture();
    const text = toPylock(success, { index, target });
    const header = text.slice(0, text.indexOf('lock-version'));
    expect(header).toMatch(/NOT INSTALLABLE AS IT IS/);
    expect(header).toMatch(/no file hashes/);
    expect(header.split('\n').filter(Boolean).every((line) => line.startsWith('#'))).toBe(true);
    expect(text).not.toMatch(/^hashes/m);
  });

  it('locks each package by normalised name, sorted, with its dependencies and its file for the target', async () => {
    const { success, index, target } = await resolveFixture();
    const lock = parse(toPylock(success, { index, target })) as Record<string, unknown>;
    const names = packagesOf(lock).map((p) => p.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('bin-pkg');
    const flask = lockedPackage(lock, 'flask');
    expect(flask).toMatchObject({ version: '2.0.0', 'requires-python': '>=3.6' });
    expect(flask.dependencies).toEqual([{ name: 'asgiref' }, { name: 'werkzeug' }]);
    expect(flask.wheels?.map((w) => w.name)).toEqual(['flask-2.0.0-py3-none-any.whl']);
    expect(flask.wheels?.[0]?.['upload-time']).toBeTruthy();
    expect(flask).not.toHaveProperty('index');
    expect(lockedPackage(lock, 'bin-pkg').wheels?.[0]?.name).toBe('bin_pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    expect(lockedPackage(lock, 'srconly').sdist?.name).toBe('srconly-1.0.tar.gz');
    const locked = new Set(names);
    for (const p of packagesOf(lock)) for (const d of p.dependencies ?? []) expect(locked.has(d.name)).toBe(true);
  });

  it('locks the file where the index put it, by the name the index gave, with no login in the URL', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string, version: string, wheelTag: string | null): string | undefined =>
      `https://ci:s3cret@files.private.example/${key}/${key === 'flask' ? 'Flask' : key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}#sha256=abc`;
    const text = toPylock(success, { index, target, givenFileUrl, indexUrl: 'https://ci:s3cret@private.example/simple/' });
    expect(text).not.toContain('s3cret');
    const lock = parse(text) as Record<string, unknown>;
    expect(lockedPackage(lock, 'flask').wheels).toMatchObject([{ name: 'Flask-2.0.0-py3-none-any.whl', url: 'https://files.private.example/flask/Flask-2.0.0-py3-none-any.whl' }]);
    expect(lockedPackage(lock, 'srconly').sdist).toMatchObject({ name: 'srconly-1.0.tar.gz', url: 'https://files.private.example/srconly/srconly-1.0.tar.gz' });
    expect(lockedPackage(lock, 'flask').index).toBe('https://private.example/simple/');
    const header = text.slice(0, text.indexOf('lock-version'));
    expect(header).toMatch(/no file hashes/);
    expect(header).toContain('The file names and\n# URLs are the ones the index gave.');
    expect(header).not.toContain('placeholder');
  });

  it('says which file names are inferred when the index gave only some', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string): string | undefined => (key === 'flask' ? 'https://files.example/flask/Flask-2.0.0-py3-none-any.whl' : undefined);
    const header = toPylock(success, { index, target, givenFileUrl }).split('lock-version')[0]!;
    expect(header).toContain('# from wheel tags where the index gave none, and the URLs are placeholders (pipette-synthetic).');
  });

  it('names the index when it is known, and locks the target’s own wheel', async () => {
    const { success, index, target } = await resolveFixture(makeTarget({ python: '3.12', os: 'macos' }));
    const lock = parse(toPylock(success, { index, target, indexUrl: 'https://pypi.org/simple' })) as Record<string, unknown>;
    expect(packagesOf(lock).every((p) => p.index === 'https://pypi.org/simple')).toBe(true);
    expect(lockedPackage(lock, 'bin-pkg').wheels?.[0]?.name).toBe('bin_pkg-1.0-cp312-cp312-macosx_11_0_arm64.whl');
    expect((lock.environments as string[])[0]).toContain('sys_platform == "darwin"');
  });

  it('locks the bundled real-world success', async () => {
    const scenario = parseScenarioFile(readFileSync(new URL('../../../public/scenarios/success.json', import.meta.url), 'utf8'));
    const { index } = loadScenarioIndex(scenario);
    const request = scenarioRequest(scenario);
    const result = await resolve(new IndexProvider(index), request);
    if (!result.ok) throw new Error('the success scenario must resolve');
    const lock = parse(toPylock(result, { index, target: request.target })) as Record<string, unknown>;
    expect(packagesOf(lock)).toHaveLength(result.packages.length);
    expect(lockedPackage(lock, 'numpy').wheels?.[0]?.name).toMatch(/^numpy-2\.0\.2-cp311-cp311-manylinux_2_17_x86_64/);
  });
});
