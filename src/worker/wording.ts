/**
 * The wording lab's side of the worker: load a suite, render it in several variants with a
 * word-level diff between two of them (jsdiff), and preview one message while a person types.
 * The page only draws what comes back, so no main-thread task grows with the suite.
 */
import { diffWords } from 'diff';
import { renderFindings, renderSuite, variantCatalogue, variantToPo, VOICES, type RenderedMessage, type SuiteGrid, type Verbosity, type Voice, type WordingVariant } from '../core/index.ts';
import { loadSuite, suiteEntries, type SuiteInfo, type SuiteProgress, type SuiteSource } from './wording-suite.ts';

export type { SuiteInfo, SuiteProgress, SuiteSource };

/** One piece of a word-level diff: kept, added (in the second text) or removed (from the first). */
export interface DiffPart {
  readonly value: string;
  readonly change: 'same' | 'added' | 'removed';
}

export interface GridRequest {
  readonly suiteId: string;
  readonly variants: readonly WordingVariant[];
  readonly voice: Voice;
  readonly verbosity: Verbosity;
  readonly jargon: readonly string[];
  /** Positions in `variants` of the two messages to compare word by word, or null. */
  readonly compare: readonly [number, number] | null;
}

export interface GridAnswer {
  readonly grid: SuiteGrid;
  /** Per row, the diff of the compared pair (null when not compared or either failed). */
  readonly diffs: readonly (readonly DiffPart[] | null)[];
  readonly ms: number;
}

export function wordDiff(a: string, b: string): DiffPart[] {
  return diffWords(a, b).map((part) => ({ value: part.value, change: part.added ? 'added' : part.removed ? 'removed' : 'same' }));
}

export const wordingApi = {
  /** Reads a suite (library, files or a zip) and explains its failing scenarios, once. */
  loadWordingSuite(source: SuiteSource, onProgress?: (progress: SuiteProgress) => void): Promise<SuiteInfo> {
    return loadSuite(source, 500, onProgress);
  },

  renderWordingGrid(request: GridRequest): GridAnswer {
    const started = performance.now();
    const grid = renderSuite(suiteEntries(request.suiteId), request.variants, { voice: request.voice, verbosity: request.verbosity, jargon: request.jargon });
    const pair = request.compare;
    const diffs = grid.rows.map((row) => {
      if (!pair) return null;
      const [a, b] = [row.cells[pair[0]], row.cells[pair[1]]];
      return a && b && !a.error && !b.error ? wordDiff(a.text, b.text) : null;
    });
    return { grid, diffs, ms: performance.now() - started };
  },

  /** One scenario's message in one variant, for the editor's live preview. */
  previewWording(suiteId: string, scenarioId: string, variant: WordingVariant, voice: Voice, verbosity: Verbosity): RenderedMessage & { kind: string } {
    const entry = suiteEntries(suiteId).find((e) => e.id === scenarioId);
    if (!entry) throw new Error(`No scenario “${scenarioId}” in this suite.`);
    const rendered = renderFindings(entry.findings, variant, verbosity);
    return { ...rendered.voices[voice], kind: rendered.kind };
  },

  /** A variant as a PO file or a plain-text catalogue, with the scenarios of the suite (when one is loaded) that use each template. */
  wordingExport(suiteId: string | null, variant: WordingVariant, format: 'po' | 'catalogue'): string {
    const usage: Partial<Record<Voice, Map<string, string[]>>> = {};
    if (suiteId) {
      for (const voice of VOICES) usage[voice] = new Map();
      for (const entry of suiteEntries(suiteId)) {
        const rendered = renderFindings(entry.findings, variant, 'normal');
        for (const voice of VOICES) {
          for (const key of rendered.voices[voice].used) {
            const list = usage[voice]!.get(key) ?? [];
            list.push(entry.id);
            usage[voice]!.set(key, list);
          }
        }
      }
    }
    return format === 'po' ? variantToPo(variant, suiteId ? usage : undefined) : variantCatalogue(variant, suiteId ? usage : undefined);
  },
};
