/**
 * Finds where a loader's error path (`projects.flask.versions.2.0.requires_dist[1]`) lies in
 * JSON text, so the index editor can underline it. Keys may hold dots (versions do), so each
 * step takes the longest key of the object that the rest of the path starts with.
 */
export interface Span {
  readonly from: number;
  readonly to: number;
}

type Node =
  | { readonly kind: 'object'; readonly span: Span; readonly members: readonly { key: string; keySpan: Span; value: Node }[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly Node[] }
  | { readonly kind: 'scalar'; readonly span: Span };

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  value(): Node {
    this.space();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === '{') {
      this.pos++;
      const members: { key: string; keySpan: Span; value: Node }[] = [];
      this.space();
      if (this.text[this.pos] === '}') this.pos++;
      else {
        for (;;) {
          this.space();
          const keyStart = this.pos;
          const key = JSON.parse(this.stringToken()) as string;
          const keySpan = { from: keyStart, to: this.pos };
          this.space();
          this.expect(':');
          const value = this.value();
          members.push({ key, keySpan, value });
          this.space();
          if (this.text[this.pos] === ',') this.pos++;
          else {
            this.expect('}');
            break;
          }
        }
      }
      return { kind: 'object', span: { from: start, to: this.pos }, members };
    }
    if (ch === '[') {
      this.pos++;
      const items: Node[] = [];
      this.space();
      if (this.text[this.pos] === ']') this.pos++;
      else {
        for (;;) {
          items.push(this.value());
          this.space();
          if (this.text[this.pos] === ',') this.pos++;
          else {
            this.expect(']');
            break;
          }
        }
      }
      return { kind: 'array', span: { from: start, to: this.pos }, items };
    }
    if (ch === '"') this.stringToken();
    else {
      const match = /^[^\s,\]}]+/.exec(this.text.slice(this.pos, this.pos + 64));
      if (!match) throw new Error('unexpected character');
      this.pos += match[0].length;
    }
    return { kind: 'scalar', span: { from: start, to: this.pos } };
  }

  stringToken(): string {
    const start = this.pos;
    this.expect('"');
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.expect('"');
    return this.text.slice(start, this.pos);
  }

  expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new Error(`expected ${ch}`);
    this.pos++;
  }
}

/** The span of the value (or, for a missing member, of its object) at `path`; null when the text does not parse. */
export function locateJsonPath(text: string, path: string): Span | null {
  let node: Node;
  try {
    node = new Scanner(text).value();
  } catch {
    return null;
  }
  let rest = path;
  while (rest) {
    if (node.kind === 'array') {
      const index = /^\[(\d+)\]\.?/.exec(rest);
      const item = index ? node.items[Number(index[1])] : undefined;
      if (!index || !item) return node.span;
      node = item;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (node.kind !== 'object') return node.span;
    let best: { key: string; keySpan: Span; value: Node } | null = null;
    for (const member of node.members) {
      const key = member.key;
      const fits = rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`);
      if (fits && (!best || key.length > best.key.length)) best = member;
    }
    if (!best) return { from: node.span.from, to: Math.min(node.span.from + 1, node.span.to) };
    rest = rest.slice(best.key.length).replace(/^\./, '');
    // The last step points at the key and its value, which is what the message is about.
    if (!rest) return { from: best.keySpan.from, to: best.value.kind === 'scalar' ? best.value.span.to : best.keySpan.to };
    node = best.value;
  }
  return node.span;
}
