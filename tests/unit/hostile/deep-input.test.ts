/**
 * Input deep or long enough to overflow a recursive parser, evaluator or formatter: each is
 * bounded with a typed error that says where, or works on an explicit stack; the parsers that
 * promise never to throw keep that promise.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateMarker,
  formatMarker,
  InvalidMarkerError,
  IndexProvider,
  InvalidRequirementError,
  loadProjects,
  markerVariables,
  MAX_MARKER_COMPARISONS,
  MAX_MARKER_NESTING,
  parseMarker,
  parsePyproject,
  parseRequirement,
  parseRequirementsTxt,
  resolve,
  type Marker,
} from '../../../src/core/index.ts';

const term = 'os_name == "posix"';
const andChain = (n: number) => Array.from({ length: n }, () => term).join(' and ');
const nested = (n: number) => `${'('.repeat(n)}${term}${')'.repeat(n)}`;

/** A marker tree deeper than any parser makes, as stored data could hold. */
function deepTree(depth: number, kind: 'and' | 'or', leaf: Marker): Marker {
  let marker = leaf;
  for (let i = 0; i < depth; i++) marker = { kind, left: marker, right: leaf };
  return marker;
}

describe('marker bounds', () => {
  it('parses parentheses up to the bound, and names the one past it', () => {
    expect(parseMarker(nested(MAX_MARKER_NESTING))).toEqual(parseMarker(term));
    const error = (() => {
      try {
        parseMarker(nested(4000));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidMarkerError);
    expect((error as InvalidMarkerError).column).toBe(MAX_MARKER_NESTING + 1);
    expect((error as InvalidMarkerError).reason).toMatch(/nest at most 100 parentheses/);
  });

  it('parses up to the most comparisons, and names the first one past it', () => {
    expect(formatMarker(parseMarker(andChain(MAX_MARKER_COMPARISONS)))).toBe(andChain(MAX_MARKER_COMPARISONS));
    expect(() => parseMarker(andChain(10_000))).toThrow(InvalidMarkerError);
    try {
      parseMarker(andChain(10_000));
    } catch (e) {
      const at = (term.length + ' and '.length) * MAX_MARKER_COMPARISONS + 1;
      expect((e as InvalidMarkerError).column).toBe(at);
    }
  });

  it('evaluates, formats and lists the variables of trees of any depth', () => {
    const posix = parseMarker(term);
    const windows = parseMarker('sys_platform == "win32"');
    const env = { os_name: 'posix', sys_platform: 'linux' };
    expect(evaluateMarker(deepTree(100_000, 'and', posix), env)).toBe(true);
    expect(evaluateMarker(deepTree(100_000, 'and', windows), env)).toBe(false);
    expect(evaluateMarker(deepTree(100_000, 'or', windows), env)).toBe(false);
    expect(evaluateMarker({ kind: 'or', left: deepTree(100_000, 'and', windows), right: posix }, env)).toBe(true);
    expect(formatMarker(deepTree(10_000, 'and', posix))).toBe(andChain(10_001));
    expect([...markerVariables(deepTree(100_000, 'or', windows))]).toEqual(['sys_platform']);
  });

  it('keeps precedence and shape when formatting on its stack', () => {
    for (const text of ['a == "1" or b == "2" and (c == "3" or d == "4")', '(a == "1" or b == "2") and c == "3"', 'a == "1" and (b == "2" and c == "3")', 'a == "1" or (b == "2" or c == "3")']) {
      const marker = parseMarker(text.replace(/\b([abcd]) ==/g, (_m, v: string) => `${{ a: 'os_name', b: 'sys_platform', c: 'platform_machine', d: 'implementation_name' }[v]} ==`));
      expect(parseMarker(formatMarker(marker))).toEqual(marker);
    }
  });

  it('suggests a variable name without reading a huge word, and quotes at most a little of it', () => {
    const word = 'x'.repeat(1_000_000);
    const started = performance.now();
    let message = '';
    try {
      parseMarker(word);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(message).toMatch(/^unknown marker variable 'x{40}… \(1000000 characters\)'/);
    expect(message.length).toBeLessThan(200);
    expect(() => parseMarker('pyton_version == "3"')).toThrow(/did you mean 'python_version'/);
  });
});

describe('parsers that never throw', () => {
  it('reports a deeply nested marker in requirements.txt as a problem at its place', () => {
    const file = parseRequirementsTxt(`ok\nbad; ${nested(4000)}\n`);
    expect(file.requirements.map((r) => r.requirement.name)).toEqual(['ok']);
    expect(file.problems).toEqual([expect.objectContaining({ severity: 'error', line: 2, column: 'bad; '.length + MAX_MARKER_NESTING + 1 })]);
  });

  it('reports a 10,000-term marker in requirements.txt and pyproject.toml as a problem', () => {
    const txt = parseRequirementsTxt(`a; ${andChain(10_000)}`);
    expect(txt.problems[0]).toMatchObject({ severity: 'error', line: 1, message: expect.stringMatching(/at most 1000 comparisons/) });
    const toml = parsePyproject(`[project]\nname = "x"\ndependencies = ['a; ${andChain(10_000)}']\n`);
    expect(toml.problems.some((p) => p.severity === 'error' && /at most 1000 comparisons/.test(p.message))).toBe(true);
  });

  it('a requirement from an index with a hostile marker is skipped with a warning', async () => {
    const { projects } = loadProjects({
      a: { versions: { '1.0': { requires_dist: [`b; ${andChain(10_000)}`, `c; ${nested(4000)}`, 'd'] } } },
      b: { versions: { '1.0': {} } },
      c: { versions: { '1.0': {} } },
      d: { versions: { '1.0': {} } },
    });
    const index = { source: 'hostile', projects, environment: null, advisories: [] };
    const result = await resolve(new IndexProvider(index), { requirements: [parseRequirement('a')] });
    expect(result.ok && result.packages.map((p) => p.key).sort()).toEqual(['a', 'd']);
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(/at most 1000 comparisons[^]*at most 100 parentheses|at most 100 parentheses[^]*at most 1000 comparisons/);
  });

  it('parseRequirement says where, with a typed error', () => {
    expect(() => parseRequirement(`a; ${nested(4000)}`)).toThrow(InvalidRequirementError);
  });
});
