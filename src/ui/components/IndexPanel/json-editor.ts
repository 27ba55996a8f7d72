/** The index editor: CodeMirror JSON with the snapshot loader's errors underlined. Loaded lazily. */
import { json } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { baseExtensions, replaceDocument } from '../../editor/base.ts';
import { locateJsonPath } from './json-path.ts';

export type SnapshotVerdict =
  | { readonly ok: true; readonly projects: number; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly path: string; readonly reason: string; readonly offset: number | null };

export interface IndexEditorOptions {
  readonly text: string;
  /** The loader's verdict on the text (in the worker: big indexes must not stall the page). */
  readonly check: (text: string) => Promise<SnapshotVerdict>;
  readonly onVerdict: (verdict: SnapshotVerdict) => void;
  readonly onChange: (text: string) => void;
}

export interface IndexEditorHandle {
  setText(text: string): void;
  destroy(): void;
}

export function createIndexEditor(parent: HTMLElement, options: IndexEditorOptions): IndexEditorHandle {
  const lint = linter(
    async (view): Promise<Diagnostic[]> => {
      const text = view.state.doc.toString();
      const verdict = await options.check(text);
      options.onVerdict(verdict);
      if (verdict.ok) {
        return verdict.warnings.length ? [{ from: 0, to: Math.min(1, text.length), severity: 'warning', message: verdict.warnings.slice(0, 10).join('\n') }] : [];
      }
      const span =
        verdict.offset !== null
          ? { from: Math.min(verdict.offset, text.length), to: Math.min(verdict.offset + 1, text.length) }
          : (locateJsonPath(text, verdict.path) ?? { from: 0, to: Math.min(1, text.length) });
      return [{ ...span, severity: 'error', message: verdict.path ? `${verdict.path}: ${verdict.reason}` : verdict.reason }];
    },
    { delay: 400 },
  );
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [baseExtensions({ label: 'Index snapshot (JSON)', onChange: options.onChange }), json(), lint, lintGutter()],
    }),
  });
  return {
    setText: (text) => replaceDocument(view, text),
    destroy: () => view.destroy(),
  };
}
