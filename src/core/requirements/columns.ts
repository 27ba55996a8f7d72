/**
 * Columns as a person counts them: one per character, so an emoji or any other character
 * outside the Basic Multilingual Plane counts once (JavaScript strings count it twice, as a
 * surrogate pair). The parsers work on string indices; their problems leave in characters.
 */
import type { Problem } from './requirements-txt.ts';

/** The 1-based character column of the 1-based string-index column `column` in `line`. */
export function characterColumn(line: string, column: number): number {
  let characters = 0;
  const end = Math.min(column - 1, line.length);
  for (let i = 0; i < end; i++) {
    const code = line.charCodeAt(i);
    // The low half of a pair was counted with its high half.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHighSurrogate(line.charCodeAt(i - 1))) continue;
    characters++;
  }
  return characters + 1 + Math.max(0, column - 1 - line.length);
}

/** The 1-based string-index column of the 1-based character column `column` in `line` (for editors, which count string indices). */
export function indexColumn(line: string, column: number): number {
  let index = 0;
  for (let counted = 1; counted < column && index < line.length; counted++) {
    index += isHighSurrogate(line.charCodeAt(index)) && index + 1 < line.length ? 2 : 1;
  }
  return index + 1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The problems of `text` with their columns counted in characters. */
export function inCharacterColumns<P extends Problem>(text: string, problems: readonly P[]): P[] {
  if (!/[\ud800-\udbff]/.test(text)) return [...problems];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return problems.map((problem) => {
    const line = lines[problem.line - 1];
    if (line === undefined) return problem;
    const column = characterColumn(line, problem.column);
    return problem.endColumn === undefined ? { ...problem, column } : { ...problem, column, endColumn: characterColumn(line, problem.endColumn) };
  });
}
