/** Small suites written for these tests: packse scenarios in two categories, cases, a snapshot. */
import type { SuiteFile } from '../../../src/core/index.ts';

/** pip lets a transitive `>=2.0.0a1` allow b's pre-release; uv does not (packse expects uv's answer). */
export const TRANSITIVE_PRE = `
name = "pipette-transitive-pre"
description = "a needs a pre-release of b"
[root]
requires = ["a"]
[expected]
satisfiable = false
[packages.a.versions."1.0.0"]
requires = ["b>=2.0.0a1"]
[packages.b.versions."1.0.0"]
[packages.b.versions."2.0.0a1"]
`;

/** a 2.0.0 needs Python 3.10: Python 3.8 gets a 1.0.0. */
export const PYTHON_BOUND = `
name = "python-bound"
[root]
requires = ["a"]
requires_python = ">=3.8"
[expected]
satisfiable = true
packages = { a = "2.0.0" }
[packages.a.versions."1.0.0"]
requires_python = ">=3.8"
[packages.a.versions."2.0.0"]
requires_python = ">=3.10"
`;

/** Only a Windows wheel. */
export const WINDOWS_ONLY = `
name = "windows-only"
[root]
requires = ["a"]
[expected]
satisfiable = false
[packages.a.versions."1.0.0"]
sdist = false
wheel_tags = ["py3-none-win_amd64"]
`;

export const BROKEN = `
name = "broken"
[root
requires = ["a"]
`;

export const SNAPSHOT = {
  format: 'index-snapshot/1',
  source: 'test',
  projects: {
    black: { versions: { '22.1': { requires_dist: ['click>=8.0'] } } },
    typer: { versions: { '0.3': { requires_dist: ['click<8.0,>=7.1'] } } },
    click: { versions: { '7.1': {}, '8.0': {} } },
  },
};

export const NAMED_CASE = {
  name: 'black-typer',
  index: 'indexes/tiny.json',
  requested: ['black>=22.1', 'typer<0.4'],
  expected: { satisfiable: false, conflicted: ['click'] },
  pip: { ok: false, install: {} },
};

export const INLINE_CASE = {
  name: 'inline-ok',
  requested: ['x'],
  projects: { x: { versions: { '1.0': { requires_dist: ['y<2'] } } }, y: { versions: { '1.5': {}, '2.0': {} } } },
  expected: { satisfiable: true, packages: { x: '1.0', y: '1.5' } },
};

export function packseFolder(prefix = ''): SuiteFile[] {
  return [
    { path: `${prefix}prereleases/pipette-transitive-pre.toml`, text: TRANSITIVE_PRE },
    { path: `${prefix}requires_python/python-bound.toml`, text: PYTHON_BOUND },
    { path: `${prefix}wheels/windows-only.toml`, text: WINDOWS_ONLY },
  ];
}
