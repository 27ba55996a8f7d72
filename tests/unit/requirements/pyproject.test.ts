import { describe, expect, it } from 'vitest';

import { formatRequirement } from '../../../src/core/pep508/index.ts';
import { parsePyproject, parsePyprojectGroups, type Problem, type RequirementLine } from '../../../src/core/requirements/index.ts';

const canonical = (lines: readonly RequirementLine[]) => lines.map((r) => formatRequirement(r.requirement));
const where = (problems: readonly Problem[]) => problems.map((p) => [p.severity, p.line, p.column] as const);

describe('parsePyproject', () => {
  const text = [
    /*  1 */ '[build-system]',
    /*  2 */ 'requires = ["hatchling"]',
    /*  3 */ '',
    /*  4 */ '[project]',
    /*  5 */ 'name = "demo"',
    /*  6 */ 'requires-python = ">=3.9"',
    /*  7 */ 'dependencies = [',
    /*  8 */ '  "requests[socks] >=2.8",   # a comment with "quotes"',
    /*  9 */ "  'urllib3<3; python_version >= \"3.8\"',",
    /* 10 */ '  "botocore (<2.0.0,>=1.5.40)",',
    /* 11 */ '  "foo >= 1.0 bar",',
    /* 12 */ '  "tab\\tbad>=1",',
    /* 13 */ '  "flask @ https://example.org/flask.whl",',
    /* 14 */ '  """six; os_name ==',
    /* 15 */ '     nt""",',
    /* 16 */ '  "requests[socks] >=2.8",',
    /* 17 */ ']',
    /* 18 */ '',
    /* 19 */ '[project.optional-dependencies]',
    /* 20 */ 'socks = ["requests[socks] >=2.8", "PySocks>=1.5.6"]',
  ].join('\n');
  const parsed = parsePyproject(text, 'pyproject.toml');

  it('reads dependencies with where each string starts', () => {
    expect(parsed.requirements.map((r) => [formatRequirement(r.requirement), r.line, r.column])).toEqual([
      ['requests[socks]>=2.8', 8, 4],
      ['urllib3<3; python_version >= "3.8"', 9, 4],
      ['botocore<2.0.0,>=1.5.40', 10, 4],
      ['requests[socks]>=2.8', 16, 4],
    ]);
    expect(parsed.requirements[0]!.text).toBe('requests[socks] >=2.8');
  });

  it('reads requires-python into the options', () => {
    expect(parsed.options.requiresPython).toBe('>=3.9');
    expect(parsed.options.pre).toBe(false);
  });

  it('reports bad strings at the offending character in the TOML text', () => {
    expect(parsed.problems.map((p) => [p.severity, p.line, p.column, p.endColumn, p.source, p.message])).toEqual([
      ['error', 11, 15, undefined, 'pyproject.toml', "expected ',' or the end after the specifier (a version cannot contain spaces)"],
      // the escape `\t` is two characters in the source: the column after it still points right
      ['error', 12, 9, undefined, 'pyproject.toml', "expected a version specifier (like '>=1.0'), '@ URL', ';' or the end after 'tab', found 'bad'"],
      [
        'error',
        13,
        4,
        41,
        'pyproject.toml',
        "direct references (name @ url) can't be resolved against an index: require 'flask' by name and version instead",
      ],
      // a multi-line string: the newline before `nt` is whitespace the marker grammar doesn't allow
      ['error', 14, 21, undefined, 'pyproject.toml', "expected a marker variable (like python_version) or a quoted string after '==', found '\n'"],
    ]);
  });
});

describe('parsePyproject: problems instead of exceptions', () => {
  it.each<[string, string[], string | null, [Problem['severity'], number, number, string][]]>([
    // [text, dependencies, requires-python, problems]
    ['', [], null, [['warning', 1, 1, 'no [project] table']]],
    ['[tool.poetry.dependencies]\npython = "^3.9"', [], null, [['warning', 1, 1, "Poetry's [tool.poetry] dependencies are not read"]]],
    ['[project]\nname = "x"', [], null, []],
    ['[project\nname = "x"', [], null, [['error', 1, 9, 'TOML syntax error']]],
    ['[project]\ndependencies = ["a",\n  "b" "c"]', [], null, [['error', 3, 7, 'TOML syntax error: expected comma or end of structure']]],
    ['[project]\ndependencies = "requests"', [], null, [['error', 2, 15, "'dependencies' must be an array of requirement strings"]]],
    ['[project]\ndependencies = ["a", 1, "b"]', ['a', 'b'], null, [['error', 2, 15, "'dependencies' must hold only strings"]]],
    ['[project]\nrequires-python = ">=3.9, <4"', [], '>=3.9, <4', []],
    ['[project]\nrequires-python = ">=3.9 <4"', [], null, [['error', 2, 26, "invalid requires-python: expected ',' between specifiers"]]],
    ['[project]\nrequires-python = 3.9', [], null, [['error', 2, 18, "'requires-python' must be a string"]]],
    ['[project]\ndynamic = ["version", "dependencies"]', [], null, [['warning', 2, 10, "dependencies are listed in 'dynamic'"]]],
    // other ways of writing the same table
    ['project.dependencies = ["a>=1"]', ['a>=1'], null, []],
    ['[project]\ndependencies = [\n  \'\'\'b>=2\'\'\',\n]', ['b>=2'], null, []],
    ['project = { name = "x", dependencies = ["c", "d>"] }', ['c'], null, [['error', 1, 49, "expected a version after '>'"]]],
    ["[project]\ndependencies = ['''\nfoo >= 1 x\n''']", [], null, [['error', 3, 10, "expected ',' or the end after the specifier"]]],
    ['[project]\ndependencies = ["\\u0066oo>=", "bar"]', ['bar'], null, [['error', 2, 28, "expected a version after '>='"]]],
    // the same value elsewhere in the file does not confuse the positions
    ['[tool.x]\ny = ["q>"]\n[project]\ndependencies = ["q>"]', [], null, [['error', 4, 20, "expected a version after '>'"]]],
  ])('%j', (text, dependencies, requiresPython, problems) => {
    const parsed = parsePyproject(text);
    expect(canonical(parsed.requirements)).toEqual(dependencies);
    expect(parsed.options.requiresPython).toBe(requiresPython);
    expect(where(parsed.problems)).toEqual(problems.map(([s, l, c]) => [s, l, c]));
    parsed.problems.forEach((p, i) => expect(p.message).toContain(problems[i]![3]));
  });
});

describe('parsePyprojectGroups', () => {
  const text = [
    /*  1 */ '[project]',
    /*  2 */ 'name = "demo"',
    /*  3 */ 'dependencies = ["requests"]',
    /*  4 */ '',
    /*  5 */ '[project.optional-dependencies]',
    /*  6 */ 'socks = ["PySocks!=1.5.7,>=1.5.6"]',
    /*  7 */ 'Tests_Extra = [',
    /*  8 */ '  "pytest>=7",',
    /*  9 */ '  "demo[socks]",',
    /* 10 */ '  "broken[",',
    /* 11 */ ']',
    /* 12 */ '',
    /* 13 */ '[dependency-groups]',
    /* 14 */ 'lint = ["ruff==0.1.5"]',
    /* 15 */ 'test = ["pytest>=7", {include-group = "lint"}]',
    /* 16 */ 'Dev_All = [{include-group = "test"}, "ipython"]',
    /* 17 */ 'loop-a = [{include-group = "loop-b"}]',
    /* 18 */ 'loop-b = [{include-group = "loop-a"}]',
    /* 19 */ 'missing = [{include-group = "nowhere"}]',
    /* 20 */ 'odd = [1]',
  ].join('\n');
  const groups = parsePyprojectGroups(text, 'pyproject.toml');

  it('reads extras by normalised name', () => {
    expect(Object.keys(groups.extras)).toEqual(['socks', 'tests-extra']);
    expect(canonical(groups.extras['socks']!)).toEqual(['PySocks!=1.5.7,>=1.5.6']);
    expect(groups.extras['tests-extra']!.map((r) => [formatRequirement(r.requirement), r.line, r.column])).toEqual([
      ['pytest>=7', 8, 4],
      ['demo[socks]', 9, 4],
    ]);
  });

  it('reads dependency groups, with include-group expanded', () => {
    expect(canonical(groups.groups['lint']!)).toEqual(['ruff==0.1.5']);
    expect(canonical(groups.groups['test']!)).toEqual(['pytest>=7', 'ruff==0.1.5']);
    expect(canonical(groups.groups['dev-all']!)).toEqual(['pytest>=7', 'ruff==0.1.5', 'ipython']);
    expect(groups.groups['test']!.map((r) => [r.line, r.column])).toEqual([
      [15, 10],
      [14, 10],
    ]);
    expect(groups.groups['missing']).toEqual([]);
  });

  it('reports problems in extras and groups', () => {
    expect(groups.problems.map((p) => [p.severity, p.line, p.column, p.message])).toEqual([
      ['error', 10, 10, "unclosed '[' for extras"],
      ['error', 18, 29, 'dependency groups include each other in a cycle: loop-a → loop-b → loop-a'],
      ['error', 19, 30, "dependency group 'missing' includes 'nowhere', which doesn't exist"],
      ['error', 20, 6, "entries of dependency group 'odd' must be strings or {include-group = \"...\"}"],
    ]);
    expect(groups.problems.every((p) => p.source === 'pyproject.toml')).toBe(true);
  });

  it('does not report the problems of [project] dependencies', () => {
    const bad = parsePyprojectGroups('[project]\ndependencies = ["x>"]\n[project.optional-dependencies]\na = ["y"]');
    expect(bad.problems).toEqual([]);
    expect(canonical(bad.extras['a']!)).toEqual(['y']);
  });

  it('merges extras whose names normalise alike, with a warning', () => {
    const merged = parsePyprojectGroups('[project.optional-dependencies]\nA_B = ["x"]\na-b = ["y"]');
    expect(canonical(merged.extras['a-b']!)).toEqual(['x', 'y']);
    expect(where(merged.problems)).toEqual([['warning', 3, 6]]);
  });

  it('returns nothing but the syntax error for broken TOML', () => {
    const broken = parsePyprojectGroups('[dependency-groups\n');
    expect(broken.extras).toEqual({});
    expect(broken.groups).toEqual({});
    expect(broken.problems.map((p) => p.message)).toEqual([expect.stringContaining('TOML syntax error')]);
  });
});
