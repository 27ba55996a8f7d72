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

/** Fills `template`'s slots from `values`; a slot with no value is an error, never silently empty. */
export function fill(key: string, template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(SLOT, (text, name: string | undefined) => {
    if (text === '{{') return '{';
    if (text === '}}') return '}';
    if (!name) throw new TemplateError(key, `stray "${text}"`);
    const value = values[name];
    if (value === undefined) throw new TemplateError(key, `no value for {${name}}`);
    return value;
  });
}

/** Looks `key` up in `wording` (falling back to `fallback`) and fills it. */
export function say(wording: Wording, fallback: Wording, key: string, values: Readonly<Record<string, string>> = {}): string {
  const template = wording[key] ?? fallback[key];
  if (template === undefined) throw new TemplateError(key, 'no such template');
  return fill(key, template, values);
}
