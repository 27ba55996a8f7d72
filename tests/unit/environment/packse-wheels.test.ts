// The wheel scenarios of packse (uv's resolver scenarios) as real inputs: a
// single package that only has wheels resolves exactly when a wheel fits.
import { sharedDataDir } from '../../../src/cli/files.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';

import {
  isAnyTagCompatible,
  makeTarget,
  parsePlatformSpec,
  tagCompatibility,
} from '../../../src/core/environment/index.ts';

const WHEELS = pathToFileURL(`${sharedDataDir() ?? resolve('../shared/data')}/packse/wheels/`);

interface Scenario {
  name: string;
  packages: Record<string, { versions: Record<string, { wheel_tags?: string[]; sdist?: boolean }> }>;
  expected: { satisfiable: boolean };
  environment?: { python?: string };
  resolver_options?: { python_platform?: string; universal?: boolean; no_binary?: string[] };
}

function scenarios(): Scenario[] {
  if (!existsSync(WHEELS)) return [];
  return readdirSync(WHEELS)
    .filter((file) => file.endsWith('.toml'))
    .map((file) => parse(readFileSync(new URL(file, WHEELS), 'utf8')) as unknown as Scenario);
}

/** Scenarios that hinge on tags alone: one package, one version, wheels only, not universal. */
const wheelOnly = scenarios().flatMap((scenario) => {
  const packages = Object.values(scenario.packages);
  const versions = packages.flatMap((p) => Object.values(p.versions));
  const [version] = versions;
  const options = scenario.resolver_options ?? {};
  if (versions.length !== 1 || version?.sdist !== false || version.wheel_tags === undefined) return [];
  if (options.universal === true || options.no_binary !== undefined) return [];
  const target = makeTarget({
    python: scenario.environment?.python ?? '3.12', // packse's default target Python
    ...(options.python_platform === undefined ? {} : parsePlatformSpec(options.python_platform)),
  });
  return [{ name: scenario.name, tags: version.wheel_tags, satisfiable: scenario.expected.satisfiable, target }];
});

describe.skipIf(!existsSync(WHEELS))('packse wheel scenarios (skipped when ../shared/data/packse/wheels is absent; set PIPETTE_SHARED_DATA)', () => {
  it('finds the scenarios', () => {
    expect(wheelOnly.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'no-sdist-no-wheels-with-matching-abi',
        'no-sdist-no-wheels-with-matching-platform',
        'no-sdist-no-wheels-with-matching-python',
      ]),
    );
  });

  it.each(wheelOnly.map((s) => [s.name, s] as const))('%s', (name, scenario) => {
    expect(isAnyTagCompatible(scenario.tags, scenario.target)).toBe(scenario.satisfiable);
    // The scenario's name says which part of the tag does not match.
    const reason = /with-matching-(abi|platform|python)$/.exec(name)?.[1];
    if (reason !== undefined) {
      expect(tagCompatibility(scenario.tags, scenario.target)).toEqual({ kind: 'incompatible', reason });
    }
  });

  it('accepts specific-tag-and-default on the default target', () => {
    const tags = ['cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64', 'py3-none-any'];
    expect(isAnyTagCompatible(tags, makeTarget({}))).toBe(true);
    expect(isAnyTagCompatible(tags.slice(0, 1), makeTarget({ os: 'windows' }))).toBe(false);
  });
});
