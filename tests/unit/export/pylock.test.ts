import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { makeTarget } from '../../../src/core/environment/index.ts';
import { toPylock } from '../../../src/core/export/pylock.ts';
import { loadScenarioIndex, parseScenarioFile, scenarioRequest } from '../../../src/core/export/scenario-file.ts';
import { IndexProvider } from '../../../src/core/index/provider.ts';
import { resolve } from '../../../src/core/solver/index.ts';
import { givenFiles, resolveFixture } from './fixture.ts';

interface LockedFile {
  name: string;
  url: string;
  'upload-time'?: unknown;
  hashes?: Record<string, string>;
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

/** The comment at the top, as one line of words. */
function headerOf(text: string): string {
  const header = text.slice(0, text.indexOf('lock-version'));
  expect(header.split('\n').filter(Boolean).every((line) => line.startsWith('#'))).toBe(true);
  return header.replace(/^# ?/gm, '').replace(/\s+/g, ' ').trim();
}

const SHA256 = 'ccc7b99a56aa02619b924e1858507b1cbc3c984ec712357eab190a9b41c4da7c';
const SHA512 = 'ab'.repeat(64);

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
    const text = toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl), indexUrl: 'https://ci:s3cret@private.example/simple/' });
    expect(text).not.toContain('s3cret');
    const lock = parse(text) as Record<string, unknown>;
    expect(lockedPackage(lock, 'flask').wheels).toMatchObject([{ name: 'Flask-2.0.0-py3-none-any.whl', url: 'https://files.private.example/flask/Flask-2.0.0-py3-none-any.whl' }]);
    expect(lockedPackage(lock, 'srconly').sdist).toMatchObject({ name: 'srconly-1.0.tar.gz', url: 'https://files.private.example/srconly/srconly-1.0.tar.gz' });
    expect(lockedPackage(lock, 'flask').index).toBe('https://private.example/simple/');
    const header = headerOf(text);
    // A file the index gave comes with the hashes it gave: here none.
    expect(header).toContain('NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and the index gave no hashes for these files, so no wheel or sdist below has one.');
    expect(header).toContain('The file names and URLs are the ones the index gave.');
    expect(header).not.toContain('placeholder');
  });

  it('says which file names are inferred when the index gave only some', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string): string | undefined => (key === 'flask' ? 'https://files.example/flask/Flask-2.0.0-py3-none-any.whl' : undefined);
    const header = headerOf(toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl) }));
    expect(header).toContain('File names are inferred from wheel tags where the index gave none, and the URLs are placeholders (pipette-synthetic).');
  });

  it('locks each file with the hashes its index gave, and says at the top that every file has them', async () => {
    const { success, index, target } = await resolveFixture();
    const asked: [string, string, string | null][] = [];
    const givenFileUrl = (key: string, version: string, wheelTag: string | null) => `https://files.example/${key}/${key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}`;
    const givenFileHashes = (key: string, version: string, wheelTag: string | null): Record<string, string> => {
      asked.push([key, version, wheelTag]);
      return key === 'flask' ? { sha512: SHA512, sha256: SHA256 } : { sha256: SHA256 };
    };
    const text = toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl, givenFileHashes) });
    const lock = parse(text) as Record<string, unknown>;
    expect(lockedPackage(lock, 'flask').wheels?.[0]?.hashes).toEqual({ sha512: SHA512, sha256: SHA256 });
    expect(lockedPackage(lock, 'srconly').sdist?.hashes).toEqual({ sha256: SHA256 });
    for (const p of packagesOf(lock)) for (const f of [...(p.wheels ?? []), ...(p.sdist ? [p.sdist] : [])]) expect(f.hashes).toBeDefined();
    expect(asked).toContainEqual(['flask', '2.0.0', 'py3-none-any']);
    expect(asked).toContainEqual(['srconly', '1.0', null]);
    const header = headerOf(text);
    expect(header).toContain('Every wheel and sdist below has the hashes its index gave. The file names and URLs are the ones the index gave.');
    expect(header).toContain('Pipette downloaded none of the files');
    expect(header).not.toMatch(/NOT INSTALLABLE|Lock again/);
  });

  it('says at the top how many files and which have no hash when the index gave only some, and that a strict installer refuses the file', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string, version: string, wheelTag: string | null) => `https://files.example/${key}/${key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}`;
    // A hostile or sloppy index: srconly's hash is malformed, so it is as good as none.
    const givenFileHashes = (key: string) => (key === 'flask' ? { sha256: SHA256 } : key === 'srconly' ? { sha256: 'zz' } : undefined);
    const text = toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl, givenFileHashes) });
    const lock = parse(text) as Record<string, unknown>;
    expect(lockedPackage(lock, 'flask').wheels?.[0]?.hashes).toEqual({ sha256: SHA256 });
    expect(lockedPackage(lock, 'srconly').sdist).not.toHaveProperty('hashes');
    expect(text).not.toContain('zz');
    const files = packagesOf(lock).flatMap((p) => [...(p.wheels ?? []), ...(p.sdist ? [p.sdist] : [])]);
    const unhashed = files.filter((f) => f.hashes === undefined);
    expect(unhashed.length).toBe(files.length - 1);
    const header = headerOf(text);
    expect(header).toContain(`NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and ${unhashed.length} of the ${files.length} wheels and sdists below have none (the index gave none):`);
    expect(header).toContain('srconly-1.0.tar.gz');
    expect(header).toContain('An installer that follows the spec will refuse this file; the other files have the hashes their index gave.');
    expect(header).toContain('Lock again against a real index');
  });

  it('says the index gave no hashes when a live index gave none', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string, version: string, wheelTag: string | null) => `https://files.example/${key}/${key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}`;
    const text = toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl, () => ({})) });
    expect(headerOf(text)).toContain('NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and the index gave no hashes for these files, so no wheel or sdist below has one.');
    expect(text).not.toMatch(/hashes\]/);
  });

  it("says Pipette's index data has no hashes when no index gave the files (a snapshot)", async () => {
    const { success, index, target } = await resolveFixture();
    expect(headerOf(toPylock(success, { index, target }))).toContain("NOT INSTALLABLE AS IT IS: pylock.toml requires a hash for every file, and Pipette's index data has no file hashes, so no wheel or sdist below has one.");
  });

  it('takes no hash for a file whose URL the index did not give', async () => {
    const { success, index, target } = await resolveFixture();
    const text = toPylock(success, { index, target, givenFile: givenFiles(() => undefined, () => ({ sha256: SHA256 })) });
    expect(text).not.toContain(SHA256);
    expect(headerOf(text)).toContain('the index gave no hashes for these files');
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

describe('toPylock, with file names from a hostile index', () => {
  it('names a file without a hash in the header with no line break or control character in it, so the comment stays a comment', async () => {
    const { success, index, target } = await resolveFixture();
    const givenFileUrl = (key: string, version: string, wheelTag: string | null) =>
      key === 'srconly' ? `https://files.example/srconly/srconly-1.0%0A%5Bevil%5D%0D%00x${'y'.repeat(300)}.tar.gz` : `https://files.example/${key}/${key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}`;
    const text = toPylock(success, { index, target, givenFile: givenFiles(givenFileUrl, (key): Record<string, string> => (key === 'srconly' ? {} : { sha256: SHA256 })) });
    const lock = parse(text) as Record<string, unknown>;
    expect(lock).not.toHaveProperty('evil');
    expect(lockedPackage(lock, 'srconly').sdist?.name).toBe(`srconly-1.0\n[evil]\r\u0000x${'y'.repeat(300)}.tar.gz`);
    const header = text.slice(0, text.indexOf('lock-version'));
    expect(header).toContain('srconly-1.0\ufffd[evil]\ufffd\ufffdxyyy');
    expect(header).toContain('y…');
    // eslint-disable-next-line no-control-regex
    expect(header).not.toMatch(/[\u0000\r]/);
    expect(header.split('\n').filter(Boolean).every((line) => line.startsWith('#') && line.length <= 200)).toBe(true);
  });
});
