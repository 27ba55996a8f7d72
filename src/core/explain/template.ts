/**
 * Wording lives in data: templates with named slots, e.g. "{depender} depends on {dependency}".
 * The format is deliberately tiny and safe — a slot is `{name}` (letters, digits, `_`), `{{`
 * and `}}` are literal braces — nothing is ever evaluated, so wording can come from a file
 * or from a person editing it in the browser.
 */

export type Wording = Readonly<Record<string, string>>;

export class TemplateError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`template "${key}": ${reason}`);
    this.name = 'TemplateError';
  }
}

const SLOT = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]/g;

/** The slot names a template uses, in order of first use. */
export function slotsOf(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(SLOT)) {
    const name = match[1];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Checks a template: every brace balanced, every slot one of `allowed` (when given). */
export function checkTemplate(key: string, template: string, allowed?: readonly string[]): void {
  for (const match of template.matchAll(SLOT)) {
    const text = match[0];
    if (text === '{{' || text === '}}') continue;
    if (!match[1]) throw new TemplateError(key, `stray "${text}" at ${match.index! + 1} (write {{ or }} for a literal brace)`);
    if (allowed && !allowed.includes(match[1])) {
      throw new TemplateError(key, `unknown slot {${match[1]}}; this template may use ${allowed.map((s) => `{${s}}`).join(', ') || 'no slots'}`);
    }
  }
}

/** One piece of a compiled template: text as it is, a slot to fill, or a stray brace (an error when reached). */
type Part = { readonly text: string } | { readonly slot: string } | { readonly stray: string };

/** Compiled templates by text; wording tables are small, so this stays small (bounded all the same). */
const compiledTemplates = new Map<string, readonly Part[]>();
const COMPILED_LIMIT = 4096;

/** `template` split once into literal text and slots (`{{`/`}}` already turned into braces). */
function compile(template: string): readonly Part[] {
  const known = compiledTemplates.get(template);
  if (known) return known;
  const parts: Part[] = [];
  let literal = '';
  let at = 0;
  for (const match of template.matchAll(SLOT)) {
    literal += template.slice(at, match.index);
    at = match.index! + match[0].length;
    if (match[0] === '{{') literal += '{';
    else if (match[0] === '}}') literal += '}';
    else {
      if (literal) parts.push({ text: literal });
      literal = '';
      parts.push(match[1] ? { slot: match[1] } : { stray: match[0] });
    }
  }
  literal += template.slice(at);
  if (literal) parts.push({ text: literal });
  if (compiledTemplates.size >= COMPILED_LIMIT) compiledTemplates.clear();
  compiledTemplates.set(template, parts);
  return parts;
}

/** The bound on what `fill` makes while `withTextLimit` runs; none outside it. */
let textLimit: { readonly maxChars: number; readonly totalChars: number; made: number } | null = null;

/**
 * Runs `render` with each `fill` in it making at most `maxChars` characters, and all of them
 * together at most `totalChars`; past either, the fill throws a TemplateError. Wording can come
 * from anyone, and a template that repeats a slot whose value repeats a slot multiplies the text
 * at every level: without a bound, 8 KB of templates make a message of hundreds of millions.
 */
export function withTextLimit<T>(maxChars: number, totalChars: number, render: () => T): T {
  const outer = textLimit;
  textLimit = { maxChars, totalChars, made: 0 };
  try {
    return render();
  } finally {
    textLimit = outer;
  }
}

/** Fills `template`'s slots from `values`; a slot with no value is an error, never silently empty. */
export function fill(key: string, template: string, values: Readonly<Record<string, string>>): string {
  const limit = textLimit;
  let out = '';
  for (const part of compile(template)) {
    if ('text' in part) out += part.text;
    else if ('slot' in part) {
      const value = values[part.slot];
      if (typeof value !== 'string') throw new TemplateError(key, `no value for {${part.slot}}`);
      out += value;
    } else throw new TemplateError(key, `stray "${part.stray}"`);
    if (limit && out.length > limit.maxChars) throw new TemplateError(key, `the text would be longer than ${limit.maxChars} characters`);
    if (limit && limit.made + out.length > limit.totalChars) throw new TemplateError(key, `the message would take more than ${limit.totalChars} characters of text to make`);
  }
  if (limit) limit.made += out.length;
  return out;
}

/** Looks `key` up in `wording` (falling back to `fallback`) and fills it. */
export function say(wording: Wording, fallback: Wording, key: string, values: Readonly<Record<string, string>> = {}): string {
  const template = wording[key] ?? fallback[key];
  if (template === undefined) throw new TemplateError(key, 'no such template');
  return fill(key, template, values);
}
