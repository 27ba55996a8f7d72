/**
 * pip's `preprocess` of a requirements file (src/pip/_internal/req/req_file.py, 23.2):
 * join_lines → ignore_comments → expand_env_variables, keeping a map from every character of
 * the resulting line back to the physical line and column it was written at, so that problems
 * point at what the person wrote.
 */

/** A stretch of a logical line copied from one physical line, or a variable's value. */
interface Piece {
  /** Offset of the piece in the logical text. */
  readonly offset: number;
  readonly line: number;
  /** 1-based column in the physical line of the piece's first character. */
  readonly column: number;
  /** An expanded `${VAR}`: every character of the value maps into the `width` columns of what was written. */
  readonly width?: number;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class LogicalLine {
  text = '';
  readonly pieces: Piece[] = [];

  append(text: string, line: number, column: number): void {
    this.pieces.push({ offset: this.text.length, line, column });
    this.text += text;
  }

  /** The physical position of a logical offset (the end maps past the last character). */
  at(offset: number): Position {
    // The last piece starting at or before `offset` (binary search: a line may join thousands).
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pieces[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const piece = this.pieces[lo]!;
    const delta = offset - piece.offset;
    return { line: piece.line, column: piece.column + (piece.width === undefined ? delta : Math.min(delta, piece.width - 1)) };
  }

  /** Appends the characters [from, to) of this line to `target`, each keeping its position. */
  copyTo(target: LogicalLine, from: number, to: number): void {
    if (from >= to) return;
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i]!;
      const pieceEnd = i + 1 < this.pieces.length ? this.pieces[i + 1]!.offset : this.text.length;
      const start = Math.max(from, piece.offset);
      const end = Math.min(to, pieceEnd);
      if (start >= end) continue;
      const column = piece.width === undefined ? piece.column + (start - piece.offset) : piece.column;
      target.pieces.push({ offset: target.text.length, line: piece.line, column, ...(piece.width === undefined ? {} : { width: piece.width }) });
      target.text += this.text.slice(start, end);
    }
  }

  /** Appends a variable's value, mapped to the `${NAME}` written at `at`. */
  appendValue(value: string, at: Position, width: number): void {
    this.pieces.push({ offset: this.text.length, line: at.line, column: at.column, width });
    this.text += value;
  }
}

/**
 * Where pip's COMMENT_RE (`(^|\s+)#.*$`) matches: the whitespace before the first `#` that
 * starts the line or follows whitespace; -1 when there is none. A scan, because the regular
 * expression takes quadratic time on long runs of whitespace.
 */
export function commentStart(text: string): number {
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
    if (i === 0) return 0;
    if (!WHITESPACE.test(text[i - 1]!)) continue;
    let start = i - 1;
    while (start > 0 && WHITESPACE.test(text[start - 1]!)) start--;
    return start;
  }
  return -1;
}
const WHITESPACE = /\s/;
/** pip's `COMMENT_RE.match(line)` (anchored at the start): a line that is only a comment. */
const COMMENT_LINE = /^\s*#/;

/**
 * pip's join_lines: a line ending in `\` continues on the next one, unless it is a
 * comment line. Backslashes at both ends of a continued line are dropped (pip strips
 * them). As with pip, `foo # note \` does continue, and the comment then swallows the
 * next line.
 */
export function logicalLines(text: string): LogicalLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const result: LogicalLine[] = [];
  let pending: LogicalLine | null = null;
  physical.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.endsWith('\\') || COMMENT_LINE.test(raw)) {
      if (pending) {
        // pip puts a space in front of a comment line so that the comment is still found.
        if (COMMENT_LINE.test(raw)) pending.append(' ', line, 1);
        pending.append(raw, line, 1);
        result.push(pending);
        pending = null;
      } else {
        const single = new LogicalLine();
        single.append(raw, line, 1);
        result.push(single);
      }
      return;
    }
    const lead = backslashRun(raw, 0, 1);
    const trail = backslashRun(raw, raw.length - 1, -1);
    pending ??= new LogicalLine();
    pending.append(lead >= raw.length ? '' : raw.slice(lead, raw.length - trail), line, lead + 1);
  });
  if (pending) result.push(pending);
  return result;
}

/** How many backslashes run from `from` in direction `step` (a scan: `/\\*$/` is quadratic). */
function backslashRun(text: string, from: number, step: 1 | -1): number {
  let i = from;
  while (i >= 0 && i < text.length && text[i] === '\\') i += step;
  return Math.abs(i - from);
}

/** pip's ENV_VAR_RE: only `${NAME}`, with upper-case letters, digits and `_` (so a `$` in a URL stays). */
export const ENV_VARIABLE = /\$\{([A-Z0-9_]+)\}/g;

/** An environment variable's value, or undefined when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

/** A `${NAME}` of a line, and what became of it. */
export interface Variable {
  /** As written: `${NAME}`. */
  readonly written: string;
  readonly name: string;
  /** Null when the variable is unset or empty: pip then keeps the text as written. */
  readonly value: string | null;
  /** Logical offsets of what was written, in the line before expansion. */
  readonly start: number;
  readonly end: number;
}

/**
 * pip's expand_env_variables on the characters [0, end) of `line` (the line without its
 * comment): each `${NAME}` whose variable is set and not empty becomes its value. A value is
 * never expanded again. The line returned is read up to the `end` returned.
 */
export function expandVariables(
  line: LogicalLine,
  end: number,
  lookup: VariableLookup,
): { readonly line: LogicalLine; readonly end: number; readonly variables: readonly Variable[] } {
  const text = line.text.slice(0, end);
  const variables: Variable[] = [];
  const expanded = new LogicalLine();
  let copied = 0;
  for (const match of text.matchAll(ENV_VARIABLE)) {
    const start = match.index;
    const written = match[0];
    const value = lookup(match[1]!) || null;
    variables.push({ written, name: match[1]!, value, start, end: start + written.length });
    if (value === null) continue;
    line.copyTo(expanded, copied, start);
    expanded.appendValue(value, line.at(start), written.length);
    copied = start + written.length;
  }
  if (variables.every((v) => v.value === null)) return { line, end, variables };
  line.copyTo(expanded, copied, end);
  return { line: expanded, end: expanded.text.length, variables };
}
