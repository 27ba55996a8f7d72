/**
 * A suite of failing scenarios rendered in several wording variants: the grid the lab shows
 * and the CLI prints, the measures of every message, and which templates the suite used.
 */
import type { Findings, Voice } from '../explain/index.ts';
import { baseTemplates } from './base.ts';
import type { WordingVariant } from './format.ts';
import { messageKind, type MessageKind } from './kind.ts';
import type { Verbosity } from './levels.ts';
import { measureMessage, summarize, type MeasureSummary, type MessageMeasures } from './measures.ts';
import { renderMessage } from './render.ts';

/** One failing scenario, explained once, ready to render in any variant. */
export interface SuiteEntry {
  readonly id: string;
  readonly title: string;
  /** Where it comes from: `packse/yanked/package-only-yanked.toml`, `bundled`, `mine`. */
  readonly source: string;
  readonly findings: Findings;
  /** An installer's real output for the same request (pip 23.2's), when the suite carries it. */
  readonly pip: string | null;
}

export interface GridCell {
  readonly text: string;
  readonly error: string | null;
  readonly measures: MessageMeasures;
}

export interface GridRow {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly kind: MessageKind;
  /** The user's requirements that clash (as written); empty when the failure is no clash. */
  readonly clashing: readonly string[];
  readonly pip: string | null;
  readonly pipMeasures: MessageMeasures | null;
  /** One per variant, in the order asked for. */
  readonly cells: readonly GridCell[];
}

export interface TemplateUsage {
  readonly key: string;
  /** Ids of the scenarios whose message used it, in any of the variants. */
  readonly scenarios: readonly string[];
}

export interface SuiteGrid {
  readonly voice: Voice;
  readonly verbosity: Verbosity;
  readonly variants: readonly { readonly id: string; readonly name: string }[];
  readonly rows: readonly GridRow[];
  /** Every template of the voice, with the scenarios that used it (none: the suite never exercised it). */
  readonly usage: readonly TemplateUsage[];
  /** Per variant, in order. */
  readonly summaries: readonly MeasureSummary[];
  /** pip's recorded output, over the rows that have one. */
  readonly pipSummary: MeasureSummary | null;
}

export interface GridOptions {
  readonly voice: Voice;
  readonly verbosity?: Verbosity;
  readonly jargon?: readonly string[];
}

/** The user's requirements on either side of a clash, as written. */
export function clashingRequirements(findings: Findings): string[] {
  const sides = findings.clash?.sides ?? [];
  const own = sides.map((s) => s.requirement).filter((r): r is string => r !== null);
  return sides.length >= 2 ? [...new Set(own)] : [];
}

export function renderSuite(entries: readonly SuiteEntry[], variants: readonly WordingVariant[], options: GridOptions): SuiteGrid {
  const verbosity = options.verbosity ?? 'normal';
  const used = new Map<string, Set<string>>();
  const rows: GridRow[] = entries.map((entry) => {
    const clashing = clashingRequirements(entry.findings);
    const measure = (text: string) => measureMessage(text, { ...(options.jargon ? { jargon: options.jargon } : {}), clashing });
    const cells = variants.map((variant) => {
      const message = renderMessage(entry.findings, variant, options.voice, verbosity, { track: true });
      for (const key of message.used) {
        let set = used.get(key);
        if (!set) used.set(key, (set = new Set()));
        set.add(entry.id);
      }
      return { text: message.text, error: message.error, measures: measure(message.text) };
    });
    return { id: entry.id, title: entry.title, source: entry.source, kind: messageKind(entry.findings), clashing, pip: entry.pip, pipMeasures: entry.pip === null ? null : measure(entry.pip), cells };
  });
  const usage = [...baseTemplates(options.voice).keys()].map((key) => ({ key, scenarios: [...(used.get(key) ?? [])] }));
  const withPip = rows.filter((r) => r.pipMeasures !== null).map((r) => r.pipMeasures!);
  return {
    voice: options.voice,
    verbosity,
    variants: variants.map((v) => ({ id: v.id, name: v.name })),
    rows,
    usage,
    summaries: variants.map((_, i) => summarize(rows.map((r) => r.cells[i]!.measures))),
    pipSummary: withPip.length ? summarize(withPip) : null,
  };
}
