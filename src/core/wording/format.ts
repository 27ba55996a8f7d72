/**
 * Wording variants (`"format": "pipette-wording/1"`): a named set of overrides of the base
 * templates of each voice, with a language tag and a description.
 *
 * ```json
 * { "format": "pipette-wording/1", "id": "short-pip", "name": "Shorter pip", "language": "en",
 *   "description": "…", "templates": { "pip": { "conflict.caused": "Because:" } } }
 * ```
 *
 * A variant comes from a file, a link or a person typing, so it is checked, never trusted:
 * a problem in the envelope refuses the file; a problem at one template (an unknown key, an
 * unknown slot, a stray brace, too long) is an error at that key and the template is left out;
 * a template that drops a slot its base uses is a warning. Checking never throws.
 */
import { checkTemplate, slotsOf, TemplateError, VOICES, type Voice, type Wording } from '../explain/index.ts';
import { baseTemplates } from './base.ts';
import { isLevelKey } from './levels.ts';

export const WORDING_FORMAT = 'pipette-wording/1';
export const MAX_WORDING_FILE_CHARS = 1024 * 1024;
export const MAX_TEMPLATE_CHARS = 4000;
export const MAX_TEMPLATES = 2000;
const MAX_NAME = 120;
const MAX_DESCRIPTION = 4000;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A variant id's length, at most. */
export const MAX_VARIANT_ID = 64;
const MAX_ID = MAX_VARIANT_ID;
/** A BCP 47 tag, loosely: `en`, `en-GB`, `pt-BR`, `zh-Hant-TW`. */
const LANGUAGE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const KEYS = ['format', 'id', 'name', 'language', 'description', 'templates'];
/**
 * Line breaks and control characters: a name is printed in Markdown headings and table rows,
 * and in PO headers. Bidirectional embeddings, overrides and isolates too: "abc\u202etxt.exe"
 * shows as "abcexe.txt" and reverses the page's own words after it.
 */
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** A description may have lines (LF or CRLF) and tabs, but no other control character. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** Noncharacters that render.ts marks templates with: never text, so refused in a template. */
const RESERVED = /[\uFDD0-\uFDEF]/u;

export type VariantTemplates = { readonly [V in Voice]?: Readonly<Record<string, string>> };

export interface WordingVariant {
  readonly format: typeof WORDING_FORMAT;
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly description: string;
  /** Overrides by voice, then template key; anything not here is the base text. */
  readonly templates: VariantTemplates;
}

export interface WordingIssue {
  readonly severity: 'error' | 'warning';
  /** Where: `templates.pip.conflict.head`, `id`, or '' for the whole file. */
  readonly path: string;
  readonly voice: Voice | null;
  readonly key: string | null;
  readonly message: string;
}

export interface WordingCheck {
  /** The variant with every unusable template left out, or null when the file can't be used at all. */
  readonly variant: WordingVariant | null;
  readonly issues: readonly WordingIssue[];
}

/** The base wording, as a variant with nothing overridden. */
export const BASE_VARIANT: WordingVariant = {
  format: WORDING_FORMAT,
  id: 'base',
  name: 'Base wording',
  language: 'en',
  description: 'Pipette’s own wording, as it ships.',
  templates: {},
};

/** A valid variant id made from a name (a file's): lower case, digits and single dashes, at most 64 characters. */
export function variantIdFrom(name: string, fallback = 'variant'): string {
  // NFKD splits "è" into "e" and a combining accent, which is then dropped: "Très" becomes "tres".
  const slug = name.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return slug.slice(0, MAX_ID).replace(/-$/, '') || fallback;
}

export function emptyVariant(id: string, name: string): WordingVariant {
  return { format: WORDING_FORMAT, id, name, language: 'en', description: '', templates: {} };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a variant file's text; JSON and size problems are issues too. */
export function parseWordingFile(text: string): WordingCheck {
  if (text.length > MAX_WORDING_FILE_CHARS) {
    return refuse('', `the file is ${text.length} characters long, over the limit of ${MAX_WORDING_FILE_CHARS}`);
  }
  let value: unknown;
  try {
    // Windows editors start a file with a byte-order mark, which JSON.parse calls an unexpected token.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return refuse('', `not valid JSON (${(error as Error).message})`);
  }
  return checkWordingVariant(value);
}

function refuse(path: string, message: string): WordingCheck {
  return { variant: null, issues: [{ severity: 'error', path, voice: null, key: null, message }] };
}

/** Checks a variant already parsed (from a file, a link, storage). */
export function checkWordingVariant(value: unknown): WordingCheck {
  if (!isObject(value)) return refuse('', `expected a wording variant (a JSON object), found ${describe(value)}`);
  if (value.format !== WORDING_FORMAT) {
    const newer = typeof value.format === 'string' && value.format.startsWith('pipette-wording/');
    return refuse('format', newer ? `${JSON.stringify(value.format)} is a format this Pipette does not read (it reads "${WORDING_FORMAT}")` : `expected "${WORDING_FORMAT}", found ${describe(value.format)}`);
  }
  const issues: WordingIssue[] = [];
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) issues.push({ severity: 'warning', path: key, voice: null, key: null, message: `unknown field, ignored (a variant has ${KEYS.join(', ')})` });
  }
  const text = (field: string, max: number, fallback: string | null, pattern?: RegExp, shape?: string): string | null => {
    const v = value[field];
    if (v === undefined && fallback !== null) return fallback;
    if (typeof v !== 'string') return (issues.push({ severity: 'error', path: field, voice: null, key: null, message: `expected a string, found ${describe(v)}` }), null);
    if (v.length > max) return (issues.push({ severity: 'error', path: field, voice: null, key: null, message: `is ${v.length} characters long; at most ${max} are allowed` }), null);
    if (pattern && !pattern.test(v)) return (issues.push({ severity: 'error', path: field, voice: null, key: null, message: `expected ${shape}, found ${describe(v)}` }), null);
    const control = (field === 'description' ? NOT_TEXT : NOT_ONE_LINE).exec(v);
    if (control) {
      const what = field === 'description' ? 'a control character' : 'one line with no control characters';
      const at = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1}`;
      return (issues.push({ severity: 'error', path: field, voice: null, key: null, message: field === 'description' ? `must not hold ${what} (${at})` : `must be ${what} (${at})` }), null);
    }
    return v;
  };
  const id = text('id', MAX_ID, null, ID, 'lower-case letters, digits and single dashes, like "short-pip"');
  const name = text('name', MAX_NAME, null);
  const language = text('language', 35, 'en', LANGUAGE, 'a language tag such as "en" or "pt-BR"');
  const description = text('description', MAX_DESCRIPTION, '');
  if (name !== null && name.trim() === '') issues.push({ severity: 'error', path: 'name', voice: null, key: null, message: 'must not be empty' });
  const templates = checkTemplates(value.templates, issues);
  if (id === null || name === null || name.trim() === '' || language === null || description === null || templates === null) return { variant: null, issues };
  return { variant: { format: WORDING_FORMAT, id, name, language, description, templates }, issues };
}

function checkTemplates(value: unknown, issues: WordingIssue[]): VariantTemplates | null {
  if (value === undefined) return {};
  if (!isObject(value)) {
    issues.push({ severity: 'error', path: 'templates', voice: null, key: null, message: `expected an object of voices (${VOICES.join(', ')}), found ${describe(value)}` });
    return null;
  }
  const out: { [V in Voice]?: Record<string, string> } = {};
  let count = 0;
  for (const [voiceName, table] of Object.entries(value)) {
    const path = `templates.${voiceName}`;
    if (!(VOICES as readonly string[]).includes(voiceName)) {
      issues.push({ severity: 'error', path, voice: null, key: null, message: `unknown voice; expected ${VOICES.join(', ')}` });
      continue;
    }
    const voice = voiceName as Voice;
    if (!isObject(table)) {
      issues.push({ severity: 'error', path, voice, key: null, message: `expected an object of templates by key, found ${describe(table)}` });
      continue;
    }
    const kept: Record<string, string> = {};
    for (const [key, text] of Object.entries(table)) {
      if (++count > MAX_TEMPLATES) {
        issues.push({ severity: 'error', path, voice, key: null, message: `more than ${MAX_TEMPLATES} templates; the rest are left out` });
        break;
      }
      const problem = templateProblems(voice, key, text);
      issues.push(...problem.issues);
      if (problem.usable) kept[key] = text as string;
    }
    // A voice with nothing left to override is the base voice: listed, it would count as overridden.
    if (Object.keys(kept).length > 0) out[voice] = kept;
  }
  return out;
}

/** What is wrong with one template of a variant (also used by the editor while typing). */
export function templateProblems(voice: Voice, key: string, text: unknown): { usable: boolean; issues: WordingIssue[] } {
  const path = `templates.${voice}.${key}`;
  const issue = (severity: WordingIssue['severity'], message: string): WordingIssue => ({ severity, path, voice, key, message });
  const base = baseTemplates(voice).get(key);
  if (!base) return { usable: false, issues: [issue('error', `not a template of the ${voice} voice; left out`)] };
  if (typeof text !== 'string') return { usable: false, issues: [issue('error', `expected the template's text, found ${describe(text)}`)] };
  if (text.length > MAX_TEMPLATE_CHARS) return { usable: false, issues: [issue('error', `is ${text.length} characters long; at most ${MAX_TEMPLATE_CHARS} are allowed`)] };
  const reserved = RESERVED.exec(text);
  if (reserved) return { usable: false, issues: [issue('error', `holds U+${reserved[0].charCodeAt(0).toString(16).toUpperCase()} at character ${reserved.index + 1}, a Unicode noncharacter; U+FDD0 to U+FDEF are kept for Pipette's own use`)] };
  try {
    checkTemplate(key, text, base.allowed);
  } catch (error) {
    if (error instanceof TemplateError) return { usable: false, issues: [issue('error', error.reason)] };
    throw error;
  }
  const used = slotsOf(text);
  if (isLevelKey(key)) {
    // Level slots are alternatives: a level needs one of them to say anything about the failure.
    const content = ['message', 'summary', 'conclusion', 'headline', 'proof'];
    const says = used.some((s) => content.includes(s));
    return { usable: true, issues: says ? [] : [issue('warning', `uses none of ${content.map((s) => `{${s}}`).join(', ')}: the message would not say what failed`)] };
  }
  const dropped = base.slots.filter((s) => !used.includes(s));
  const issues = dropped.length ? [issue('warning', `leaves out ${dropped.map((s) => `{${s}}`).join(', ')}, which the base text says`)] : [];
  return { usable: true, issues };
}

/** The wording per voice that explain's renderers take: base tables with the variant laid over. */
export function variantWording(variant: WordingVariant): Partial<Record<Voice, Wording>> {
  const out: Partial<Record<Voice, Wording>> = {};
  for (const voice of VOICES) if (variant.templates[voice]) out[voice] = { ...variant.templates[voice] };
  return out;
}

/** How many templates the variant overrides. */
export function overrideCount(variant: WordingVariant): number {
  return VOICES.reduce((n, voice) => n + Object.keys(variant.templates[voice] ?? {}).length, 0);
}

/** The variant as a file: fields in the format's order, two-space indentation. */
export function serializeWordingVariant(variant: WordingVariant): string {
  const { format, id, name, language, description, templates } = variant;
  return `${JSON.stringify({ format, id, name, language, description, templates }, null, 2)}\n`;
}

/** A copy with one template set (or, with `text` null or the base text, taken back to the base). */
export function withTemplate(variant: WordingVariant, voice: Voice, key: string, text: string | null): WordingVariant {
  const table = { ...(variant.templates[voice] ?? {}) };
  if (text === null || text === baseTemplates(voice).get(key)?.text) delete table[key];
  else table[key] = text;
  const templates: { [V in Voice]?: Readonly<Record<string, string>> } = { ...variant.templates, [voice]: table };
  if (Object.keys(table).length === 0) delete templates[voice];
  return { ...variant, templates };
}
