// Templates are compiled once into literal text and slots; filling them says exactly what filling by regular expression said.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fill, TemplateError } from '../../../src/core/explain/index.ts';

const SLOT = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]/g;

/** The former implementation, kept as the oracle. */
function fillByRegExp(key: string, template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(SLOT, (text, name: string | undefined) => {
    if (text === '{{') return '{';
    if (text === '}}') return '}';
    if (!name) throw new TemplateError(key, `stray "${text}"`);
    const value = values[name];
    if (value === undefined) throw new TemplateError(key, `no value for {${name}}`);
    return value;
  });
}

function outcome(run: () => string): { text: string } | { error: string } {
  try {
    return { text: run() };
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return { error: (error as Error).message };
  }
}

const pieces = fc.constantFrom('{a}', '{b}', '{missing}', '{{', '}}', '{', '}', '{1x}', 'text ', ' and ', '$&', '$1', '\n', 'é', '{a_b2}');
const templates = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));

describe('compiled templates', () => {
  it.each([
    ['{depender} depends on {dependency}', { depender: 'a 1.0', dependency: 'b>=2' }, 'a 1.0 depends on b>=2'],
    ['literal {{braces}} stay', {}, 'literal {braces} stay'],
    ['{x}{x}{y}', { x: '$&', y: '{y}' }, '$&$&{y}'],
    ['', {}, ''],
  ])('fills %j', (template, values, expected) => {
    expect(fill('k', template, values)).toBe(expected);
    expect(fill('k', template, values)).toBe(expected);
  });

  it('says which slot has no value, and where a brace is stray, as before', () => {
    expect(() => fill('summary', 'a {b} c', {})).toThrow('template "summary": no value for {b}');
    expect(() => fill('summary', 'a { c', {})).toThrow('template "summary": stray "{"');
  });

  it('agrees with filling by regular expression on any template', () => {
    fc.assert(
      fc.property(templates, fc.record({ a: fc.string(), b: fc.string(), a_b2: fc.string() }), (template, values) => {
        expect(outcome(() => fill('key', template, values))).toEqual(outcome(() => fillByRegExp('key', template, values)));
      }),
      { numRuns: 2000 },
    );
  });
});
