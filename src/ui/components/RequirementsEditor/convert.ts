/**
 * Moving the text between requirements.txt and pyproject `[project] dependencies`, so the
 * syntax switch keeps the person's requirements instead of leaving them invalid.
 */
import { parsePyproject, parseRequirementsTxt } from '../../../core/index.ts';
import type { RequirementsFormat } from '../../../cache/schema.ts';

export function convertRequirements(text: string, from: RequirementsFormat, to: RequirementsFormat): string {
  if (from === to) return text;
  if (to === 'pyproject') {
    const lines = parseRequirementsTxt(text).requirements.map((r) => `  ${JSON.stringify(r.text)},`);
    return `[project]\nname = "my-project"\nversion = "0.1.0"\ndependencies = [\n${lines.join('\n')}${lines.length ? '\n' : ''}]\n`;
  }
  const parsed = parsePyproject(text);
  const lines = parsed.requirements.map((r) => r.text);
  const python = parsed.options.requiresPython ? [`# requires-python ${parsed.options.requiresPython}`] : [];
  return [...python, ...lines].join('\n') + (lines.length || python.length ? '\n' : '');
}
