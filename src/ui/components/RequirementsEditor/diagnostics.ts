/** The core parser's problems (1-based line and columns) as editor ranges (document offsets). */
import { indexColumn, type Problem } from '../../../core/index.ts';

export interface Range {
  readonly from: number;
  readonly to: number;
}

/** Offsets of each line's start in `text`. */
export function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Where a problem lies; a problem with no width covers the rest of its line (at least one character when there is one). */
export function problemRange(text: string, starts: readonly number[], problem: Problem): Range {
  const lineIndex = Math.min(Math.max(problem.line, 1), starts.length) - 1;
  const lineStart = starts[lineIndex]!;
  const lineEnd = lineIndex + 1 < starts.length ? starts[lineIndex + 1]! - 1 : text.length;
  // The parser counts columns in characters; the editor counts string indices (an emoji is two).
  const line = text.slice(lineStart, lineEnd);
  const from = Math.min(lineStart + indexColumn(line, Math.max(problem.column, 1)) - 1, lineEnd);
  const to = problem.endColumn !== undefined ? Math.min(lineStart + indexColumn(line, problem.endColumn) - 1, lineEnd) : lineEnd;
  return { from, to: Math.max(to, Math.min(from + 1, lineEnd)) };
}
