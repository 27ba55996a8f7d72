/**
 * A small strict XML reader for tests: elements, attributes, text, the five entities and
 * character references; it throws on anything not well-formed (unclosed or mismatched tags,
 * a bare `&` or `<`, duplicate attributes, characters XML 1.0 forbids).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw new Error(`a character XML 1.0 forbids near offset ${at}`);
  if (text.includes('<')) throw new Error(`a bare < near offset ${at}`);
  return text.replace(/&([^;]*);|&/g, (_match, body: string | undefined) => {
    if (body === undefined) throw new Error(`a bare & near offset ${at}`);
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const value = ENTITIES[body];
    if (value === undefined) throw new Error(`unknown entity &${body}; near offset ${at}`);
    return value;
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const skipProlog = () => {
    if (xml.startsWith('<?xml', i)) i = xml.indexOf('?>', i) + 2;
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  skipProlog();
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    if (xml[i] === '<') {
      if (xml.startsWith('</', i)) {
        const end = xml.indexOf('>', i);
        const name = xml.slice(i + 2, end).trim();
        const open = stack.pop();
        if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}> at offset ${i}`);
        i = end + 1;
        continue;
      }
      if (xml.startsWith('<!--', i)) {
        i = xml.indexOf('-->', i) + 3;
        continue;
      }
      i++;
      const name = NAME.exec(xml.slice(i))?.[0];
      if (!name) throw new Error(`a tag without a name at offset ${i}`);
      i += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        while (/\s/.test(xml[i] ?? '')) i++;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        const attr = NAME.exec(xml.slice(i))?.[0];
        if (!attr) throw new Error(`a malformed attribute in <${name}> at offset ${i}`);
        i += attr.length;
        if (xml[i] !== '=' || xml[i + 1] !== '"') throw new Error(`attribute ${attr} of <${name}> is not ="..." at offset ${i}`);
        const end = xml.indexOf('"', i + 2);
        if (end < 0) throw new Error(`attribute ${attr} of <${name}> is not closed`);
        if (attr in element.attributes) throw new Error(`attribute ${attr} twice in <${name}>`);
        element.attributes[attr] = decode(xml.slice(i + 2, end), i);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new Error(`a second root element <${name}>`);
      else root = element;
      if (xml.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(element);
      }
      continue;
    }
    const next = xml.indexOf('<', i);
    const end = next < 0 ? xml.length : next;
    const text = xml.slice(i, end);
    const open = stack[stack.length - 1];
    if (open) open.text += decode(text, i);
    else if (text.trim()) throw new Error(`text outside the root element at offset ${i}`);
    i = end;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
