/** What is being resolved: the requirements text, its syntax, and the index and scenario it belongs to. */
import type { Problem } from '../../core/index.ts';
import type { RequirementsFormat } from '../../cache/schema.ts';

export const UNTITLED = 'Untitled scenario';

export interface UndoPoint {
  readonly before: string;
  readonly beforeFormat: RequirementsFormat;
  readonly after: string;
  readonly afterFormat: RequirementsFormat;
  /** "Switched to pyproject.toml", "Opened constraints.txt". */
  readonly what: string;
  /** What did not carry over, if anything. */
  readonly notes: readonly string[];
}

class Workspace {
  text = $state('');
  format = $state<RequirementsFormat>('requirements');
  indexId = $state('');
  /** The scenario the text came from (null once the person starts from scratch). */
  scenarioId = $state<string | null>(null);
  title = $state('Untitled scenario');
  description = $state('');
  /** Diagnostics of the current text, from the editor's linter. */
  problems = $state.raw<readonly Problem[]>([]);
  /** Bumped when the text is replaced from outside the editor, so the editor takes it. */
  externalRevision = $state(0);
  /** The text and index as the scenario was opened, to tell when they have been changed since. */
  openedText = $state('');
  openedIndexId = $state('');

  /** Whether the requirements or the index differ from the open scenario's (its title and description then describe where this started). */
  readonly edited = $derived(this.scenarioId !== null && (this.text !== this.openedText || this.indexId !== this.openedIndexId));

  /**
   * The title for what is on screen: the scenario's own while it is as opened, "(edited)" or
   * "(another index)" when one of the two changed, and no longer its name once both did.
   */
  readonly shownTitle = $derived.by((): { title: string; note: string } => {
    if (this.scenarioId === null) return { title: this.title, note: '' };
    const textChanged = this.text !== this.openedText;
    const indexChanged = this.indexId !== this.openedIndexId;
    if (textChanged && indexChanged) return { title: UNTITLED, note: '' };
    if (indexChanged) return { title: this.title, note: 'another index' };
    return { title: this.title, note: textChanged ? 'edited' : '' };
  });

  /** The shown title as one line ("Direct clash (edited)"). */
  readonly titleLine = $derived(this.shownTitle.note ? `${this.shownTitle.title} (${this.shownTitle.note})` : this.shownTitle.title);

  /** Takes what is on screen as the open scenario's own state. */
  markOpened(text = this.text, indexId = this.indexId): void {
    this.openedText = text;
    this.openedIndexId = indexId;
  }

  /**
   * The text before the last replacement the person did not type (a syntax switch, an opened
   * file), with what happened: one step back is offered while the text is still as it was left.
   */
  undoPoint = $state.raw<UndoPoint | null>(null);
  readonly canUndo = $derived(this.undoPoint !== null && this.undoPoint.after === this.text && this.undoPoint.afterFormat === this.format);

  /**
   * Replaces the text, keeping what it was for one Undo; or `before`, when this replaces a
   * replacement made a moment ago (files opened together), so that Undo gives back what the
   * person had, not the first file.
   */
  replaceUndoably(text: string, format: RequirementsFormat, what: string, notes: readonly string[] = [], before = { text: this.text, format: this.format }): void {
    this.replaceText(text, format);
    this.undoPoint = { before: before.text, beforeFormat: before.format, after: this.text, afterFormat: this.format, what, notes };
  }

  undo(): void {
    if (!this.canUndo || !this.undoPoint) return;
    const point = this.undoPoint;
    this.undoPoint = null;
    this.replaceText(point.before, point.beforeFormat);
  }

  /** Replaces the text from outside the editor (a scenario, a suggestion, a file). */
  replaceText(text: string, format: RequirementsFormat = this.format): void {
    this.text = text;
    this.format = format;
    this.externalRevision++;
  }

  readonly errorCount = $derived(this.problems.filter((p) => p.severity === 'error').length);
}

export const workspace = new Workspace();
