/**
 * What every CodeMirror editor on the page shares: the theme (from the page's colour
 * variables, so light and dark follow), highlighting, history and keys. Loaded lazily
 * with the editors, never in the first bundle.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const highlightStyle = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.propertyName], color: 'var(--cm-name)', fontWeight: '600' },
  { tag: tags.attributeName, color: 'var(--cm-extra)' },
  { tag: [tags.operator, tags.keyword], color: 'var(--cm-operator)' },
  { tag: [tags.number, tags.atom, tags.bool], color: 'var(--cm-number)' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: [tags.meta, tags.heading], color: 'var(--cm-meta)', fontWeight: '600' },
  { tag: tags.link, color: 'var(--accent)', textDecoration: 'underline' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--text)', fontSize: '13.5px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 14%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent) !important' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
});

export interface BaseOptions {
  /** The accessible name of the text area. */
  readonly label: string;
  /** Ctrl/Cmd+Enter, before CodeMirror's own use of it. */
  readonly onSubmit?: () => void;
  readonly onChange?: (text: string) => void;
}

export function baseExtensions(options: BaseOptions): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    syntaxHighlighting(highlightStyle),
    theme,
    EditorState.tabSize.of(4),
    EditorView.lineWrapping,
    // An explicit tab stop: some checkers (axe) don't count a bare contenteditable as focusable.
    EditorView.contentAttributes.of({ 'aria-label': options.label, tabindex: '0' }),
    Prec.highest(
      keymap.of([
        {
          key: 'Mod-Enter',
          run: () => {
            options.onSubmit?.();
            return options.onSubmit !== undefined;
          },
        },
      ]),
    ),
    // No Tab binding: Tab moves focus on, so the keyboard never gets stuck in an editor.
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange?.(update.state.doc.toString());
    }),
  ];
}

/** Replaces the whole document when it differs (text set from outside the editor). */
export function replaceDocument(view: EditorView, text: string): void {
  const current = view.state.doc.toString();
  if (current === text) return;
  view.dispatch({ changes: { from: 0, to: current.length, insert: text } });
}
