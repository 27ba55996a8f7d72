// The worker reads the bundled scenarios in the library's order, so the one a first visit opens is ready first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryOrder } from '../../../src/cache/library-order.ts';
import { parseScenarioLibrary } from '../../../src/cache/scenario-file.ts';
import { SCENARIO_KINDS } from '../../../src/core/export/index.ts';

describe('the library order', () => {
  it('puts kinds in their listed order, then titles, and unknown kinds last', () => {
    const items = [
      { kind: 'success', title: 'b' },
      { kind: 'something-new', title: 'a' },
      { kind: 'direct-clash', title: 'z' },
      { kind: 'success', title: 'a' },
    ];
    expect([...items].sort(libraryOrder).map((i) => `${i.kind}/${i.title}`)).toEqual(['direct-clash/z', 'success/a', 'success/b', 'something-new/a']);
  });

  it('makes the first kind of the bundled list the default scenario', () => {
    const entries = parseScenarioLibrary(readFileSync(join(import.meta.dirname, '../../../public/scenarios/index.json'), 'utf8'));
    const sorted = [...entries].sort(libraryOrder);
    expect(sorted[0]!.kind).toBe(SCENARIO_KINDS[0]);
    expect(sorted.map((e) => SCENARIO_KINDS.indexOf(e.kind as (typeof SCENARIO_KINDS)[number]))).toEqual([...sorted.map((e) => SCENARIO_KINDS.indexOf(e.kind as (typeof SCENARIO_KINDS)[number]))].sort((a, b) => a - b));
  });
});
