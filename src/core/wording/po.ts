/**
 * A variant as a gettext PO file, so that translators can work on it with the tools they
 * already use (Poedit, Weblate, msgmerge). One entry per base template:
 *
 *   #. slots: {list}
 *   #: scenario-a scenario-b          (the scenarios of the suite that use it, when known)
 *   #, python-brace-format
 *   msgctxt "pip|conflict.head"
 *   msgid "ERROR: Cannot install {list} because …"   (the base text)
 *   msgstr "…"                                       (the variant's; empty = the base text)
 *
 * An override that is empty on purpose (the variant says nothing there) can't be an empty msgstr,
 * which gettext reads as "not translated": its entry carries the translator comment
 * `# pipette: empty`, and reading it back gives the empty text.
 *
 * The header carries the language and the variant's id, name and description. Reading one
 * back ignores fuzzy and obsolete entries (as msgfmt does), warns when the base text has
 * changed since the file was made, and checks the result as any variant file is checked.
 */
import { VOICES, type Voice } from '../explain/index.ts';
import { baseTemplates } from './base.ts';
import { checkWordingVariant, MAX_WORDING_FILE_CHARS, WORDING_FORMAT, type WordingCheck, type WordingIssue, type WordingVariant } from './format.ts';

function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** A keyword and its string; text with line breaks is split after each, as gettext's tools write it. */
function poString(keyword: string, text: string): string {
  if (!text.includes('\n') || text.indexOf('\n') === text.length - 1) return `${keyword} "${escape(text)}"`;
  const parts = text.split(/(?<=\n)/);
  return [`${keyword} ""`, ...parts.map((p) => `"${escape(p)}"`)].join('\n');
}

export function variantToPo(variant: WordingVariant, usage?: Partial<Record<Voice, ReadonlyMap<string, readonly string[]>>>): string {
  const header = [
    `Project-Id-Version: pipette-wording ${variant.id}`,
    `Language: ${variant.language}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    `X-Pipette-Format: ${WORDING_FORMAT}`,
    `X-Pipette-Variant: ${variant.id}`,
    `X-Pipette-Name: ${variant.name.replace(/\n/g, ' ')}`,
    `X-Pipette-Description: ${variant.description.replace(/\n/g, ' ')}`,
  ];
  const out = [`# Pipette wording variant: ${variant.name.replace(/\n/g, ' ')}`, 'msgid ""', poString('msgstr', header.map((h) => `${h}\n`).join('')).replace(/^msgstr "(.*)"$/, 'msgstr ""\n"$1"'), ''];
  for (const voice of VOICES) {
    for (const info of baseTemplates(voice).values()) {
      if (info.allowed.length) out.push(`#. slots: ${info.allowed.map((s) => `{${s}}`).join(', ')}`);
      const scenarios = usage?.[voice]?.get(info.key);
      if (scenarios?.length) out.push(`#: ${scenarios.join(' ')}`);
      const text = variant.templates[voice]?.[info.key];
      if (text === '') out.push(EMPTY_ON_PURPOSE);
      out.push('#, python-brace-format');
      out.push(poString('msgctxt', `${voice}|${info.key}`));
      out.push(poString('msgid', info.text));
      out.push(poString('msgstr', text ?? ''));
      out.push('');
    }
  }
  return out.join('\n');
}

/** The translator comment on an entry whose empty msgstr is the variant's text, not "untranslated". */
const EMPTY_ON_PURPOSE = '# pipette: empty';

interface PoEntry {
  context: string | null;
  id: string;
  str: string;
  fuzzy: boolean;
  /** Marked EMPTY_ON_PURPOSE: an empty msgstr is the text. */
  empty: boolean;
  line: number;
}

export class PoSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'PoSyntaxError';
  }
}

function unescape(body: string, line: number): string {
  return body.replace(/\\(.)/g, (_, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
      case '\\':
        return c;
      default:
        throw new PoSyntaxError(line, `unknown escape \\${c}`);
    }
  });
}

/** The entries of a PO file (obsolete `#~` entries left out). Throws PoSyntaxError. */
export function parsePo(text: string): PoEntry[] {
  const entries: PoEntry[] = [];
  let current: PoEntry | null = null;
  let field: 'context' | 'id' | 'str' | 'other' | null = null;
  let fuzzy = false;
  let empty = false;
  const finish = () => {
    if (current) entries.push(current);
    current = null;
    field = null;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      if (current && field === 'str') finish();
      if (line.startsWith('#,') && /\bfuzzy\b/.test(line)) fuzzy = true;
      if (line === EMPTY_ON_PURPOSE) empty = true;
      return;
    }
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(line);
    if (quoted) {
      if (!current || field === null) throw new PoSyntaxError(n, 'a string with no keyword before it');
      const value = unescape(quoted[1]!, n);
      if (field !== 'other') current[field] += value;
      return;
    }
    const keyword = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"((?:[^"\\]|\\.)*)"$/.exec(line);
    if (!keyword) throw new PoSyntaxError(n, `expected msgctxt, msgid, msgstr or a quoted string, found ${JSON.stringify(line.slice(0, 40))}`);
    const [, word, body] = keyword;
    const value = unescape(body!, n);
    if (word === 'msgctxt' || (word === 'msgid' && field !== 'context')) {
      finish();
      current = { context: null, id: '', str: '', fuzzy, empty, line: n };
      fuzzy = false;
      empty = false;
    }
    if (!current) throw new PoSyntaxError(n, `${word} before any msgid`);
    const entry: PoEntry = current;
    if (word === 'msgctxt') {
      entry.context = value;
      field = 'context';
    } else if (word === 'msgid') {
      entry.id = value;
      field = 'id';
    } else if (word === 'msgstr' || word === 'msgstr[0]') {
      entry.str = value;
      field = 'str';
    } else {
      field = 'other';
    }
  });
  finish();
  return entries;
}

function headerField(header: string, name: string): string | null {
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(header);
  return match ? match[1]!.trim() : null;
}

/**
 * The charset a PO file's header declares (`Content-Type: text/plain; charset=ISO-8859-1`) and
 * the line it is on; null when it declares none, or only xgettext's placeholder `CHARSET`. The
 * header is ASCII, so `text` may be the file's bytes taken one character each (latin1).
 */
export function poCharset(text: string): { charset: string; line: number } | null {
  // The header is the first entry: what comes after the first msgctxt or non-empty msgid is not it.
  const entries = /^[ \t]*(?:msgctxt|msgid[ \t]+"[^"])/m.exec(text);
  const header = entries ? text.slice(0, entries.index) : text;
  const match = /Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:+-]+)/i.exec(header);
  if (!match || match[1]!.toUpperCase() === 'CHARSET') return null;
  let line = 1;
  for (let i = header.indexOf('\n'); i >= 0 && i < match.index; i = header.indexOf('\n', i + 1)) line++;
  return { charset: match[1]!, line };
}

/** Scripts that gettext writes as a locale's `@modifier`, as BCP 47 writes them. */
const SCRIPT_MODIFIERS: ReadonlyMap<string, string> = new Map([
  ['latin', 'Latn'],
  ['cyrillic', 'Cyrl'],
]);

/**
 * A PO `Language` header as a BCP 47 tag: gettext's `ll_CC` (Poedit and Weblate write
 * `pt_BR`) becomes `pt-BR`, and `sr@latin` becomes `sr-Latn`; another `@modifier` has no tag
 * of its own and is dropped, with a note saying so. A `.codeset` part is dropped too.
 */
export function languageTag(value: string): { tag: string; dropped: string | null } {
  const at = value.indexOf('@');
  const locale = (at < 0 ? value : value.slice(0, at)).replace(/\..*$/, '');
  const modifier = at < 0 ? null : value.slice(at + 1);
  const [language = '', ...rest] = locale.split(/[_-]/);
  const script = modifier === null ? undefined : SCRIPT_MODIFIERS.get(modifier.toLowerCase());
  const tag = [language, ...(script ? [script] : []), ...rest].join('-');
  return { tag, dropped: modifier !== null && !script ? modifier : null };
}

/** Quotes what a file wrote, at most 40 characters of it. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Reads a PO file back into a variant; `fallbackId` names it when the header does not. */
export function variantFromPo(text: string, fallbackId = 'translated'): WordingCheck {
  if (text.length > MAX_WORDING_FILE_CHARS) {
    return { variant: null, issues: [{ severity: 'error', path: '', voice: null, key: null, message: `the file is ${text.length} characters long, over the limit of ${MAX_WORDING_FILE_CHARS}` }] };
  }
  let entries: PoEntry[];
  try {
    entries = parsePo(text);
  } catch (error) {
    if (error instanceof PoSyntaxError) return { variant: null, issues: [{ severity: 'error', path: `line ${error.line}`, voice: null, key: null, message: error.reason }] };
    throw error;
  }
  const headerEntry = entries.find((e) => e.id === '' && e.context === null);
  const header = headerEntry?.str ?? '';
  const issues: WordingIssue[] = [];
  // Voices and keys come from the file: nothing it names may reach Object or its prototype.
  const templates: Partial<Record<Voice, Record<string, string>>> = Object.create(null);
  for (const entry of entries) {
    if (entry === headerEntry) continue;
    if (entry.fuzzy || (entry.str === '' && !entry.empty)) continue;
    const at = entry.context?.indexOf('|') ?? -1;
    const path = `line ${entry.line}`;
    if (entry.context === null || at < 0) {
      issues.push({ severity: 'warning', path, voice: null, key: null, message: 'an entry without a "voice|key" context; left out' });
      continue;
    }
    const voiceName = entry.context.slice(0, at);
    const key = entry.context.slice(at + 1);
    if (!(VOICES as readonly string[]).includes(voiceName)) {
      issues.push({ severity: 'error', path, voice: null, key: null, message: `msgctxt ${quoted(entry.context)}: unknown voice ${quoted(voiceName)}; expected ${VOICES.join(', ')}; left out` });
      continue;
    }
    const voice = voiceName as Voice;
    const base = baseTemplates(voice).get(key);
    if (!base) {
      issues.push({ severity: 'error', path, voice, key: null, message: `msgctxt ${quoted(entry.context)}: ${quoted(key)} is not a template of the ${voice} voice; left out` });
      continue;
    }
    if (base.text !== entry.id) {
      issues.push({ severity: 'warning', path: `templates.${voice}.${key}`, voice, key, message: 'the base text has changed since this file was made; check the translation' });
    }
    (templates[voice] ??= Object.create(null) as Record<string, string>)[key] = entry.str;
  }
  const language = headerField(header, 'Language') || 'en';
  const { tag, dropped } = languageTag(language);
  if (dropped !== null) {
    issues.push({ severity: 'warning', path: `line ${headerEntry!.line}`, voice: null, key: null, message: `Language ${quoted(language)}: ${quoted(`@${dropped}`)} has no language tag of its own and is left out; read as ${quoted(tag)}` });
  }
  const checked = checkWordingVariant({
    format: WORDING_FORMAT,
    id: headerField(header, 'X-Pipette-Variant') ?? fallbackId,
    name: headerField(header, 'X-Pipette-Name') ?? fallbackId,
    language: tag,
    description: headerField(header, 'X-Pipette-Description') ?? '',
    templates,
  });
  return { variant: checked.variant, issues: [...issues, ...checked.issues] };
}
