/**
 * Rendering one failure in one wording variant, at one verbosity, in the voices asked for — and
 * knowing which templates the message used. Each template is marked for the render with four
 * Unicode noncharacters (U+FDD0–U+FDEF, kept by Unicode for a program's own use and refused in
 * templates): U+FDD0, the voice, then the template's position in two base-32 digits. The marks
 * that reach the text say which templates were used and are then taken out (a noncharacter in
 * the index's own data is taken out too). Rendering never throws: a template that fails to fill,
 * or text over the size limits, gives an error for that message only.
 */
import { explainFailure, fill, headline, renderVoice, slotsOf, TemplateError, VOICES, withTextLimit, type Explanation, type Findings, type Voice, type Wording } from '../explain/index.ts';
import type { DependencyProvider, ResolveFailure, ResolveRequest } from '../solver/index.ts';
import { baseTemplates } from './base.ts';
import type { VariantTemplates, WordingVariant } from './format.ts';
import { messageKind, type MessageKind } from './kind.ts';
import type { Verbosity } from './levels.ts';

const MARK_START = 0xfdd0;
/** The 32 noncharacters U+FDD0–U+FDEF are the digits of a mark. */
const MARK_DIGITS = 32;
/** Templates of one voice that can be marked: two digits. */
const MARKS_PER_VOICE = MARK_DIGITS * MARK_DIGITS;
const MARK = /\uFDD0([\uFDD0-\uFDEF])([\uFDD0-\uFDEF])([\uFDD0-\uFDEF])/gu;
const NONCHARACTERS = /[\uFDD0-\uFDEF]/gu;

/**
 * Characters a message may have: 64 KiB, over 800 full lines of 80 columns, fifty times the
 * longest message of the shared suites (1.2 K, a case at full verbosity; a proof shows at most
 * 100 steps). Each fill is held to it as it goes, so a template that multiplies its slots stops there.
 */
export const MAX_MESSAGE_CHARS = 64 * 1024;
/**
 * Characters the fills of one voice's render may make together: each character of a message is
 * made once per level of nesting (a handful) and the full level holds the proof as well.
 */
const MAX_RENDER_CHARS = 32 * MAX_MESSAGE_CHARS;

export interface RenderedMessage {
  readonly text: string;
  /** Template keys the message used (level templates included), in first-use order. */
  readonly used: readonly string[];
  /** Why the message could not be rendered, when it could not (then `text` is ''). */
  readonly error: string | null;
}

export interface RenderedVoices {
  readonly kind: MessageKind;
  readonly voices: Readonly<Record<Voice, RenderedMessage>>;
}

/** The findings of an explanation, as the renderers take them. */
export function findingsOf(request: ResolveRequest, failure: ResolveFailure, explanation: Explanation): Findings {
  return { request, failure, causes: explanation.causes, clash: explanation.clash, minimalConflict: explanation.minimalConflict, suggestions: explanation.suggestions };
}

/** Resolves nothing: explains a failure once (with the minimal conflict and fixes) for rendering in many variants. */
export async function prepareFindings(provider: DependencyProvider, request: ResolveRequest, failure: ResolveFailure, budgetMs = 2000): Promise<Findings> {
  const explanation = await explainFailure(provider, request, failure, { budgetMs });
  return findingsOf(request, failure, explanation);
}

/** Replaces the `{kind}` slot by its value, so that every template may use it without the renderers passing it. */
function bindKind(template: string, kind: MessageKind): string {
  return template.replace(/\{\{|\}\}|\{kind\}/g, (t) => (t === '{kind}' ? kind : t));
}

interface Marked {
  readonly wording: Record<string, string>;
  readonly keys: readonly string[];
}

/** Marked tables by variant (its templates object), then voice, kind and tracking: a grid reuses them for every scenario. */
const markedCache = new WeakMap<VariantTemplates, Map<string, Marked>>();

function markedWording(voice: Voice, templates: VariantTemplates, kind: MessageKind, track: boolean): Marked {
  let byKey = markedCache.get(templates);
  if (!byKey) markedCache.set(templates, (byKey = new Map()));
  const cacheKey = `${voice}|${kind}|${track}`;
  const known = byKey.get(cacheKey);
  if (known) return known;
  const marked = buildMarked(voice, templates, kind, track);
  byKey.set(cacheKey, marked);
  return marked;
}

function buildMarked(voice: Voice, templates: VariantTemplates, kind: MessageKind, track: boolean): Marked {
  const keys = [...baseTemplates(voice).keys()];
  const overrides = templates[voice];
  const voiceDigit = String.fromCharCode(MARK_START + VOICES.indexOf(voice));
  const wording: Record<string, string> = Object.create(null);
  keys.forEach((key, i) => {
    // Own properties only: what an object inherits was never written by the variant.
    const override = overrides && Object.hasOwn(overrides, key) ? overrides[key] : undefined;
    const text = bindKind(override ?? baseTemplates(voice).get(key)!.text, kind);
    const mark = () => String.fromCharCode(MARK_START) + voiceDigit + String.fromCharCode(MARK_START + Math.floor(i / MARK_DIGITS), MARK_START + (i % MARK_DIGITS));
    wording[key] = track && i < MARKS_PER_VOICE ? mark() + text : text;
  });
  return { wording, keys };
}

/** The text without marks; `used` gets the keys of `voice` whose marks were there. */
function unmark(text: string, voice: Voice, keys: readonly string[], used: string[]): string {
  const voiceDigit = String.fromCharCode(MARK_START + VOICES.indexOf(voice));
  const digit = (c: string) => c.charCodeAt(0) - MARK_START;
  return text
    .replace(MARK, (_, markVoice: string, high: string, low: string) => {
      const key = markVoice === voiceDigit ? keys[digit(high) * MARK_DIGITS + digit(low)] : undefined;
      if (key !== undefined && !used.includes(key)) used.push(key);
      return '';
    })
    .replace(NONCHARACTERS, '');
}

function firstParagraph(text: string): string {
  const at = text.search(/\n\s*\n/);
  return at < 0 ? text : text.slice(0, at);
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** `line` without the spaces and tabs at its end (a scan: a pattern would be quadratic on long runs). */
function trimBlankEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** Blank-line runs left by empty slots become one blank line; no blank lines at either end. */
function tidy(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = trimBlankEnd(raw);
    if (line === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(line);
  }
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** What went wrong in a render, as the message's error. */
function renderError(error: unknown): string {
  return error instanceof TemplateError ? error.message : `could not render: ${(error as Error).message}`;
}

/** `make()` at most once, its value or its error kept for the next call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | { error: unknown } | null = null;
  return () => {
    if (!made) {
      try {
        made = { value: make() };
      } catch (error) {
        made = { error };
      }
    }
    if ('error' in made) throw made.error;
    return made.value;
  };
}

/** The voices of `asked` of one failure in one variant at one verbosity; the others are not made. */
function renderAsked(findings: Findings, templates: VariantTemplates, verbosity: Verbosity, asked: readonly Voice[], track: boolean): { kind: MessageKind; voices: Partial<Record<Voice, RenderedMessage>> } {
  const kind = messageKind(findings);
  const marked = Object.fromEntries(VOICES.map((voice) => [voice, markedWording(voice, templates, kind, track)])) as Record<Voice, Marked>;
  const wording = Object.fromEntries(VOICES.map((voice) => [voice, marked[voice].wording as Wording])) as Record<Voice, Wording>;
  const levelKey = `level.${verbosity}`;
  const normal = Object.fromEntries(VOICES.map((voice) => [voice, once(() => renderVoice(findings, voice, wording))])) as Record<Voice, () => string>;
  const headlineText = once(() => headline(findings, wording));
  const voices: Partial<Record<Voice, RenderedMessage>> = {};
  for (const voice of asked) {
    const { wording: words, keys } = marked[voice];
    const level = words[levelKey]!;
    try {
      const text = withTextLimit(MAX_MESSAGE_CHARS, MAX_RENDER_CHARS, () => {
        const message = normal[voice]();
        // The headline and the proof cost a render each: made only when the level template asks for them.
        const slots = slotsOf(level);
        const hints = findings.suggestions.map((s) => fill('hint.line', words['hint.line']!, { hint: s.title })).join('\n');
        return fill(levelKey, level, {
          message,
          summary: firstParagraph(message),
          conclusion: lastLine(message),
          headline: slots.includes('headline') ? headlineText() : '',
          // The pubgrub voice is the proof, in this variant's words.
          proof: slots.includes('proof') ? normal.pubgrub() : '',
          hints,
        });
      });
      // The headline (plain's words) and the proof (pubgrub's) keep their own voice's marks, which count only there.
      const used: string[] = [];
      voices[voice] = { text: tidy(unmark(text, voice, keys, used)), used, error: null };
    } catch (error) {
      voices[voice] = { text: '', used: [], error: renderError(error) };
    }
  }
  return { kind, voices };
}

/** Every voice of one failure in one variant at one verbosity. */
export function renderFindings(findings: Findings, variant: Pick<WordingVariant, 'templates'>, verbosity: Verbosity = 'normal', options: { track?: boolean } = {}): RenderedVoices {
  const { kind, voices } = renderAsked(findings, variant.templates, verbosity, VOICES, options.track ?? true);
  return { kind, voices: voices as Record<Voice, RenderedMessage> };
}

/** One voice's message, the others not made; untracked unless asked (the CLI's `--wording` and `--verbosity`). */
export function renderMessage(findings: Findings, variant: Pick<WordingVariant, 'templates'>, voice: Voice, verbosity: Verbosity = 'normal', options: { track?: boolean } = {}): RenderedMessage {
  return renderAsked(findings, variant.templates, verbosity, [voice], options.track ?? false).voices[voice]!;
}
