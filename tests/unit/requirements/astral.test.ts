import { describe, expect, it } from 'vitest';
import { characterColumn, indexColumn, parsePyproject, parseRequirement, parseRequirementsTxt, InvalidRequirementError } from '../../../src/core/index.ts';
import { lineOffsets, problemRange } from '../../../src/ui/components/RequirementsEditor/diagnostics.ts';

// Characters outside the Basic Multilingual Plane are two UTF-16 units in JavaScript;
// messages quote them whole and columns count them once, as a person (and Python) does.
describe('an emoji in a requirement', () => {
  it.each([
    ['ab🙂c>=1', "after 'ab', found '🙂'", 3],
    ['🙂🙂a', "expected a package name, found '🙂'", 1],
    ['foo>=1🙂', "unexpected '🙂'", 7],
    ['foo>🙂', "found '🙂'", 5],
    ['bar; python_version == "🙂" 🙂', "found '🙂'", 28],
    ['a🙂 b🙂', "found '🙂'", 2],
  ])('%s is reported as itself, at the right column', (line, message, column) => {
    const [problem] = parseRequirementsTxt(`flask\n${line}\n`).problems;
    expect(problem).toBeDefined();
    expect(problem!.message).toContain(message);
    expect(problem!.message).not.toContain('\ufffd');
    expect(problem!.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(problem!.line).toBe(2);
    expect(problem!.column).toBe(column);
  });

  it('counts columns in characters after an earlier emoji on the same line', () => {
    // "🙂" in a marker string is valid; the bad token after it sits at character 28, index 29.
    const line = 'bar; python_version == "🙂" 🙂';
    const [problem] = parseRequirementsTxt(line).problems;
    expect(problem!.column).toBe(28);
    expect(line.indexOf('🙂', 26)).toBe(28); // the string index is one more than the column - 1
  });

  it('does the same in pyproject.toml', () => {
    const [problem] = parsePyproject('[project]\ndependencies = ["🙂 x", "a🙂b"]\n').problems;
    expect(problem!.message).toContain("found '🙂'");
    expect(problem!.column).toBe(18);
  });

  it('quotes the whole character in a single requirement error', () => {
    expect(() => parseRequirement('a🙂')).toThrow(InvalidRequirementError);
    expect(() => parseRequirement('a🙂')).toThrow("found '🙂'");
  });

  it('maps character columns back to string indices for the editor', () => {
    const text = 'x\n🙂 🙂b>=\n';
    const problem = { severity: 'error' as const, message: 'x', line: 2, column: 3, endColumn: 4 };
    expect(problemRange(text, lineOffsets(text), problem)).toEqual({ from: 2 + 3, to: 2 + 5 });
    expect(indexColumn('🙂 🙂b', 4)).toBe(6);
    expect(characterColumn('🙂 🙂b', 6)).toBe(4);
    expect(characterColumn('abc', 2)).toBe(2);
  });
});
