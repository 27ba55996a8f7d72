/**
 * Rendering one failure in one wording variant, at one verbosity, for every voice — and
 * knowing which templates the message used. Each template is marked with one private-use
 * character for the render (U+E000, plus 1000 per voice, plus its position in the voice's
 * table); the marks that reach the text say which templates were used and are then taken out
 * (a private-use character in the index's own data is taken out too). Rendering never throws: a
 * template that fails to fill gives an error for that message only.
 */
import { explainFailure, fill, headline, renderVoices, slotsOf, TemplateError, VOICES, type Explanation, type Findings, type Voice, type Wording } from '../explain/index.ts';
import type { DependencyProvider, ResolveFailure, ResolveRequest } from '../solver/index.ts';
import { baseTemplates } from './base.ts';
import type { VariantTemplates, WordingVariant } from './format.ts';
import { messageKind, type MessageKind } from './kind.ts';
import type { Verbosity } from './levels.ts';

const MARK_BASE = 0xe000;
/** Room for each voice's templates in the private-use area (U+E000–U+F8FF). */
const MARKS_PER_VOICE = 1000;
const MARKS = /[\uE000-\uF8FF]/gu;

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
  const offset = MARK_BASE + VOICES.indexOf(voice) * MARKS_PER_VOICE;
  const wording: Record<string, string> = Object.create(null);
  keys.forEach((key, i) => {
    // Own properties only: what an object inherits was never written by the variant.
    const override = overrides && Object.hasOwn(overrides, key) ? overrides[key] : undefined;
    const text = bindKind(override ?? baseTemplates(voice).get(key)!.text, kind);
    wording[key] = track && i < MARKS_PER_VOICE ? String.fromCharCode(offset + i) + text : text;
  });
  return { wording, keys };
}

/** The text without marks; `used` gets the keys of `voice` whose marks were there. */
function unmark(text: string, voice: Voice, keys: readonly string[], used: string[]): string {
  const offset = MARK_BASE + VOICES.indexOf(voice) * MARKS_PER_VOICE;
  return text.replace(MARKS, (mark) => {
    const key = keys[mark.charCodeAt(0) - offset];
    if (key !== undefined && !used.includes(key)) used.push(key);
    return '';
  });
}

function firstParagraph(text: string): string {
  const at = text.search(/\n\s*\n/);
  return at < 0 ? text : text.slice(0, at);
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** Blank-line runs left by empty slots become one blank line; no blank lines at either end. */
function tidy(text: string): string {
  return text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/** Every voice of one failure in one variant at one verbosity. */
export function renderFindings(findings: Findings, variant: Pick<WordingVariant, 'templates'>, verbosity: Verbosity = 'normal', options: { track?: boolean } = {}): RenderedVoices {
  const track = options.track ?? true;
  const kind = messageKind(findings);
  const marked = Object.fromEntries(VOICES.map((voice) => [voice, markedWording(voice, variant.templates, kind, track)])) as Record<Voice, Marked>;
  const wording = Object.fromEntries(VOICES.map((voice) => [voice, marked[voice].wording as Wording])) as Record<Voice, Wording>;
  const levelKey = `level.${verbosity}`;
  // The headline and the proof cost a render each: made only when a level template asks for them.
  const asks = (slot: string) => VOICES.some((voice) => slotsOf(marked[voice].wording[levelKey] ?? '').includes(slot));
  let normal: Record<Voice, string>;
  let headlineText = '';
  let proof = '';
  try {
    normal = renderVoices(findings, wording);
    if (asks('headline')) headlineText = headline(findings, wording);
    // The pubgrub voice is the proof, in this variant's words.
    if (asks('proof')) proof = normal.pubgrub;
  } catch (error) {
    const message = error instanceof TemplateError ? error.message : `could not render: ${(error as Error).message}`;
    const failed: RenderedMessage = { text: '', used: [], error: message };
    return { kind, voices: { pubgrub: failed, pip: failed, plain: failed } };
  }
  const voices = {} as Record<Voice, RenderedMessage>;
  for (const voice of VOICES) {
    const { wording: words, keys } = marked[voice];
    const used: string[] = [];
    try {
      const hints = findings.suggestions.map((s) => fill('hint.line', words['hint.line']!, { hint: s.title })).join('\n');
      const message = normal[voice];
      const composed = fill(levelKey, words[levelKey]!, {
        message,
        summary: firstParagraph(message),
        conclusion: lastLine(message),
        headline: headlineText,
        proof,
        hints,
      });
      // The headline (plain's words) and the proof (pubgrub's) keep their own voice's marks, which count only there.
      const text = unmark(composed, voice, keys, used);
      voices[voice] = { text: tidy(text), used, error: null };
    } catch (error) {
      voices[voice] = { text: '', used: [], error: error instanceof TemplateError ? error.message : `could not render: ${(error as Error).message}` };
    }
  }
  return { kind, voices };
}

/** One voice's message, without tracking (the CLI's `--wording` and `--verbosity`). */
export function renderMessage(findings: Findings, variant: Pick<WordingVariant, 'templates'>, voice: Voice, verbosity: Verbosity = 'normal'): RenderedMessage {
  return renderFindings(findings, variant, verbosity, { track: false }).voices[voice];
}
