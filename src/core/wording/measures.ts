/**
 * Measures of one message: its size on a terminal, how hard it reads, the jargon it uses and
 * whether it names the user's own requirements that clash.
 */
import { readability } from './readability.ts';

export const SCREEN_COLUMNS = 80;
export const SCREEN_ROWS = 24;

export interface MessageMeasures {
  readonly lines: number;
  readonly words: number;
  readonly longestLine: number;
  /** Rows on an 80-column terminal (long lines wrap). */
  readonly rows: number;
  readonly fitsScreen: boolean;
  /** Flesch–Kincaid grade (readability.ts), rounded to one decimal; null without words. */
  readonly grade: number | null;
  /** Jargon terms found, each once, in list order. */
  readonly jargon: readonly string[];
  /** Every clashing requirement of the user is named as written; null when the failure has none. */
  readonly namesClash: boolean | null;
}

/**
 * Terms a Python user may not know, as installer maintainers list them in UX studies (pip's
 * ux-research-design notes): the lab's default list, which a person may edit.
 */
export const DEFAULT_JARGON: readonly string[] = [
  'ResolutionImpossible',
  'resolution',
  'resolver',
  'dependency',
  'dependencies',
  'transitive',
  'specifier',
  'metadata',
  'yanked',
  'wheel',
  'sdist',
  'source distribution',
  'distribution',
  'pre-release',
  'Requires-Python',
  'ABI',
  'interpreter',
  'incompatible',
  'backtracking',
  'derivation',
  'constraint',
  'satisfies',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Terms a jargon list may have: each is a pattern tried on every message, and all of them stay
 * compiled (a longer list emptied the cache on every message: 175,000 terms took minutes).
 */
export const MAX_JARGON_TERMS = 10_000;

const patterns = new Map<string, RegExp>();

function patternOf(term: string): RegExp {
  let pattern = patterns.get(term);
  if (!pattern) {
    if (patterns.size >= MAX_JARGON_TERMS) patterns.clear();
    pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(term)}(?![A-Za-z0-9])`, 'i');
    patterns.set(term, pattern);
  }
  return pattern;
}

/** The terms of `list` that `text` uses (whole words, any case). */
export function findJargon(text: string, list: readonly string[]): string[] {
  const found: string[] = [];
  for (const term of list) {
    const t = term.trim();
    if (!t || found.includes(t)) continue;
    if (patternOf(t).test(text)) found.push(t);
  }
  return found;
}

export function measureMessage(text: string, options: { jargon?: readonly string[]; clashing?: readonly string[] } = {}): MessageMeasures {
  const lines = text === '' ? [] : text.split('\n');
  const rows = lines.reduce((n, line) => n + Math.max(1, Math.ceil(line.length / SCREEN_COLUMNS)), 0);
  const { words, grade } = readability(text);
  const clashing = options.clashing ?? [];
  return {
    lines: lines.length,
    words,
    longestLine: lines.reduce((n, line) => Math.max(n, line.length), 0),
    rows,
    fitsScreen: rows <= SCREEN_ROWS,
    grade: grade === null ? null : Math.round(grade * 10) / 10,
    jargon: findJargon(text, options.jargon ?? DEFAULT_JARGON),
    namesClash: clashing.length === 0 ? null : clashing.every((req) => text.includes(req)),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MeasureSummary {
  readonly messages: number;
  readonly medianLines: number | null;
  readonly medianWords: number | null;
  readonly medianGrade: number | null;
  /** Share (0..1) of messages that fit one 80×24 screen. */
  readonly fitShare: number | null;
  /** Share of messages with a clash that name every clashing requirement. */
  readonly namesClashShare: number | null;
  readonly medianJargon: number | null;
}

export function summarize(measures: readonly MessageMeasures[]): MeasureSummary {
  const grades = measures.map((m) => m.grade).filter((g): g is number => g !== null);
  const withClash = measures.filter((m) => m.namesClash !== null);
  return {
    messages: measures.length,
    medianLines: median(measures.map((m) => m.lines)),
    medianWords: median(measures.map((m) => m.words)),
    medianGrade: median(grades),
    fitShare: measures.length ? measures.filter((m) => m.fitsScreen).length / measures.length : null,
    namesClashShare: withClash.length ? withClash.filter((m) => m.namesClash).length / withClash.length : null,
    medianJargon: median(measures.map((m) => m.jargon.length)),
  };
}
