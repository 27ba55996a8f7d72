/** The editor's check as you type is bounded: in text length, and in problems marked. */
import { describe, expect, it } from 'vitest';
import { lintRequirements, MAX_LINTED_CHARS, MAX_MARKED } from '../../../src/ui/components/RequirementsEditor/lint.ts';

describe('lint as you type', () => {
  it('marks problems as the parser finds them', () => {
    const { problems, marked } = lintRequirements('flask\nrequests>=>2\n', 'requirements');
    expect(problems).toHaveLength(1);
    expect(marked).toEqual(problems);
  });

  it('does not parse text past the import limit, and says so', () => {
    const { problems } = lintRequirements(`a${' '.repeat(MAX_LINTED_CHARS)}`, 'requirements');
    expect(problems).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringContaining('Resolve checks it') })]);
  });

  it('marks at most MAX_MARKED problems, and lists them all', () => {
    const { problems, marked } = lintRequirements('bad<<1\n'.repeat(MAX_MARKED + 100), 'requirements');
    expect(problems).toHaveLength(MAX_MARKED + 100);
    expect(marked).toHaveLength(MAX_MARKED);
  });
});
