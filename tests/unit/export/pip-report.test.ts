import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTarget, markerEnvironment } from '../../../src/core/environment/index.ts';
import { SYNTHETIC_FILE_BASE_URL } from '../../../src/core/export/distribution.ts';
import { formatPipReport, toPipReport, type PipReportItem } from '../../../src/core/export/pip-report.ts';
import { loadScenarioIndex, parseScenarioFile, scenarioRequest } from '../../../src/core/export/scenario-file.ts';
import { IndexProvider } from '../../../src/core/index/provider.ts';
import { withoutLogin } from '../../../src/core/redact-logins.ts';
import { resolve } from '../../../src/core/solver/index.ts';
import { givenFiles, resolveFixture, SNAPSHOT } from './fixture.ts';

function item(items: readonly PipReportItem[], name: string): PipReportItem {
  const found = items.find((i) => i.metadata.name === name);
  if (!found) throw new Error(`${name} is not in the report`);
  return found;
}

describe('toPipReport', () => {
  it('has the top-level fields of installation report version 1, and says no pip ran', async () => {
    const { success, index, target } = await resolveFixture();
    const report = toPipReport(success, { index, target });
    expect(Object.keys(report)).toEqual(['version', 'pip_version', 'install', 'environment']);
    expect(report.version).toBe('1');
    expect(report.pip_version).toMatch(/Pipette simulation/);
    expect(report.environment).toEqual(markerEnvironment(target));
    expect(report.install.map((i) => i.metadata.name).sort()).toEqual(success.packages.map((p) => p.name).sort());
  });

  it('describes each package with its index metadata and how it was asked for', async () => {
    const { success, index, target } = await resolveFixture();
    const { install } = toPipReport(success, { index, target });
    const flask = item(install, 'Flask');
    expect(flask).toMatchObject({ is_direct: false, is_yanked: false, requested: true, requested_extras: ['async'] });
    expect(flask.metadata).toEqual({
      metadata_version: '2.1',
      name: 'Flask',
      version: '2.0.0',
      requires_dist: SNAPSHOT.projects.Flask.versions['2.0.0'].requires_dist,
      requires_python: '>=3.6',
      provides_extra: ['async'],
    });
    const werkzeug = item(install, 'Werkzeug');
    expect(werkzeug.requested).toBe(false);
    expect(werkzeug).not.toHaveProperty('requested_extras');
    expect(werkzeug.metadata).not.toHaveProperty('requires_dist');
    expect(item(install, 'oldpkg').is_yanked).toBe(true);
    expect(item(install, 'beta').metadata.version).toBe('2.0b1');
  });

  it('lists dependencies before the packages that need them', async () => {
    const { success, index, target } = await resolveFixture();
    const names = toPipReport(success, { index, target }).install.map((i) => i.metadata.name);
    expect(names.indexOf('Werkzeug')).toBeLessThan(names.indexOf('Flask'));
    expect(names.indexOf('asgiref')).toBeLessThan(names.indexOf('Flask'));
  });

  it('points each package at the file the target would use, at a URL marked synthetic, without hashes', async () => {
    const { success, index, target } = await resolveFixture();
    const { install } = toPipReport(success, { index, target });
    for (const i of install) {
      expect(i.download_info.url.startsWith(`${SYNTHETIC_FILE_BASE_URL}/`)).toBe(true);
      expect(i.download_info.archive_info).toEqual({});
    }
    expect(item(install, 'bin.pkg').download_info.url).toBe(`${SYNTHETIC_FILE_BASE_URL}/bin-pkg/bin_pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`);
    expect(item(install, 'srconly').download_info.url).toMatch(/\/srconly\/srconly-1\.0\.tar\.gz$/);
    expect(item(install, 'Flask').download_info.url).toMatch(/\/flask\/flask-2\.0\.0-py3-none-any\.whl$/);
  });

  it('picks the wheel for the target platform, and the base URL the caller gives', async () => {
    const { success, index, target } = await resolveFixture(makeTarget({ python: '3.12', os: 'windows' }));
    const { install, environment } = toPipReport(success, { index, target, fileBaseUrl: 'https://mirror.example/files/' });
    expect(item(install, 'bin.pkg').download_info.url).toBe('https://mirror.example/files/bin-pkg/bin_pkg-1.0-cp312-cp312-win_amd64.whl');
    expect(environment.sys_platform).toBe('win32');
  });

  it('writes the URL the index gave for the file, without its hash fragment or login, as pip 23.2 writes download_info.url', async () => {
    const { success, index, target } = await resolveFixture();
    const asked: [string, string, string | null][] = [];
    // As a live index answers: a file link with a login in it, another without, one it does not know.
    const givenFileUrl: Parameters<typeof givenFiles>[0] = (key, version, wheelTag) => {
      asked.push([key, version, wheelTag]);
      if (key === 'flask') return `https://ci:s3cret@files.private.example/f/Flask-${version}-${wheelTag}.whl#sha256=abc`;
      if (key === 'srconly') return `https://mirror.example/packages/srconly-${version}.tar.gz`;
      return undefined;
    };
    const { install } = toPipReport(success, { index, target, givenFile: givenFiles(givenFileUrl) });
    // pip 23.2.1, its installation report of a file listed as http://u:secretpw@host/files/foo-1.0-py3-none-any.whl
    // by an --extra-index-url page: "url": "http://host/files/foo-1.0-py3-none-any.whl".
    expect(item(install, 'Flask').download_info.url).toBe('https://files.private.example/f/Flask-2.0.0-py3-none-any.whl');
    expect(item(install, 'srconly').download_info.url).toBe('https://mirror.example/packages/srconly-1.0.tar.gz');
    // Asked for the file the target would use: the wheel by its compressed tag, the sdist as null.
    expect(asked).toContainEqual(['flask', '2.0.0', 'py3-none-any']);
    expect(asked).toContainEqual(['srconly', '1.0', null]);
    // A file the index gave no URL for keeps the made-up one.
    expect(item(install, 'bin.pkg').download_info.url).toBe(`${SYNTHETIC_FILE_BASE_URL}/bin-pkg/bin_pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`);
    expect(formatPipReport({ ...toPipReport(success, { index, target, givenFile: givenFiles(givenFileUrl) }) })).not.toContain('s3cret');
  });

  it("writes the file's first hash the index gave as pip 23.2 writes archive_info: hash, then hashes with that one entry", async () => {
    const { success, index, target } = await resolveFixture();
    const sha256 = 'ccc7b99a56aa02619b924e1858507b1cbc3c984ec712357eab190a9b41c4da7c';
    const sha512 = 'ab'.repeat(64);
    const givenFileUrl: Parameters<typeof givenFiles>[0] = (key, version, wheelTag) => (key === 'bin-pkg' ? undefined : `https://files.example/${key}/${key}-${version}${wheelTag === null ? '.tar.gz' : `-${wheelTag}.whl`}#sha256=${sha256}`);
    const givenFileHashes: NonNullable<Parameters<typeof givenFiles>[1]> = (key): Record<string, string> => {
      if (key === 'flask') return { sha512, sha256 };
      if (key === 'srconly') return { sha256 };
      // Malformed or unknown: as good as none.
      if (key === 'werkzeug') return { sha256: 'zz', blake2b_256: sha256 };
      return key === 'bin-pkg' ? { sha256 } : {};
    };
    const report = toPipReport(success, { index, target, givenFile: givenFiles(givenFileUrl, givenFileHashes) });
    // pip 23.2.1 against a local index whose page listed the wheel with hashes {"sha512": …, "sha256": …}:
    // "archive_info": {"hash": "sha512=…", "hashes": {"sha512": "…"}}; with a #sha256= link, the sha256 alike.
    expect(item(report.install, 'Flask').download_info.archive_info).toEqual({ hash: `sha512=${sha512}`, hashes: { sha512 } });
    expect(Object.keys(item(report.install, 'Flask').download_info.archive_info)).toEqual(['hash', 'hashes']);
    expect(item(report.install, 'srconly').download_info).toEqual({ url: 'https://files.example/srconly/srconly-1.0.tar.gz', archive_info: { hash: `sha256=${sha256}`, hashes: { sha256 } } });
    expect(item(report.install, 'Werkzeug').download_info.archive_info).toEqual({});
    expect(item(report.install, 'asgiref').download_info.archive_info).toEqual({});
    // No URL from the index, so no hash either: the file is not known.
    expect(item(report.install, 'bin.pkg').download_info.archive_info).toEqual({});
    expect(formatPipReport(report)).toContain(`"archive_info": {\n          "hash": "sha512=${sha512}",\n          "hashes": {\n            "sha512": "${sha512}"\n          }\n        }`);
  });

  it('formats as JSON that reads back the same', async () => {
    const { success, index, target } = await resolveFixture();
    const report = toPipReport(success, { index, target });
    const text = formatPipReport(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('covers every package of the bundled real-world success', async () => {
    const scenario = parseScenarioFile(readFileSync(new URL('../../../public/scenarios/success.json', import.meta.url), 'utf8'));
    const { index } = loadScenarioIndex(scenario);
    const request = scenarioRequest(scenario);
    const result = await resolve(new IndexProvider(index), request);
    if (!result.ok) throw new Error('the success scenario must resolve');
    const report = toPipReport(result, { index, target: request.target });
    expect(report.install).toHaveLength(result.packages.length);
    expect(item(report.install, 'celery').requested_extras).toEqual(['redis']);
    expect(report.install.filter((i) => i.requested).length).toBe(10);
    expect(report.install.every((i) => /\.(whl|tar\.gz)$/.test(i.download_info.url))).toBe(true);
  });
});

describe('withoutLogin', () => {
  // Each expected value is what pip 23.2.1's DirectUrl(url, ArchiveInfo()).redacted_url returns.
  it.each([
    ['https://user:password@files.example/p/foo-1.0-py3-none-any.whl', 'https://files.example/p/foo-1.0-py3-none-any.whl'],
    ['https://token@files.example/foo-1.0.tar.gz', 'https://files.example/foo-1.0.tar.gz'],
    ['https://user:@files.example/f.whl', 'https://files.example/f.whl'],
    ['https://:pw@files.example/f.whl', 'https://files.example/f.whl'],
    ['https://user%3Aname:%23%40%5E@files.example/f.whl', 'https://files.example/f.whl'],
    ['http://u:pw@127.0.0.1:8080/files/f.whl', 'http://127.0.0.1:8080/files/f.whl'],
    // PEP 610: environment variables hold no secret, and stay.
    ['https://${USER}:password@g.c/u/p.tgz', 'https://g.c/u/p.tgz'],
    ['file://${U}:${PIP_PASSWORD}@g.c/u/p.tgz', 'file://${U}:${PIP_PASSWORD}@g.c/u/p.tgz'],
    ['https://${PIP_TOKEN}@g.c/u/p.tgz', 'https://${PIP_TOKEN}@g.c/u/p.tgz'],
    // An `@` after the authority is no login.
    ['https://files.example/path@version/f.whl', 'https://files.example/path@version/f.whl'],
    ['https://files.example/f.whl?x=a@b', 'https://files.example/f.whl?x=a@b'],
  ])('%s', (url, written) => {
    expect(withoutLogin(url)).toBe(written);
  });

  it('takes the user part up to the last @, so that no part of a password stays (pip splits at the first)', () => {
    expect(withoutLogin('https://user:p@ss@files.example/f.whl')).toBe('https://files.example/f.whl');
  });
});
