/**
 * A variant as a plain-text catalogue for a pull request to an installer: every template key,
 * its base text, the variant's text when it differs, and the scenarios of the suite that use it.
 */
import { VOICES, type Voice } from '../explain/index.ts';
import { baseTemplates } from './base.ts';
import { overrideCount, type WordingVariant } from './format.ts';

function block(label: string, text: string): string[] {
  const [first, ...rest] = text.split('\n');
  return [`  ${label.padEnd(9)}${first}`, ...rest.map((line) => `  ${' '.repeat(9)}${line}`)];
}

/** `usage`: per voice, the scenario ids that used each key (leave out when no suite was rendered). */
export function variantCatalogue(variant: WordingVariant, usage?: Partial<Record<Voice, ReadonlyMap<string, readonly string[]>>>): string {
  const out = [`Wording variant: ${variant.name} (${variant.id}), language ${variant.language}`, `${overrideCount(variant)} templates changed from Pipette's base wording.`];
  if (variant.description) out.push('', variant.description);
  for (const voice of VOICES) {
    out.push('', `== ${voice} voice ==`);
    for (const info of baseTemplates(voice).values()) {
      const text = variant.templates[voice]?.[info.key];
      out.push('', `${voice} ${info.key}${text !== undefined ? '   [changed]' : ''}`);
      if (info.allowed.length) out.push(`  slots:   ${info.allowed.map((s) => `{${s}}`).join(', ')}`);
      out.push(...block('base:', info.text));
      if (text !== undefined) out.push(...block('variant:', text));
      if (usage) {
        const scenarios = usage[voice]?.get(info.key) ?? [];
        out.push(`  used by: ${scenarios.length ? `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}: ${scenarios.join(', ')}` : 'no scenario of the suite'}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
