/**
 * What the editor checks as you type, bounded so that typing never waits on it: the text is
 * parsed only up to the import limit (longer text is checked by Resolve, in the worker), and at
 * most MAX_MARKED problems are marked in the text (all of them still reach the problem list).
 */
import { parsePyproject, parseRequirementsTxt, type Problem } from '../../../core/index.ts';
import type { RequirementsFormat } from '../../../cache/schema.ts';

/** The largest requirements file the app imports (src/cache/imports.ts). */
export const MAX_LINTED_CHARS = 1024 * 1024;
export const MAX_MARKED = 500;

export interface LintResult {
  readonly problems: readonly Problem[];
  /** The problems to mark in the text. */
  readonly marked: readonly Problem[];
}

export function lintRequirements(text: string, format: RequirementsFormat): LintResult {
  if (text.length > MAX_LINTED_CHARS) {
    const note: Problem = {
      severity: 'info',
      message: `The text is ${text.length.toLocaleString('en')} characters, more than the ${MAX_LINTED_CHARS.toLocaleString('en')} checked as you type; Resolve checks it.`,
      line: 1,
      column: 1,
    };
    return { problems: [note], marked: [note] };
  }
  const parsed = format === 'pyproject' ? parsePyproject(text, 'pyproject.toml') : parseRequirementsTxt(text, 'requirements.txt');
  return { problems: parsed.problems, marked: parsed.problems.slice(0, MAX_MARKED) };
}
