import { describe, expect, it } from 'vitest';

import { formatRequirement } from '../../../src/core/pep508/index.ts';
import { emptyInstallOptions, parseRequirementsTxt, type Problem } from '../../../src/core/requirements/index.ts';

/** Problems as compact rows: [severity, line, column, endColumn, part of the message]. */
function rows(problems: readonly Problem[]) {
  return problems.map((p) => [p.severity, p.line, p.column, p.endColumn, p.message] as const);
}

describe('a requirements file with every feature', () => {
  const lines = [
    /*  1 */ '# A requirements file with every feature',
    /*  2 */ '',
    /*  3 */ '--pre',
    /*  4 */ '-i https://pypi.example.org/simple',
    /*  5 */ '--extra-index-url=https://extra.example.org/simple',
    /*  6 */ '--find-links ./wheels',
    /*  7 */ '--no-binary :all: --only-binary numpy,SciPy_x',
    /*  8 */ 'requests[socks] >= 2.8.1  # inline comment',
    /*  9 */ 'urllib3<3,>=1.21.1; python_version >= "3.8"',
    /* 10 */ 'botocore (<2.0.0,>=1.5.40) \\',
    /* 11 */ '    ; sys_platform != "win32"',
    /* 12 */ 'certifi==2023.7.22 \\',
    /* 13 */ '    --hash=sha256:539cc1d13202e33ca466e88b2807e29f4c13049d6d87031a3c110744495cb082 \\',
    /* 14 */ '    --hash sha256:92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9',
    /* 15 */ '-r other.txt',
    /* 16 */ '--constraint constraints.txt',
    /* 17 */ '-e git+https://github.com/psf/requests.git#egg=requests',
    /* 18 */ './local/project',
    /* 19 */ 'https://example.org/pkg-1.0.tar.gz',
    /* 20 */ 'flask @ https://example.org/flask-3.0.0-py3-none-any.whl',
    /* 21 */ 'foo >=',
    /* 22 */ 'bar[baz',
    /* 23 */ 'private-pkg==${PKG_VERSION}',
    /* 24 */ '--frobnicate',
    /* 25 */ 'requests<3   # the same name again: pip merges duplicates',
    /* 26 */ 'pkg.whl',
    /* 27 */ '  six \\',
    /* 28 */ '    >=1.0 \\',
    /* 29 */ '    ; python_version < "3" and',
    /* 30 */ '\t# an indented comment',
    /* 31 */ 'idna #comment with no space after the hash',
    /* 32 */ 'cffi; os_name == "nt"',
  ];
  const file = parseRequirementsTxt(lines.join('\n'), 'requirements.txt');

  it('reads the options', () => {
    expect(file.options).toEqual({
      pre: true,
      indexUrl: 'https://pypi.example.org/simple',
      extraIndexUrls: ['https://extra.example.org/simple'],
      indexOptions: [
        { option: 'index-url', url: 'https://pypi.example.org/simple', line: 4, column: 1 },
        { option: 'extra-index-url', url: 'https://extra.example.org/simple', line: 5, column: 1 },
      ],
      noBinary: [':all:'],
      onlyBinary: ['numpy', 'scipy-x'],
      findLinks: ['./wheels'],
      requiresPython: null,
    });
  });

  it('reads the requirements, with where each starts', () => {
    expect(
      file.requirements.map((r) => [r.line, r.column, formatRequirement(r.requirement), r.hashes.length, r.editable]),
    ).toEqual([
      [8, 1, 'requests[socks]>=2.8.1', 0, false],
      [9, 1, 'urllib3<3,>=1.21.1; python_version >= "3.8"', 0, false],
      [10, 1, 'botocore<2.0.0,>=1.5.40; sys_platform != "win32"', 0, false],
      [12, 1, 'certifi==2023.7.22', 2, false],
      [25, 1, 'requests<3', 0, false],
      [31, 1, 'idna', 0, false],
      [32, 1, 'cffi; os_name == "nt"', 0, false],
    ]);
    expect(file.requirements[3]!.hashes).toEqual([
      'sha256:539cc1d13202e33ca466e88b2807e29f4c13049d6d87031a3c110744495cb082',
      'sha256:92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9',
    ]);
    expect(file.requirements[0]!.text).toBe('requests[socks] >= 2.8.1');
  });

  it('reports each problem at its physical line and column, and goes on', () => {
    expect(file.problems.every((p) => p.source === 'requirements.txt')).toBe(true);
    expect(rows(file.problems)).toEqual([
      ['info', 5, 1, 51, '--extra-index-url https://extra.example.org/simple is kept, but only one index is read here; the command line reads both (pipette resolve -r)'],
      ['info', 6, 1, 22, '--find-links ./wheels is kept but not searched here'],
      ['info', 13, 5, 83, '--hash values are kept, but hashes are not checked here (nothing is downloaded)'],
      ['error', 15, 1, 13, "'-r other.txt' can't be followed here: other files aren't read; paste their requirements in instead"],
      ['error', 16, 1, 29, "'--constraint constraints.txt' can't be followed here: put the constraints in the Constraints box instead"],
      [
        'error',
        17,
        1,
        56,
        "'-e git+https://github.com/psf/requests.git#egg=requests' can't be followed here: editable installs from local paths or VCS URLs aren't supported; require the project by name instead",
      ],
      [
        'error',
        18,
        1,
        16,
        "'./local/project' is a local path: local files and directories can't be followed here; require the project by name instead",
      ],
      [
        'error',
        19,
        1,
        35,
        "'https://example.org/pkg-1.0.tar.gz' is a URL: installing from URLs can't be followed here; require the project by name instead",
      ],
      [
        'error',
        20,
        1,
        57,
        "direct references (name @ url) can't be resolved against an index: require 'flask' by name and version instead",
      ],
      ['error', 21, 7, undefined, "expected a version after '>='"],
      ['error', 22, 4, undefined, "unclosed '[' for extras"],
      ['warning', 23, 14, 28, 'environment variable ${PKG_VERSION} is not expanded here; the text is used as written'],
      ['error', 23, 14, undefined, "a version starts with a number (optionally after 'v' or an epoch 'N!'), found '$'"],
      ['error', 24, 1, 13, "unknown option '--frobnicate' (pip would stop here)"],
      [
        'error',
        26,
        1,
        8,
        "'pkg.whl' is a local path: local files and directories can't be followed here; require the project by name instead",
      ],
      // the error is on the third physical line of a continued requirement
      ['error', 29, 31, undefined, 'expected a marker variable (like python_version) or a quoted string, found the end'],
    ]);
  });
});

describe('parseRequirementsTxt: line by line', () => {
  it.each<[string, string[], [Problem['severity'], number, number, string][]]>([
    // [file text, requirements (canonical), problems [severity, line, column, part of message]]
    ['', [], []],
    ['\n\n   \n', [], []],
    ['# only a comment', [], []],
    ['requests', ['requests'], []],
    ['\uFEFFrequests', ['requests'], []],
    ['a\r\nb\rc\n', ['a', 'b', 'c'], []],
    ['  requests  >=2  ', ['requests>=2'], []],
    ['requests#not-a-comment', [], [['error', 1, 9, "found '#'"]]],
    ['requests # a comment', ['requests'], []],
    ['requests\t# a comment', ['requests'], []],
    // continuation lines
    ['requests \\\n  >=2', ['requests>=2'], []],
    ['requests\\\n>=2', ['requests>=2'], []],
    ['requests \\', ['requests'], []],
    ['requests \\\n# a comment ends the join\nidna', ['requests', 'idna'], []],
    ['requests \\\n\\\n>=2', ['requests>=2'], []],
    ['requests # a comment \\\nidna', ['requests'], []], // as with pip, the comment swallows the next line
    ['  # comment \\\nidna', ['idna'], []], // a comment line never continues
    ['foo \\\n  >=1 \\\n  ; os_nme == "nt"', [], [['error', 3, 5, "unknown marker variable 'os_nme' (did you mean 'os_name'?)"]]],
    // bad lines do not stop the rest
    ['foo>=\nbar\nbaz[x\nqux', ['bar', 'qux'], [['error', 1, 6, "expected a version after '>='"], ['error', 3, 4, "unclosed '['"]]],
    // options
    ['--pre requests', [], [['warning', 1, 7, "'requests' after an option is ignored"]]],
    ['foo==1 --hash=sha256:ab12 bar', ['foo==1'], [['info', 1, 8, 'hashes are not checked'], ['warning', 1, 27, "'bar' after an option is ignored"]]],
    ['-', [], [['error', 1, 1, "unknown option '-'"]]],
    ['--index-url', [], [['error', 1, 1, "option '--index-url' needs a value"]]],
    ['-ihttps://x.org/simple', [], []],
    // optparse takes unique prefixes; the page reads one index, and says so
    ['--extra-index https://x.org/simple', [], [['info', 1, 1, '--extra-index-url https://x.org/simple is kept, but only one index is read here']]],
    ['--no-index', [], [['warning', 1, 1, '--no-index has no effect here']]],
    ['--require-hashes', [], [['info', 1, 1, 'hashes are not checked here']]],
    ['--prefer-binary\n--trusted-host x.org\n--use-feature truststore', [], [
      ['info', 1, 1, '--prefer-binary has no effect on resolution here'],
      ['info', 2, 1, '--trusted-host has no effect'],
      ['info', 3, 1, '--use-feature has no effect'],
    ]],
    ['--pre=yes', [], [['error', 1, 1, "unknown option '--pre=yes'"]]],
    ['--requirement=base.txt', [], [['error', 1, 1, "'--requirement base.txt' can't be followed here"]]],
    ['-c c.txt', [], [['error', 1, 1, "'-c c.txt' can't be followed here"]]],
    ['--editable .', [], [['error', 1, 1, "'--editable .' can't be followed here"]]],
    ['--hash=sha256:abcd', [], [['warning', 1, 1, 'applies to the requirement on the same line']]],
    // per-requirement options
    ['foo==1 --hash=sha256:ab12', ['foo==1'], [['info', 1, 8, 'hashes are not checked here']]],
    ['foo==1 --hash=md5:ab12', ['foo==1'], [['error', 1, 8, "'md5:ab12' is not a hash pip accepts"]]],
    ['foo==1 --hash', ['foo==1'], [['error', 1, 8, "option '--hash' needs a value"]]],
    ['foo==1 --config-settings key=value', ['foo==1'], [['info', 1, 8, 'only matters when building']]],
    ['foo==1 --pre', ['foo==1'], [['warning', 1, 8, '--pre after a requirement is ignored']]],
    ['foo==1 --bogus', ['foo==1'], [['error', 1, 8, "unknown option '--bogus'"]]],
    // paths, URLs, direct references
    ['.', [], [['error', 1, 1, "'.' is a local path"]]],
    ['../sibling', [], [['error', 1, 1, 'is a local path']]],
    ['/abs/path/pkg.tar.gz', [], [['error', 1, 1, 'is a local path']]],
    ['C:\\pkgs\\foo.zip', [], [['error', 1, 1, 'is a local path']]],
    ['dist/foo-1.0-py3-none-any.whl; python_version > "3"', [], [['error', 1, 1, "'dist/foo-1.0-py3-none-any.whl' is a local path"]]],
    ['git+https://github.com/a/b.git#egg=b', [], [['error', 1, 1, 'is a URL']]],
    ['file:///tmp/foo', [], [['error', 1, 1, 'is a URL']]],
    ['foo @ git+https://github.com/a/foo.git', [], [['error', 1, 1, 'direct references (name @ url)']]],
    ['foo@https://x.org/foo.whl ; os_name == "nt"', [], [['error', 1, 1, 'direct references']]],
    // environment variables
    ['--index-url https://${USER}:${TOKEN}@x.org/simple', [], [
      ['warning', 1, 21, 'environment variable ${USER}'],
      ['warning', 1, 29, 'environment variable ${TOKEN}'],
    ]],
    ['foo${lower}', [], [['error', 1, 4, "found '$'"]]],
    // duplicates are kept: pip merges them
    ['foo>=1\nfoo<2\nFOO[x]', ['foo>=1', 'foo<2', 'FOO[x]'], []],
  ])('%j', (text, requirements, problems) => {
    const file = parseRequirementsTxt(text);
    expect(file.requirements.map((r) => formatRequirement(r.requirement))).toEqual(requirements);
    expect(file.problems.map((p) => [p.severity, p.line, p.column])).toEqual(problems.map(([s, l, c]) => [s, l, c]));
    file.problems.forEach((p, i) => expect(p.message).toContain(problems[i]![3]));
    expect(file.problems.every((p) => p.source === undefined)).toBe(true);
  });
});

describe('install options', () => {
  it('start empty', () => {
    expect(parseRequirementsTxt('requests').options).toEqual(emptyInstallOptions());
  });

  it('keep the last index URL and every extra one', () => {
    const { options } = parseRequirementsTxt('-i https://a/simple\n--index-url https://b/simple\n--extra-index-url https://c\n--extra-index-url https://d');
    expect(options.indexUrl).toBe('https://b/simple');
    expect(options.extraIndexUrls).toEqual(['https://c', 'https://d']);
  });

  it.each<[string, string[], string[]]>([
    // pip's handle_mutual_excludes: [lines, noBinary, onlyBinary]
    ['--no-binary foo,Bar_Baz', ['foo', 'bar-baz'], []],
    ['--no-binary foo\n--only-binary foo', [], ['foo']],
    ['--only-binary :all:\n--no-binary foo', ['foo'], [':all:']],
    ['--no-binary foo\n--no-binary :all:', [':all:'], []],
    ['--no-binary :all:\n--only-binary :all:', [], [':all:']],
    ['--no-binary foo\n--no-binary :none:', [], []],
    ['--no-binary :all:,:none:,foo', ['foo'], []],
  ])('%j', (text, noBinary, onlyBinary) => {
    const { options, problems } = parseRequirementsTxt(text);
    expect(problems).toEqual([]);
    expect(options.noBinary).toEqual(noBinary);
    expect(options.onlyBinary).toEqual(onlyBinary);
  });
});
