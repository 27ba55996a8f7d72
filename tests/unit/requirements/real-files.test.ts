// The real requirement sets in ../shared/data/requirements: every .in file (and the
// compiled .txt results and constraints) parses without throwing, and the only errors
// are the things that can't be followed here: direct references, -r, -c, -e.
import { sharedDataDir } from '../../../src/cli/files.ts';
import { resolve } from 'node:path';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parsePyproject, parsePyprojectGroups, parseRequirementsTxt } from '../../../src/core/requirements/index.ts';

const REQUIREMENTS = `${sharedDataDir() ?? resolve('../shared/data')}/requirements/`;
const present = existsSync(REQUIREMENTS);

const files = present
  ? readdirSync(REQUIREMENTS, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.in') || f.endsWith('.txt'))
      .sort()
  : [];

/** Errors that only say "this can't be followed here". */
const UNFOLLOWABLE = /^direct references \(name @ url\)|^'(-r|--requirement|-c|--constraint|-e|--editable) /;

describe.skipIf(!present)('../shared/data/requirements (skipped when ../shared is absent)', () => {
  it('holds the .in files', () => {
    expect(files.filter((f) => f.endsWith('.in')).length).toBeGreaterThan(10);
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(REQUIREMENTS + file, 'utf8');
    const parsed = parseRequirementsTxt(text, file);
    const errors = parsed.problems.filter((p) => p.severity === 'error' && !UNFOLLOWABLE.test(p.message));
    expect(errors).toEqual([]);
    expect(parsed.requirements.length).toBeGreaterThan(0);
    for (const r of parsed.requirements) {
      // Each requirement's position points at its text in the file.
      const line = text.split(/\r\n|\r|\n/)[r.line - 1]!;
      expect(line.slice(r.column - 1)).toMatch(new RegExp(`^${r.requirement.name.replace(/[.]/g, '\\.')}`));
    }
  });

  it('all-kinds.in: three direct references reported with their lines, the rest kept', () => {
    const parsed = parseRequirementsTxt(readFileSync(`${REQUIREMENTS}all-kinds.in`, 'utf8'));
    expect(parsed.requirements.map((r) => r.requirement.key)).toEqual(['pandas', 'django-allauth']);
    expect(parsed.problems.map((p) => [p.severity, p.line, p.column])).toEqual([
      ['error', 6, 1],
      ['error', 10, 1],
      ['error', 12, 1],
    ]);
  });

  it('transformers/pyproject.toml: dependencies, requires-python, extras', () => {
    const text = readFileSync(`${REQUIREMENTS}transformers/pyproject.toml`, 'utf8');
    const parsed = parsePyproject(text, 'pyproject.toml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.options.requiresPython).toBe('>=3.9.0');
    expect(parsed.requirements.map((r) => r.requirement.key)).toEqual([
      'filelock',
      'huggingface-hub',
      'numpy',
      'packaging',
      'pyyaml',
      'regex',
      'requests',
      'tokenizers',
      'safetensors',
      'tqdm',
    ]);
    expect(parsed.requirements[1]).toMatchObject({ line: 12, column: 6, text: 'huggingface-hub>=0.19.3,<1.0' });

    const groups = parsePyprojectGroups(text);
    expect(groups.problems).toEqual([]);
    expect(Object.keys(groups.extras)).toContain('tf-cpu');
    expect(groups.extras['ja']!.map((r) => [r.requirement.key, r.line, r.column])).toEqual([
      ['fugashi', 25, 6],
      ['ipadic', 26, 6],
      ['unidic-lite', 27, 6],
      ['unidic', 28, 6],
      ['sudachipy', 29, 6],
      ['sudachidict-core', 30, 6],
      ['rhoknp', 31, 6],
    ]);
    expect(groups.extras['sklearn']!.map((r) => [r.line, r.column])).toEqual([[33, 13]]);
  });
});
