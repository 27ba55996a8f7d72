/**
 * The base wording the lab edits, discovered from the explain module's tables (and the level
 * templates of levels.ts): no list of keys is kept here, so a template added to wording.ts
 * appears in the editor, the validator and the catalogue by itself.
 */
import { FACTS, PIP, PLAIN, PUBGRUB, slotsOf, VOICES, type Voice, type Wording } from '../explain/index.ts';
import { isLevelKey, KIND_SLOT, LEVEL_SLOTS, LEVELS } from './levels.ts';

const TABLES: Readonly<Record<Voice, Wording>> = { pubgrub: PUBGRUB, pip: PIP, plain: PLAIN };

/** One base template as the editor lists it. */
export interface TemplateInfo {
  readonly voice: Voice;
  readonly key: string;
  readonly text: string;
  /** Slots the base text uses. */
  readonly slots: readonly string[];
  /** Slots a variant may use here: the base's, `{kind}`, and for level templates every level slot. */
  readonly allowed: readonly string[];
  /** Shared by every voice (the facts of a proof) rather than this voice's own. */
  readonly shared: boolean;
}

const cache = new Map<Voice, ReadonlyMap<string, TemplateInfo>>();

/** Every base template of `voice`, by key, in the order of the tables. */
export function baseTemplates(voice: Voice): ReadonlyMap<string, TemplateInfo> {
  const known = cache.get(voice);
  if (known) return known;
  const table = { ...TABLES[voice], ...LEVELS[voice] };
  const map = new Map<string, TemplateInfo>();
  for (const [key, text] of Object.entries(table)) {
    const slots = slotsOf(text);
    const extra = isLevelKey(key) ? LEVEL_SLOTS : key === 'hint.line' ? ['hint', KIND_SLOT] : [KIND_SLOT];
    map.set(key, { voice, key, text, slots, allowed: [...new Set([...slots, ...extra])], shared: FACTS[key] === text });
  }
  cache.set(voice, map);
  return map;
}

/** The base table of a voice as plain wording (explain's table plus the level templates). */
export function baseWording(voice: Voice): Wording {
  return Object.fromEntries([...baseTemplates(voice)].map(([key, info]) => [key, info.text]));
}

export function allBaseTemplates(): TemplateInfo[] {
  return VOICES.flatMap((voice) => [...baseTemplates(voice).values()]);
}
