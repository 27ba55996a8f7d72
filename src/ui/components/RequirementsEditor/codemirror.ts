/** The requirements editor proper: CodeMirror with highlighting and the core parser's diagnostics. Loaded lazily. */
import { StreamLanguage } from '@codemirror/language';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { indexColumn, type Problem } from '../../../core/index.ts';
import { lintRequirements } from './lint.ts';
import type { RequirementsFormat } from '../../../cache/schema.ts';
import { baseExtensions, replaceDocument } from '../../editor/base.ts';
import { lineOffsets, problemRange } from './diagnostics.ts';
import { pyprojectToml, requirementsTxt } from './requirements-language.ts';

export interface RequirementsEditorOptions {
  readonly text: string;
  readonly format: RequirementsFormat;
  readonly onChange: (text: string) => void;
  readonly onProblems: (problems: readonly Problem[]) => void;
  readonly onSubmit: () => void;
}

export interface RequirementsEditorHandle {
  setText(text: string): void;
  setFormat(format: RequirementsFormat): void;
  /** Puts the cursor at a 1-based line and column and focuses the editor. */
  reveal(line: number, column: number): void;
  /** Selects from `anchor` to `head` (offsets into the text, as a text box counts them) and focuses the editor. */
  select(anchor: number, head: number): void;
  destroy(): void;
}

const LANGUAGES = {
  requirements: StreamLanguage.define(requirementsTxt),
  pyproject: StreamLanguage.define(pyprojectToml),
};

export function createRequirementsEditor(parent: HTMLElement, options: RequirementsEditorOptions): RequirementsEditorHandle {
  let format = options.format;
  const language = new Compartment();
  const lint = linter(
    (view): Diagnostic[] => {
      const text = view.state.doc.toString();
      const { problems, marked } = lintRequirements(text, format);
      options.onProblems(problems);
      const starts = lineOffsets(text);
      return marked.map((problem) => ({ ...problemRange(text, starts, problem), severity: problem.severity, message: problem.message, source: 'pipette' }));
    },
    { delay: 250 },
  );
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        baseExtensions({ label: 'Requirements', onSubmit: options.onSubmit, onChange: options.onChange }),
        language.of(LANGUAGES[format]),
        lint,
        lintGutter(),
      ],
    }),
  });
  return {
    setText: (text) => replaceDocument(view, text),
    setFormat(next) {
      if (next === format) return;
      format = next;
      view.dispatch({ effects: language.reconfigure(LANGUAGES[next]) });
      forceLinting(view);
    },
    reveal(line, column) {
      const info = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
      const anchor = Math.min(info.from + indexColumn(info.text, Math.max(column, 1)) - 1, info.to);
      view.dispatch({ selection: { anchor }, scrollIntoView: true });
      view.focus();
    },
    select(anchor, head) {
      const end = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(anchor, end), head: Math.min(head, end) }, scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
