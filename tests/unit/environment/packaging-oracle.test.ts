// Our tag lists against Python's `packaging.tags`, captured once by
// generate-packaging-tags.py into packaging-tags.json.
import { describe, expect, it } from 'vitest';

import fixture from './packaging-tags.json' with { type: 'json' };
import {
  compatibleTags,
  isTagCompatible,
  makeTarget,
  parseWheelTags,
  platformTags,
  tagPriority,
} from '../../../src/core/environment/index.ts';
import type { TargetEnvironment } from '../../../src/core/environment/index.ts';

interface FixtureTarget {
  name: string;
  target: Partial<TargetEnvironment>;
  platforms: string[];
  interpreters: [string, string][];
  any: string[];
}

const targets = (fixture.targets as FixtureTarget[]).map((entry) => ({
  ...entry,
  // The flat list packaging gave: every (python, abi) pair × every platform, then `any`.
  tags: [
    ...entry.interpreters.flatMap(([python, abi]) =>
      entry.platforms.map((platform) => `${python}-${abi}-${platform}`),
    ),
    ...entry.any,
  ],
}));

const allTags = new Set(targets.flatMap((entry) => entry.tags));

describe(`compatible tags match packaging ${fixture.packaging}`, () => {
  it.each(targets.map((entry) => [entry.name, entry] as const))('%s', (_, entry) => {
    const target = makeTarget(entry.target);
    expect(platformTags(target)).toEqual(entry.platforms);
    // Same tags in the same order: compatibility and priority both agree.
    expect(compatibleTags(target)).toEqual(entry.tags);

    entry.tags.forEach((tag, index) => {
      const [parsed] = parseWheelTags(tag);
      expect(isTagCompatible(parsed!, target)).toBe(true);
      expect(tagPriority(parsed!, target)).toBe(index);
    });

    // Every tag another target accepts but packaging does not list here is rejected.
    const own = new Set(entry.tags);
    const rejected = [...allTags].filter((tag) => !own.has(tag));
    expect(rejected.length).toBeGreaterThan(0);
    for (const tag of rejected) {
      const [parsed] = parseWheelTags(tag);
      expect(isTagCompatible(parsed!, target), tag).toBe(false);
    }
  });
});
