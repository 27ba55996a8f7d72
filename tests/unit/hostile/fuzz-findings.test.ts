/**
 * What the fuzzer (npm run fuzz) found, kept as regression tests: each input goes through its
 * target, which must answer with a value or its own typed error. (Against the code before these
 * fixes: a RangeError for the nested markers; minutes for the long runs.)
 */
import { describe, expect, it } from 'vitest';
import { isAllowed, TARGETS } from '../../fuzz/targets.ts';
import { superlinearity } from '../../support/linear-time.ts';

const target = (name: string) => TARGETS.find((t) => t.name === name)!;

const FINDINGS: readonly { target: string; what: string; input: string }[] = [
  { target: 'marker', what: 'seed 1224574182: 12,000 parentheses before a marker', input: `${'('.repeat(12_000)}python_version < "3.8"` },
  { target: 'requirements.txt', what: 'nested parentheses in a requirement marker', input: `a; ${'('.repeat(4000)}os_name == "posix"${')'.repeat(4000)}` },
  { target: 'requirements.txt', what: 'a 10,000-term marker', input: `a; ${Array.from({ length: 10_000 }, () => 'os_name == "posix"').join(' and ')}` },
  { target: 'requirement (parse, format, parse again, evaluate)', what: 'nested parentheses after ;', input: `a; ${'('.repeat(5000)}extra == "x"` },
  { target: 'PEP 691 page', what: 'a __proto__ hash name', input: '{"meta":{"api-version":"1.1"},"name":"a","files":[{"filename":"a-1.0.tar.gz","url":"https://x/a-1.0.tar.gz","hashes":{"__proto__":"ab"}}]}' },
];

describe('fuzz findings', () => {
  it.each(FINDINGS)('$target: $what', ({ target: name, input }) => {
    const t = target(name);
    let thrown: unknown = null;
    try {
      t.run(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown === null || isAllowed(t, thrown), String(thrown)).toBe(true);
  });

  it.each([
    ['marker', 'a long unknown word (the variable suggestion)', (n: number) => 'x'.repeat(n)],
    ['requirements.txt', 'a long run of whitespace (the comment pattern)', (n: number) => `a${' '.repeat(n)}b`],
    ['requirements.txt', 'a long run of backslashes (the continuation pattern)', (n: number) => `${'\\'.repeat(n)}x\\`],
  ] as const)('%s: %s stays linear', (name, _what, make) => {
    const t = target(name);
    const run = (input: string) => {
      try {
        t.run(input);
      } catch (error) {
        if (!isAllowed(t, error)) throw error;
      }
    };
    expect(superlinearity(run, make, 256 * 1024)).toBeLessThan(6);
  });
});
