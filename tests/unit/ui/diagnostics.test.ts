import { describe, expect, it } from 'vitest';
import { parseRequirementsTxt } from '../../../src/core/index.ts';
import { lineOffsets, problemRange } from '../../../src/ui/components/RequirementsEditor/diagnostics.ts';
import { convertRequirements } from '../../../src/ui/components/RequirementsEditor/convert.ts';

describe('problemRange', () => {
  it('underlines what the parser points at', () => {
    const text = 'flask\nrequests>=>2\n';
    const [problem] = parseRequirementsTxt(text).problems;
    expect(problem).toBeDefined();
    const range = problemRange(text, lineOffsets(text), problem!);
    expect(range.from).toBeGreaterThanOrEqual(6);
    expect(range.to).toBeLessThanOrEqual(text.indexOf('\n', 6));
    expect(range.to).toBeGreaterThan(range.from);
  });

  it('covers the rest of the line when the problem has no end', () => {
    const text = 'abc\ndef';
    expect(problemRange(text, lineOffsets(text), { severity: 'error', message: 'x', line: 2, column: 2 })).toEqual({ from: 5, to: 7 });
  });

  it('stays inside the text for positions past the end', () => {
    const text = 'a';
    expect(problemRange(text, lineOffsets(text), { severity: 'error', message: 'x', line: 9, column: 9 })).toEqual({ from: 1, to: 1 });
  });
});

describe('convertRequirements', () => {
  it('turns requirement lines into [project] dependencies and back', () => {
    const toml = convertRequirements('# c\nflask<2\nrequests; python_version < "3.9"\n', 'requirements', 'pyproject');
    // The comment goes along, as a TOML comment, and comes back.
    expect(toml).toContain('dependencies = [\n  # c\n  "flask<2",\n  "requests; python_version < \\"3.9\\"",\n]');
    expect(convertRequirements(toml, 'pyproject', 'requirements')).toBe('# c\nflask<2\nrequests; python_version < "3.9"\n');
  });
});
