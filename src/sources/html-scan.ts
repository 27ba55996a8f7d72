/**
 * A small HTML tokenizer, enough to read the Simple API's HTML form: start tags with their
 * attributes, end tags and text, in document order. It follows the HTML tokenizer where that
 * matters for index pages (https://html.spec.whatwg.org/multipage/parsing.html#tokenization):
 * tag and attribute names in any case, values in double, single or no quotes, character
 * references decoded in values, the first of two same-named attributes kept, comments,
 * doctypes and `<script>` / `<style>` bodies skipped, a `<` that opens no tag read as text.
 *
 * No DOM (it runs in workers and in Node) and no backtracking: every step moves forward, and
 * searches are `indexOf`, so a page is read in time linear in its length. What a browser would
 * quietly repair because the document stops short (a tag, a quoted value or a comment that is
 * never closed) is an HtmlSyntaxError here: for an index page that means a body cut off.
 */
import { decodeEntities } from './html-entities.ts';

export type HtmlToken =
  | { readonly kind: 'start'; readonly name: string; readonly attributes: ReadonlyMap<string, string>; readonly offset: number }
  | { readonly kind: 'end'; readonly name: string; readonly offset: number }
  /** Text as written: character references are left for the reader to decode (most text is never used). */
  | { readonly kind: 'text'; readonly text: string; readonly offset: number };

/** Where the document stops making sense, as an offset into it. */
export class HtmlSyntaxError extends Error {
  override readonly name = 'HtmlSyntaxError';
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** 1-based line and column of an offset, for messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Elements whose content is not markup: skipped to their end tag (script, style) or read as text only (title, textarea). */
const RAW_TEXT = new Set(['script', 'style']);
const ESCAPABLE_RAW_TEXT = new Set(['title', 'textarea']);

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

export function* scanHtml(html: string): Generator<HtmlToken, void, undefined> {
  let pos = 0;
  let textStart = 0;
  const flushText = function* (end: number): Generator<HtmlToken, void, undefined> {
    if (end > textStart) yield { kind: 'text', text: html.slice(textStart, end), offset: textStart };
  };

  while (pos < html.length) {
    const open = html.indexOf('<', pos);
    if (open < 0) break;
    const next = html.charCodeAt(open + 1);

    if (isLetter(next)) {
      yield* flushText(open);
      const tag = readTag(html, open);
      yield { kind: 'start', name: tag.name, attributes: tag.attributes, offset: open };
      pos = textStart = tag.end;
      if (RAW_TEXT.has(tag.name) || ESCAPABLE_RAW_TEXT.has(tag.name)) {
        const close = findEndTag(html, tag.name, pos);
        if (close < 0) throw new HtmlSyntaxError(open, `the page ends inside the <${tag.name}> element that starts here`);
        if (ESCAPABLE_RAW_TEXT.has(tag.name)) yield* flushText(close);
        const end = html.indexOf('>', close);
        if (end < 0) throw new HtmlSyntaxError(close, `the page ends inside the </${tag.name}> tag that starts here`);
        yield { kind: 'end', name: tag.name, offset: close };
        pos = textStart = end + 1;
      }
      continue;
    }

    if (next === 0x2f /* / */ && isLetter(html.charCodeAt(open + 2))) {
      yield* flushText(open);
      const tag = readTag(html, open + 1);
      yield { kind: 'end', name: tag.name, offset: open };
      pos = textStart = tag.end;
      continue;
    }

    if (html.startsWith('<!--', open)) {
      yield* flushText(open);
      // `<!-->` and `<!--->` are (empty) comments too.
      const end = html.startsWith('>', open + 4) ? open + 5 : html.startsWith('->', open + 4) ? open + 6 : endOf(html, '-->', open + 4, open, 'comment');
      pos = textStart = end;
      continue;
    }

    if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || next === 0x2f /* / */) {
      // A doctype, `<?xml ...>`, `</>` or another bogus comment: up to the next `>`.
      yield* flushText(open);
      pos = textStart = endOf(html, '>', open + 2, open, next === 0x21 ? '<!…> declaration' : next === 0x3f ? '<?…> instruction' : '</…> tag');
      continue;
    }

    // A `<` that opens nothing is text.
    pos = open + 1;
  }
  yield* flushText(html.length);
}

function endOf(html: string, marker: string, from: number, start: number, what: string): number {
  const at = html.indexOf(marker, from);
  if (at < 0) throw new HtmlSyntaxError(start, `the page ends inside the ${what} that starts here`);
  return at + marker.length;
}

/** The offset of `</name` (any case) followed by whitespace, `/` or `>`, or -1. */
function findEndTag(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) {
    const after = html.charCodeAt(at + 2 + name.length);
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name && (isWhitespace(after) || after === 0x2f || after === 0x3e || Number.isNaN(after))) {
      return at;
    }
  }
  return -1;
}

/** Reads the tag whose name starts at `at + 1`: its lower-cased name, its attributes, and the offset after its `>`. */
function readTag(html: string, at: number): { name: string; attributes: Map<string, string>; end: number } {
  const tagStart = at;
  let pos = at + 1;
  while (pos < html.length && !isWhitespace(html.charCodeAt(pos)) && html[pos] !== '/' && html[pos] !== '>') pos++;
  const name = html.slice(at + 1, pos).toLowerCase();
  const attributes = new Map<string, string>();
  const endsInside = () => new HtmlSyntaxError(tagStart, `the page ends inside the <${name}> tag that starts here`);

  for (;;) {
    while (pos < html.length && (isWhitespace(html.charCodeAt(pos)) || html[pos] === '/')) pos++;
    if (pos >= html.length) throw endsInside();
    if (html[pos] === '>') return { name, attributes, end: pos + 1 };

    // An attribute name runs to whitespace, `/`, `>` or `=` (a leading `=` belongs to it).
    const nameStart = pos;
    pos++;
    while (pos < html.length && !isWhitespace(html.charCodeAt(pos)) && html[pos] !== '/' && html[pos] !== '>' && html[pos] !== '=') pos++;
    const attribute = html.slice(nameStart, pos).toLowerCase();
    while (pos < html.length && isWhitespace(html.charCodeAt(pos))) pos++;

    let value = '';
    if (html[pos] === '=') {
      pos++;
      while (pos < html.length && isWhitespace(html.charCodeAt(pos))) pos++;
      if (pos >= html.length) throw endsInside();
      const quote = html[pos];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, pos + 1);
        if (close < 0) throw new HtmlSyntaxError(pos, `the page ends inside the quoted value of ${attribute} that starts here`);
        value = html.slice(pos + 1, close);
        pos = close + 1;
      } else {
        const valueStart = pos;
        while (pos < html.length && !isWhitespace(html.charCodeAt(pos)) && html[pos] !== '>') pos++;
        value = html.slice(valueStart, pos);
      }
    }
    if (!attributes.has(attribute)) attributes.set(attribute, decodeEntities(value));
  }
}
