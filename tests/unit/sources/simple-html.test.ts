// The HTML form of the Simple API (PEP 503 and the attributes later PEPs add): pages of the
// shapes real indexes write, character references, quoting, yanked files, metadata attributes,
// and what a broken page says. Both forms must give the same page model: see also
// client.test.ts and live-resolve.test.ts, which read one index in both forms.
import { describe, expect, it } from 'vitest';

import { decodeEntities, parseHtmlProjectList, parseHtmlProjectPage, parseProjectPage, type IndexRequestError, type ProjectFile } from '../../../src/sources/index.ts';

const PAGE_URL = 'https://index.example/simple/example/';

/** A page around some links, as the smallest PEP 503 index writes it. */
const pageWith = (links: string) => `<!DOCTYPE html>\n<html><body>\n${links}\n</body></html>\n`;
const filesOf = (html: string, url = PAGE_URL) => parseHtmlProjectPage(html, url).page.files;

/** The fields HTML carries; PEP 700's are always null in this form. */
const fileRow = (f: ProjectFile) => [f.filename, f.url, f.hashes, f.requiresPython, f.yanked, f.coreMetadata];

describe('decodeEntities', () => {
  it.each([
    ['&gt;=3.8', '>=3.8'],
    ['&gt;=3.6, &lt;4', '>=3.6, <4'],
    ['a &amp; b', 'a & b'],
    ['&quot;quoted&quot;', '"quoted"'],
    ['it&#39;s', "it's"],
    ['it&#x27;s', "it's"],
    ['it&#X27;s', "it's"],
    ['&apos;single&apos;', "'single'"],
    ['&#62;=3', '>=3'],
    // A numeric reference may omit its `;`, a named one may not.
    ['&#62=3', '>=3'],
    ['&gt=3', '&gt=3'],
    // HTML 4's names, as Java and PHP servers write them; HTML5's for ASCII punctuation.
    ['caf&eacute; &copy; &nbsp;', 'café © \u00a0'],
    ['&excl;&equals;1.0&comma; &lt;2&period;0', '!=1.0, <2.0'],
    ['&#x1F40D;', '🐍'],
    // No such code point: U+FFFD, as in HTML.
    ['&#0;', '\uFFFD'],
    ['&#xD800;', '\uFFFD'],
    ['&#x110000;', '\uFFFD'],
    ['&#99999999999999999999999;', '\uFFFD'],
    // Not references: kept as written.
    ['&unknown; &constructor; &#; &#x; & alone', '&unknown; &constructor; &#; &#x; & alone'],
    ['&&amp;&', '&&&'],
    ['&amp;gt;', '&gt;'],
    ['no references', 'no references'],
  ])('%s reads as %s', (text, expected) => {
    expect(decodeEntities(text)).toBe(expected);
  });
});

describe('parseHtmlProjectPage: pages as real indexes write them', () => {
  it("reads PyPI's own HTML (warehouse's template), with PEP 629, 658/714 and 792 tags", () => {
    const html = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '  <head>',
      '    <meta name="pypi:repository-version" content="1.4">',
      '<meta name="pypi:project-status" content="archived"><meta name="pypi:project-status-reason" content="moved to &quot;example-ng&quot;">    <title>Links for Example</title>',
      '  </head>',
      '  <body>',
      '    <h1>Links for Example</h1>',
      '<a href="https://files.example/packages/ab/cd/example-1.0-py3-none-any.whl#sha256=AB12" data-requires-python="&gt;=3.8" data-dist-info-metadata="sha256=cd34" data-core-metadata="sha256=cd34" data-provenance="https://index.example/integrity/example/1.0/example-1.0-py3-none-any.whl/provenance">example-1.0-py3-none-any.whl</a><br />',
      '<a href="https://files.example/packages/ef/01/example-1.0.tar.gz#sha256=ef56" data-requires-python="&gt;=3.8" data-yanked="broken: use 1.0.1 &amp; later" >example-1.0.tar.gz</a><br />',
      '</body>',
      '</html>',
      '<!--SERIAL 22416839-->',
    ].join('\n');
    const { page, warnings } = parseHtmlProjectPage(html, PAGE_URL);
    expect(warnings).toEqual([]);
    expect(page).toMatchObject({ name: 'Example', apiVersion: '1.4', versions: null, status: 'archived', statusReason: 'moved to "example-ng"' });
    expect(page.files).toEqual([
      {
        filename: 'example-1.0-py3-none-any.whl',
        url: 'https://files.example/packages/ab/cd/example-1.0-py3-none-any.whl',
        hashes: { sha256: 'ab12' },
        requiresPython: '>=3.8',
        yanked: false,
        uploadTime: null,
        size: null,
        coreMetadata: { hashes: { sha256: 'cd34' } },
      },
      {
        filename: 'example-1.0.tar.gz',
        url: 'https://files.example/packages/ef/01/example-1.0.tar.gz',
        hashes: { sha256: 'ef56' },
        requiresPython: '>=3.8',
        yanked: 'broken: use 1.0.1 & later',
        uploadTime: null,
        size: null,
        coreMetadata: false,
      },
    ]);
  });

  it('reads a devpi page: a title naming the index, links relative to the page', () => {
    const html = [
      '<!DOCTYPE html>',
      '<html>',
      '  <head>',
      '    <title>root/pypi: links for Flask</title>',
      '  </head>',
      '  <body>',
      '    <h1>root/pypi: links for Flask</h1>',
      '    <a data-requires-python="&gt;=3.8" href="../../+f/8a4/cf0c50a7b7e0e/Flask-2.3.3-py3-none-any.whl#sha256=8a4cf0c50a7b7e0e">Flask-2.3.3-py3-none-any.whl</a><br/>',
      '    <a data-requires-python="&gt;=3.8" data-yanked="" href="../../+f/b6a/2b0e5f5ab5a3c/Flask-2.3.2.tar.gz#sha256=b6a2b0e5f5ab5a3c">Flask-2.3.2.tar.gz</a><br/>',
      '  </body>',
      '</html>',
    ].join('\n');
    const { page } = parseHtmlProjectPage(html, 'https://devpi.example/root/pypi/+simple/flask/');
    expect(page).toMatchObject({ name: 'Flask', apiVersion: '1.0', status: 'active' });
    expect(page.files.map(fileRow)).toEqual([
      ['Flask-2.3.3-py3-none-any.whl', 'https://devpi.example/root/pypi/+f/8a4/cf0c50a7b7e0e/Flask-2.3.3-py3-none-any.whl', { sha256: '8a4cf0c50a7b7e0e' }, '>=3.8', false, false],
      ['Flask-2.3.2.tar.gz', 'https://devpi.example/root/pypi/+f/b6a/2b0e5f5ab5a3c/Flask-2.3.2.tar.gz', { sha256: 'b6a2b0e5f5ab5a3c' }, '>=3.8', '', false],
    ]);
  });

  it('reads a PyTorch-style page: no head, percent-encoded local versions, link text that is not the file name', () => {
    const html = [
      '<!DOCTYPE html>',
      '<html>',
      '  <body>',
      '    <h1>Links for torch</h1>',
      '    <a href="/whl/cu118/torch-2.0.0%2Bcu118-cp310-cp310-linux_x86_64.whl#sha256=4b690e2b77f2" data-requires-python="&gt;=3.8.0">cu118/torch-2.0.0+cu118-cp310-cp310-linux_x86_64.whl</a><br/>',
      '    <a href="../../packages/torch-2.1.0-cp311-none-macosx_11_0_arm64.whl#sha256=0cd2" data-requires-python="&gt;=3.8.0">torch-2.1.0-cp311-none-macosx_11_0_arm64.whl</a><br/>',
      '  </body>',
      '</html>',
    ].join('\n');
    const { page } = parseHtmlProjectPage(html, 'https://download.example/whl/torch/');
    expect(page.name).toBe('torch');
    expect(page.files.map(fileRow)).toEqual([
      ['torch-2.0.0+cu118-cp310-cp310-linux_x86_64.whl', 'https://download.example/whl/cu118/torch-2.0.0%2Bcu118-cp310-cp310-linux_x86_64.whl', { sha256: '4b690e2b77f2' }, '>=3.8.0', false, false],
      ['torch-2.1.0-cp311-none-macosx_11_0_arm64.whl', 'https://download.example/packages/torch-2.1.0-cp311-none-macosx_11_0_arm64.whl', { sha256: '0cd2' }, '>=3.8.0', false, false],
    ]);
  });

  it('reads the smallest PEP 503 page, and a directory listing, skipping links to folders and anchors without href', () => {
    const minimal = '<!doctype html><html><head></head><body><a href="yadt-0.1.2.tar.gz">yadt-0.1.2</a><br/>\n<a href="yadt-1.2.3.tar.gz">yadt-1.2.3</a><br/>\n</body></html>';
    expect(filesOf(minimal, 'http://127.0.0.1:8080/simple/yadt/').map((f) => [f.filename, f.url, f.hashes])).toEqual([
      ['yadt-0.1.2.tar.gz', 'http://127.0.0.1:8080/simple/yadt/yadt-0.1.2.tar.gz', {}],
      ['yadt-1.2.3.tar.gz', 'http://127.0.0.1:8080/simple/yadt/yadt-1.2.3.tar.gz', {}],
    ]);

    const listing = [
      '<html><head><title>Index of /simple/example</title><style>a[href$=".whl"] { color: red }</style></head>',
      '<body><h1>Index of /simple/example</h1>',
      '<script>document.write("<a href=\'injected.whl\'>")</script>',
      '<!-- <a href="commented-out-1.0.tar.gz"> -->',
      '<a name="top"></a>',
      '<table><tr><th><a href="?C=N;O=D">Name</a></th></tr>',
      '<tr><td><a href="/simple/">Parent Directory</a></td></tr>',
      '<tr><td><a href="example-1.0.tar.gz#md5=0123&amp;egg=example">example-1.0.tar.gz</a></td><td>2 < 3</td></tr>',
      '</table></body></html>',
    ].join('\n');
    expect(filesOf(listing).map((f) => [f.filename, f.url, f.hashes])).toEqual([['example-1.0.tar.gz', 'https://index.example/simple/example/example-1.0.tar.gz', { md5: '0123' }]]);
  });

  it("reads a link's hash fragment: known functions only, the first of each, names lower-cased; the exports keep the well-formed", async () => {
    const { candidatesFromPage } = await import('../../../src/sources/index.ts');
    const sha256 = 'bcc47bc45bb6c8a9d806e415b295988128e131651c246e49233ce48a74621964';
    const html = pageWith(
      [
        `<a href="example-1.0-py3-none-any.whl#md5=zz&amp;sha256=${sha256}">example-1.0-py3-none-any.whl</a>`,
        `<a href="example-1.1-py3-none-any.whl#egg=example&amp;SHA256=${sha256.toUpperCase()}&amp;sha256=${'0'.repeat(64)}">example-1.1-py3-none-any.whl</a>`,
        `<a href="example-1.2-py3-none-any.whl#blake2b_256=${sha256}&amp;sha256=">example-1.2-py3-none-any.whl</a>`,
        `<a href="example-1.3-py3-none-any.whl#sha256=${'f'.repeat(100_000)}">example-1.3-py3-none-any.whl</a>`,
      ].join('\n'),
    );
    const { page } = parseHtmlProjectPage(html, PAGE_URL);
    expect(page.files.map((f) => [f.url, Object.keys(f.hashes)])).toEqual([
      ['https://index.example/simple/example/example-1.0-py3-none-any.whl', ['md5', 'sha256']],
      ['https://index.example/simple/example/example-1.1-py3-none-any.whl', ['sha256']],
      ['https://index.example/simple/example/example-1.2-py3-none-any.whl', ['sha256']],
      ['https://index.example/simple/example/example-1.3-py3-none-any.whl', ['sha256']],
    ]);
    expect(page.files[1]!.hashes.sha256).toBe(sha256);
    expect(candidatesFromPage(page, 'example').distributions.map((files) => files[0]!.hashes)).toEqual([{ sha256 }, { sha256 }, {}, {}]);
  });

  it('resolves links against <base href>, and takes the name from the URL when the page names none', () => {
    const html = '<html><head><base href="https://mirror.example/files/"></head><body><a href="example-1.0.tar.gz">example-1.0.tar.gz</a></body></html>';
    const { page } = parseHtmlProjectPage(html, 'https://index.example/simple/Example_Pkg/');
    expect(page.name).toBe('Example_Pkg');
    expect(page.files[0]!.url).toBe('https://mirror.example/files/example-1.0.tar.gz');
    // A title naming another project is not taken for this one's name.
    expect(parseHtmlProjectPage('<title>Links for other</title>', PAGE_URL).page.name).toBe('example');
  });

  it('reads a page without links as a project with no files, not as an error', () => {
    expect(parseHtmlProjectPage('<!DOCTYPE html><html><body><h1>Links for example</h1></body></html>', PAGE_URL)).toEqual({
      page: { name: 'example', apiVersion: '1.0', versions: null, files: [], status: 'active', statusReason: null },
      warnings: [],
    });
  });

  it('gives the same page as the JSON form of the same data, but for what only JSON carries (PEP 700)', () => {
    const json = parseProjectPage(
      {
        meta: { 'api-version': '1.1' },
        name: 'example',
        versions: ['1.0'],
        files: [
          { filename: 'example-1.0-py3-none-any.whl', url: '../../files/example-1.0-py3-none-any.whl', hashes: { sha256: 'ab' }, 'requires-python': '<4,>=3.8', yanked: 'bad', 'core-metadata': { sha256: 'cd' }, size: 10, 'upload-time': '2023-01-01T00:00:00Z' },
          { filename: 'example-1.0.tar.gz', url: '../../files/example-1.0.tar.gz', hashes: { sha256: 'ef' }, yanked: true, 'data-dist-info-metadata': true },
        ],
      },
      PAGE_URL,
    ).page;
    const html = parseHtmlProjectPage(
      pageWith(
        [
          '<meta name="pypi:repository-version" content="1.1"><title>Links for example</title>',
          '<a href="../../files/example-1.0-py3-none-any.whl#sha256=ab" data-requires-python="&lt;4,&gt;=3.8" data-yanked="bad" data-core-metadata="sha256=cd">example-1.0-py3-none-any.whl</a>',
          '<a href="../../files/example-1.0.tar.gz#sha256=ef" data-yanked data-dist-info-metadata="true">example-1.0.tar.gz</a>',
        ].join('\n'),
      ),
      PAGE_URL,
    ).page;
    const withoutPep700 = (page: typeof json) => ({ ...page, versions: null, files: page.files.map((f) => ({ ...f, size: null, uploadTime: null })) });
    expect(html).toEqual(withoutPep700(json));
  });
});

describe('parseHtmlProjectPage: attributes', () => {
  const one = (anchor: string) => filesOf(pageWith(anchor))[0]!;

  it.each([
    ['double quotes', '<a href="example-1.0.tar.gz" data-requires-python="&gt;=3.8">x</a>', { requiresPython: '>=3.8' }],
    ['single quotes', "<a href='example-1.0.tar.gz' data-requires-python='&gt;=3.8'>x</a>", { requiresPython: '>=3.8' }],
    ['no quotes', '<a href=example-1.0.tar.gz data-requires-python=&gt;=3.8>x</a>', { requiresPython: '>=3.8' }],
    ['any case', '<A HREF="example-1.0.tar.gz" Data-Requires-Python="&GT;=3.8">x</A>', { requiresPython: '>=3.8' }],
    ['spaces and new lines around =', '<a\n  href = "example-1.0.tar.gz"\n  data-requires-python =\n"&gt;=3.8"\n>x</a>', { requiresPython: '>=3.8' }],
    ['no space between attributes, self-closing', '<a href="example-1.0.tar.gz"data-requires-python=">=3.8"/>', { requiresPython: '>=3.8' }],
    ['a quote of the other kind inside a value', `<a href="example-1.0.tar.gz" data-yanked="it's broken">x</a>`, { yanked: "it's broken" }],
    ['the first of two same-named attributes', '<a href="example-1.0.tar.gz" href="other-1.0.tar.gz">x</a>', { filename: 'example-1.0.tar.gz' }],
    ['a character reference in the href', '<a href="example-1.0.tar.gz#sha256=ab&amp;md5=cd">x</a>', { hashes: { sha256: 'ab', md5: 'cd' } }],
    ['an empty data-requires-python', '<a href="example-1.0.tar.gz" data-requires-python="">x</a>', { requiresPython: null }],
    ['data-gpg-sig, ignored', '<a href="example-1.0.tar.gz" data-gpg-sig="true">x</a>', { requiresPython: null, yanked: false, coreMetadata: false }],
  ])('%s', (_label, anchor, expected) => {
    expect(one(anchor)).toMatchObject({ filename: 'example-1.0.tar.gz', ...expected });
  });

  it.each([
    ['not yanked', '', false],
    ['yanked, the attribute without a value', ' data-yanked', ''],
    ['yanked, an empty value', ' data-yanked=""', ''],
    ['yanked with a reason', ' data-yanked="CVE-2023-1234: use &gt;=1.0.1"', 'CVE-2023-1234: use >=1.0.1'],
  ])('%s', (_label, attribute, yanked) => {
    expect(one(`<a href="example-1.0.tar.gz"${attribute}>x</a>`).yanked).toBe(yanked);
  });

  it.each([
    ['no metadata attribute', '', false],
    ['data-core-metadata="true"', ' data-core-metadata="true"', { hashes: {} }],
    ['data-core-metadata with a hash', ' data-core-metadata="sha256=ABCD"', { hashes: { sha256: 'abcd' } }],
    ['data-dist-info-metadata (PEP 658) with a hash', ' data-dist-info-metadata="sha256=ab"', { hashes: { sha256: 'ab' } }],
    ['data-dist-info-metadata="true"', ' data-dist-info-metadata=true', { hashes: {} }],
    ['both: PEP 714 core-metadata wins', ' data-dist-info-metadata="true" data-core-metadata="sha512=ef"', { hashes: { sha512: 'ef' } }],
    ['data-core-metadata="false"', ' data-core-metadata="false"', false],
  ])('%s', (_label, attribute, coreMetadata) => {
    expect(one(`<a href="example-1.0-py3-none-any.whl"${attribute}>x</a>`).coreMetadata).toEqual(coreMetadata);
  });
});

function htmlError(html: string, url = PAGE_URL, parse: (html: string, url: string) => unknown = parseHtmlProjectPage): IndexRequestError {
  try {
    parse(html, url);
  } catch (error) {
    return error as IndexRequestError;
  }
  throw new Error('expected the page to be refused');
}

describe('parseHtmlProjectPage: malformed pages', () => {
  it.each([
    ['<a href="example-1.0.tar.gz', 'line 1, column 9', 'the page ends inside the quoted value of href that starts here; the body may have been cut off'],
    ['<html>\n<body>\n  <a href=example-1.0.tar.gz data-yanked', 'line 3, column 3', 'the page ends inside the <a> tag that starts here; the body may have been cut off'],
    ['<html><!-- <a href="example-1.0.tar.gz">', 'line 1, column 7', 'the page ends inside the comment that starts here'],
    ['<script>var link = "<a href=x.whl>";', 'line 1, column 1', 'the page ends inside the <script> element that starts here'],
    ['<title>Links for example', 'line 1, column 1', 'the page ends inside the <title> element that starts here'],
    ['<a href="https://[::1/example-1.0.tar.gz">x</a>', 'line 1, column 1, href', '"https://[::1/example-1.0.tar.gz" is not a URL'],
    ['<p>\n<a href="a%2Fb-1.0.tar.gz">x</a>', 'line 2, column 1, href', 'the file name "a/b-1.0.tar.gz" contains a path separator'],
    ['<a href="example-%E0%A4%A.tar.gz">x</a>', 'line 1, column 1, href', 'the file name "example-%E0%A4%A.tar.gz" is not valid percent-encoding'],
    ['<a href="example-1.0.whl" data-core-metadata="yes">x</a>', 'line 1, column 1, data-core-metadata', 'expected "true" or a hash such as "sha256=<hex digest>", found "yes"'],
    ['<a href="example-1.0.whl" data-dist-info-metadata="sha256:ab">x</a>', 'line 1, column 1, data-dist-info-metadata', 'found "sha256:ab"'],
    ['<head>\n<meta name="pypi:repository-version" content="2.0">', 'line 2, column 1, <meta name="pypi:repository-version">', 'API version 2.0 is not supported (Pipette reads version 1.x)'],
    ['<meta name="pypi:repository-version" content="latest">', 'line 1, column 1, <meta name="pypi:repository-version">', 'expected a version such as "1.0", found "latest"'],
    ['{"meta": {"api-version": "1.1"}, "name": "example", "files": []}', '', 'not an HTML page: it has no markup at all (it starts "{\\"meta\\": {\\"api-version\\"'],
    ['', '', 'not an HTML page: the body is empty'],
  ])('refuses %j, naming %s', (html, where, problem) => {
    const error = htmlError(html);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(`${PAGE_URL}: the index answered with data Pipette can't use${where ? ` (at ${where})` : ''}: `);
    expect(error.message).toContain(problem);
  });

  it('keeps going, with a warning, past a newer minor version and an unknown project status', () => {
    const { page, warnings } = parseHtmlProjectPage('<meta name="pypi:repository-version" content="1.9"><meta name="pypi:project-status" content="retired">', PAGE_URL);
    expect(page).toMatchObject({ apiVersion: '1.9', status: 'active' });
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('API version 1.9, newer than 1.4'), 'example: unknown project status "retired"; treated as active']);
  });
});

// Linear time on large and hostile pages: tests/unit/hostile/linear-time.test.ts (a ratio, not a wall-clock bound).

describe('parseHtmlProjectList', () => {
  it("reads PyPI's project list: each link's text is a name", () => {
    const html = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '  <head>',
      '    <meta name="pypi:repository-version" content="1.4">',
      '    <title>Simple index</title>',
      '  </head>',
      '  <body>',
      '    <a href="/simple/flask/">Flask</a>',
      '    <a href="/simple/zope-interface/">zope.interface</a>',
      '    <a href="/simple/ampersand/"> a&amp;b\n</a>',
      '    <a href="/simple/nameless/"></a>',
      '</body>',
      '</html>',
    ].join('\n');
    expect(parseHtmlProjectList(html, 'https://index.example/simple/')).toEqual(['Flask', 'zope.interface', 'a&b']);
  });

  it('refuses a list from a newer major version of the API', () => {
    const error = htmlError('<meta name="pypi:repository-version" content="2.0">', 'https://index.example/simple/', parseHtmlProjectList);
    expect(error.message).toContain('API version 2.0 is not supported');
  });
});
