// The pure parsers of src/sources: distribution file names, core metadata, PEP 691 pages, and
// how a page's files become the resolver's candidates.
import { describe, expect, it } from 'vitest';

import { makeTarget } from '../../../src/core/index.ts';
import { candidatesFromPage, closeNames, jsonApiBaseFor, parseCoreMetadata, parseDistributionFilename, parseProjectPage, type IndexRequestError } from '../../../src/sources/index.ts';

describe('parseDistributionFilename', () => {
  it.each([
    ['requests-2.31.0-py3-none-any.whl', 'requests', { kind: 'wheel', version: '2.31.0', tags: 'py3-none-any' }],
    ['numpy-1.26.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'numpy', { kind: 'wheel', version: '1.26.0', tags: 'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64' }],
    ['typing_extensions-4.7.1-py3-none-any.whl', 'typing-extensions', { kind: 'wheel', version: '4.7.1', tags: 'py3-none-any' }],
    ['foo-1.0-1-py3-none-any.whl', 'foo', { kind: 'wheel', version: '1.0', tags: 'py3-none-any' }],
    ['black-23.7.0.tar.gz', 'black', { kind: 'sdist', version: '23.7.0' }],
    ['zope.interface-6.0.tar.gz', 'zope-interface', { kind: 'sdist', version: '6.0' }],
    ['django-cms-3.0.0-rc1.tar.gz', 'django-cms', { kind: 'sdist', version: '3.0.0-rc1' }],
    ['pytest-2.0.0.zip', 'pytest', { kind: 'sdist', version: '2.0.0' }],
    ['pytz-2005k.tar.bz2', 'pytz', { kind: 'sdist', version: '2005k' }],
  ])('%s is a distribution of %s', (filename, key, expected) => {
    expect(parseDistributionFilename(filename, key)).toEqual({ ok: true, file: expected });
  });

  it.each([
    ['numpy-1.5.1.win32-py2.7-nosse.exe', 'numpy', 'other-format'],
    ['pytz-2006g-py2.4.egg', 'pytz', 'other-format'],
    ['requests-2.31.0-py3-none-any.whl', 'urllib3', 'other-project'],
    ['other-1.0.tar.gz', 'requests', 'other-project'],
    ['requests-2.31.0-any.whl', 'requests', 'malformed'],
    ['requests-2.31.0-x-py3-none-any.whl', 'requests', 'malformed'],
  ])('%s for %s: %s', (filename, key, reason) => {
    expect(parseDistributionFilename(filename, key)).toEqual({ ok: false, reason });
  });
});

describe('parseCoreMetadata', () => {
  it('reads the fields a resolver needs, unfolding continuation lines and stopping at the body', () => {
    const text = [
      'Metadata-Version: 2.4',
      'Name: example',
      'Version: 1.0',
      'Requires-Python: >=3.8',
      'Requires-Dist: foo>=1;',
      '  python_version < "3.11"',
      'requires-dist: bar[baz] (>=2.0)',
      'Provides-Extra: baz',
      'Description-Content-Type: text/markdown',
      '',
      'Requires-Dist: not-a-header-in-the-body',
    ].join('\r\n');
    const metadata = parseCoreMetadata(text, 'example-1.0.whl');
    expect(metadata).toMatchObject({
      metadataVersion: '2.4',
      name: 'example',
      version: '1.0',
      requiresPython: '>=3.8',
      requiresDist: ['foo>=1;  python_version < "3.11"', 'bar[baz] (>=2.0)'],
      providesExtra: ['baz'],
      warnings: [],
    });
  });

  it.each(['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '2.3', '2.4'])('accepts Metadata-Version %s without a warning', (version) => {
    expect(parseCoreMetadata(`Metadata-Version: ${version}\nName: a\nVersion: 1\n`, 'a').warnings).toEqual([]);
  });

  it('warns about an unknown Metadata-Version and about lines that are not headers, and reads on', () => {
    const metadata = parseCoreMetadata('Metadata-Version: 3.0\nName: a\nthis is not a header\nRequires-Dist: b\n', 'a-1.whl');
    expect(metadata.requiresDist).toEqual(['b']);
    expect(metadata.warnings.map((w) => w.message)).toEqual([
      'a-1.whl: metadata line 3 is not a "Name: value" header; skipped: "this is not a header"',
      'a-1.whl: Metadata-Version 3.0 is newer than Pipette knows (up to 2.4); read as far as it is understood',
    ]);
  });
});

const PAGE_URL = 'https://index.example/simple/example/';
const page = (files: unknown[], extra: Record<string, unknown> = {}) => ({ meta: { 'api-version': '1.1' }, name: 'example', files, ...extra });
const file = (filename: string, fields: Record<string, unknown> = {}) => ({ filename, url: `../../files/${filename}`, hashes: { sha256: 'ab' }, ...fields });

function parseError(data: unknown): IndexRequestError {
  try {
    parseProjectPage(data, PAGE_URL);
  } catch (error) {
    return error as IndexRequestError;
  }
  throw new Error('expected the page to be refused');
}

describe('parseProjectPage', () => {
  it('resolves file URLs against the page and reads PEP 700, 714 and 792 fields', () => {
    const { page: parsed, warnings } = parseProjectPage(
      page(
        [
          file('example-1.0-py3-none-any.whl', { 'requires-python': '>=3.8', 'upload-time': '2023-01-01T00:00:00.123456Z', size: 10, 'core-metadata': { sha256: 'CD' } }),
          file('example-1.0.tar.gz', { yanked: 'broken', 'data-dist-info-metadata': true }),
        ],
        { versions: ['1.0'], 'project-status': { status: 'archived', reason: 'moved' } },
      ),
      PAGE_URL,
    );
    expect(warnings).toEqual([]);
    expect(parsed).toMatchObject({ name: 'example', apiVersion: '1.1', versions: ['1.0'], status: 'archived', statusReason: 'moved' });
    expect(parsed.files[0]).toEqual({
      filename: 'example-1.0-py3-none-any.whl',
      url: 'https://index.example/files/example-1.0-py3-none-any.whl',
      hashes: { sha256: 'ab' },
      requiresPython: '>=3.8',
      yanked: false,
      uploadTime: '2023-01-01T00:00:00.123456Z',
      size: 10,
      coreMetadata: { hashes: { sha256: 'cd' } },
    });
    expect(parsed.files[1]).toMatchObject({ yanked: 'broken', coreMetadata: { hashes: {} }, uploadTime: null });
  });

  it.each([
    [[], '', 'expected a JSON object'],
    [{ name: 'example', files: [] }, 'meta', 'expected an object, found'],
    [{ meta: { 'api-version': '2.0' }, name: 'example', files: [] }, 'meta.api-version', 'API version 2.0 is not supported'],
    [page({} as unknown as unknown[]), 'files', 'expected a list of files, found an object'],
    [page([file('example-1.0.tar.gz', { yanked: 1 })]), 'files[0].yanked', 'expected true, false or a reason, found the number 1'],
    [page([file('example-1.0.tar.gz', { 'requires-python': 3 })]), 'files[0].requires-python', 'expected a version specifier or null'],
    [page([file('example-1.0.tar.gz', { 'core-metadata': 'yes' })]), 'files[0].core-metadata', 'expected true, false or an object of hashes'],
    [page([file('example-1.0.tar.gz', { size: -1 })]), 'files[0].size', 'expected a whole number of bytes'],
    [page([{ url: 'x', hashes: {} }]), 'files[0].filename', 'expected a file name, found nothing'],
    [page([file('../evil.tar.gz')]), 'files[0].filename', 'expected a file name'],
    [page([], { versions: 'all' }), 'versions', 'expected a list of versions'],
    [page([], { 'project-status': 'archived' }), 'project-status', 'expected an object'],
  ])('refuses %j, naming %s', (data, where, problem) => {
    const error = parseError(data);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(PAGE_URL);
    if (where) expect(error.message).toContain(`(at ${where})`);
    expect(error.message).toContain(problem);
  });

  it('keeps going, with a warning, past an unknown status, a newer API minor version and an unreadable upload time', () => {
    const { page: parsed, warnings } = parseProjectPage(
      { ...page([file('example-1.0.tar.gz', { 'upload-time': 'yesterday' })], { 'project-status': { status: 'retired' } }), meta: { 'api-version': '1.9' } },
      PAGE_URL,
    );
    expect(parsed.status).toBe('active');
    expect(parsed.files[0]!.uploadTime).toBeNull();
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('newer than 1.4'),
      'example: example-1.0.tar.gz has an unreadable upload time "yesterday"; treated as unknown',
      'example: unknown project status "retired"; treated as active',
    ]);
  });
});

describe('candidatesFromPage', () => {
  const target = makeTarget({ python: '3.12' });
  const parsed = parseProjectPage(
    page(
      [
        file('example-1.0.tar.gz', { 'upload-time': '2020-01-01T00:00:00Z' }),
        file('example-1.0-py2.py3-none-any.whl', { 'upload-time': '2020-01-02T00:00:00Z', 'core-metadata': true }),
        file('example-2.0-cp312-cp312-manylinux_2_17_x86_64.whl', { 'upload-time': '2021-01-01T00:00:00Z', 'core-metadata': true, 'requires-python': '>=3.8' }),
        file('example-2.0-cp311-cp311-win_amd64.whl', { 'upload-time': '2021-01-01T00:00:00Z', 'core-metadata': true, 'requires-python': '>=3.8' }),
        file('example-2.0.post1.tar.gz', { 'upload-time': '2021-02-01T00:00:00Z', yanked: 'bad build' }),
        file('example-3.0b1.tar.gz', { 'upload-time': '2022-01-01T00:00:00Z', yanked: true }),
        file('example-3.0b1-py3-none-any.whl', { 'upload-time': '2022-01-01T00:00:00Z' }),
        file('example-not.a.version.tar.gz'),
        file('example-0.9-py2.4.egg'),
        file('other-1.0.tar.gz'),
      ],
      { versions: ['1.0', '2.0', '2.0.post1', '3.0b1', '3.0.0b1'] },
    ),
    PAGE_URL,
  ).page;

  it('gathers files per version: sorted, tags united, sdist known, yanked only when every file is', () => {
    const { project, metadataFiles } = candidatesFromPage(parsed, 'example', { target });
    expect(project.candidates.map((c) => [c.version.text, c.sdist, c.wheelTags, c.yanked, c.requiresPython, c.uploadTime])).toEqual([
      ['1.0', true, ['py2.py3-none-any'], false, null, '2020-01-01T00:00:00Z'],
      ['2.0', false, ['cp312-cp312-manylinux_2_17_x86_64', 'cp311-cp311-win_amd64'], false, '>=3.8', '2021-01-01T00:00:00Z'],
      ['2.0.post1', true, [], 'bad build', null, '2021-02-01T00:00:00Z'],
      // The yanked sdist is left out; the wheel stands.
      ['3.0b1', false, ['py3-none-any'], false, null, '2022-01-01T00:00:00Z'],
    ]);
    // The wheel the target installs first.
    expect(metadataFiles[1]!.map((f) => f.filename)).toEqual(['example-2.0-cp312-cp312-manylinux_2_17_x86_64.whl', 'example-2.0-cp311-cp311-win_amd64.whl']);
    expect(metadataFiles[2]).toEqual([]);
    expect(project.warnings.map((w) => w.message)).toEqual([
      'example: skipped 1 version that is not valid PEP 440: not.a.version',
      'example: skipped 1 file named for another project: other-1.0.tar.gz',
    ]);
  });

  it("reads the metadata of the copy pip would take when a page lists one file twice: the last", () => {
    // Two indexes' pages merged (--extra-index-url): the same wheel and sdist from each, main first.
    const twice = parseProjectPage(
      page([
        file('example-1.0-py3-none-any.whl', { url: 'https://main.example/files/example-1.0-py3-none-any.whl', 'core-metadata': true }),
        file('example-1.0.tar.gz', { url: 'https://main.example/files/example-1.0.tar.gz', 'core-metadata': true }),
        file('example-1.0-py3-none-any.whl', { url: 'https://extra.example/files/example-1.0-py3-none-any.whl', 'core-metadata': true }),
        file('example-1.0.tar.gz', { url: 'https://extra.example/files/example-1.0.tar.gz', 'core-metadata': true }),
      ]),
      PAGE_URL,
    ).page;
    for (const options of [{ target }, {}]) {
      const { metadataFiles, distributions } = candidatesFromPage(twice, 'example', options);
      expect(metadataFiles[0]!.map((f) => f.url)).toEqual([
        'https://extra.example/files/example-1.0-py3-none-any.whl',
        'https://main.example/files/example-1.0-py3-none-any.whl',
        'https://extra.example/files/example-1.0.tar.gz',
        'https://main.example/files/example-1.0.tar.gz',
      ]);
      expect(distributions[0]!.map((d) => d.url)).toHaveLength(4);
    }
  });

  it('keeps only the files uploaded before the "as of" date', () => {
    const { project, filesAfterAsOf } = candidatesFromPage(parsed, 'example', { asOf: '2021-01-15T00:00:00Z' });
    expect(project.candidates.map((c) => c.version.text)).toEqual(['1.0', '2.0']);
    expect(filesAfterAsOf).toBe(3);
  });
});

describe('close names and the JSON API base', () => {
  it.each([
    ['reqeusts', ['requests']],
    ['request', ['requests']],
    ['Django-Rest-Framework', ['djangorestframework']],
    ['left-pad', []],
    ['numpyy', ['numpy']],
    ['scikitlearn', ['scikit-learn']],
  ])('%s is close to %j', (missing, expected) => {
    expect(closeNames(missing, ['requests', 'numpy', 'scikit-learn', 'djangorestframework'])).toEqual(expected);
  });

  it.each([
    ['https://pypi.org/simple/', 'https://pypi.org/pypi/'],
    ['https://pypi.org/simple', 'https://pypi.org/pypi/'],
    ['https://test.pypi.org/simple/', 'https://test.pypi.org/pypi/'],
    ['https://mirror.example/simple/', null],
    ['not a url', null],
  ])('%s has the JSON API %s', (indexUrl, expected) => {
    expect(jsonApiBaseFor(indexUrl)).toBe(expected);
  });
});

describe("a file's hashes, for the exports", () => {
  const SHA256 = 'ccc7b99a56aa02619b924e1858507b1cbc3c984ec712357eab190a9b41c4da7c';
  const SHA512 = 'ab'.repeat(64);
  const distributionHashes = (files: unknown[]) => candidatesFromPage(parseProjectPage(page(files), PAGE_URL).page, 'example').distributions.flat().map((d) => d.hashes);

  it("merges a JSON file URL's #sha256= fragment over its hashes object, as pip's Link does", () => {
    const { page: parsed } = parseProjectPage(
      page([
        file('example-1.0.tar.gz', { url: `../../files/example-1.0.tar.gz#sha256=${SHA256.toUpperCase()}`, hashes: { sha512: SHA512 } }),
        file('example-1.1.tar.gz', { url: `../../files/example-1.1.tar.gz#sha256=${SHA256}`, hashes: { sha256: 'ab', md5: '0'.repeat(32) } }),
      ]),
      PAGE_URL,
    );
    expect(parsed.files.map((f) => f.hashes)).toEqual([
      { sha512: SHA512, sha256: SHA256 },
      { sha256: SHA256, md5: '0'.repeat(32) },
    ]);
  });

  it('gives each distribution only the well-formed hashes, in page order', () => {
    expect(
      distributionHashes([
        file('example-1.0.tar.gz', { hashes: { sha256: SHA256 } }),
        file('example-1.1.tar.gz', { hashes: { blake2b_256: SHA256, sha512: SHA512, sha256: SHA256 } }),
        file('example-1.2.tar.gz', { hashes: { sha256: 'not hex at all' } }),
        file('example-1.3.tar.gz', { hashes: { sha256: 'a'.repeat(5_000_000) } }),
        file('example-1.4.tar.gz', { hashes: {} }),
      ]),
    ).toEqual([{ sha256: SHA256 }, { sha512: SHA512, sha256: SHA256 }, {}, {}, {}]);
  });

  it('keeps a file whose hashes are of the wrong type, without them, with a warning (the page stays usable)', () => {
    const { page: parsed, warnings } = parseProjectPage(
      page([file('example-1.0.tar.gz', { hashes: 'sha256=ab' }), file('example-1.1.tar.gz', { hashes: { sha256: 64 } }), file('example-1.2.tar.gz', { hashes: [] })]),
      PAGE_URL,
    );
    expect(parsed.files.map((f) => [f.filename, f.hashes])).toEqual([
      ['example-1.0.tar.gz', {}],
      ['example-1.1.tar.gz', {}],
      ['example-1.2.tar.gz', {}],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      'example: example-1.0.tar.gz has unreadable hashes (the string "sha256=ab" at files[0].hashes); the file is kept without them',
      'example: example-1.1.tar.gz has unreadable hashes (the number 64 at files[1].hashes.sha256); the file is kept without them',
      'example: example-1.2.tar.gz has unreadable hashes (a list at files[2].hashes); the file is kept without them',
    ]);
  });
});
