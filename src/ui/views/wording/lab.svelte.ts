/**
 * The wording lab's state: the variants (base + the person's, kept in IndexedDB), the one
 * being edited, the suite and the grid the worker rendered, and the lab's settings (kept as a
 * preference, so a reload shows the same lab). Every edit is saved shortly after typing stops,
 * and kept in localStorage at once until then (variant-journal.ts), so a reload in between loses
 * nothing; a failed save is said once and the variant stays in the page, marked not saved.
 */
import {
  BASE_VARIANT,
  DEFAULT_JARGON,
  checkWordingVariant,
  emptyVariant,
  MAX_JARGON_TERMS,
  MAX_VARIANT_ID,
  readVariantFile,
  serializeWordingVariant,
  variantIdFrom,
  withTemplate,
  type MessageKind,
  type Verbosity,
  type Voice,
  type WordingIssue,
  type WordingVariant,
} from '../../../core/index.ts';
import { getPref, setPref } from '../../../cache/db.ts';
import { deleteVariant, listVariants, putVariant } from '../../../cache/variants.ts';
import { forgetVariant, journalVariant, pendingVariants, settleVariant } from '../../../cache/variant-journal.ts';
import { downloadText, library } from '../../state/library.svelte.ts';
import { notices } from '../../state/notices.svelte.ts';
import { wordingWorker, type GridAnswer, type SuiteInfo, type SuiteSource } from './bridge.ts';

interface LabSettings {
  readonly open: boolean;
  readonly shown: readonly string[];
  readonly editing: string | null;
  readonly active: string | null;
  readonly voice: Voice;
  readonly verbosity: Verbosity;
  readonly jargon: readonly string[];
  readonly compare: readonly [number, number] | null;
  readonly suite: { readonly kind: 'library'; readonly origin: 'bundled' | 'user' } | null;
}

const PREF = 'wording-lab';
const SAVE_DELAY_MS = 300;
const GRID_DELAY_MS = 350;

class WordingLab {
  open = $state(false);
  variants = $state.raw<WordingVariant[]>([]);
  /** Ids shown side by side in the grid, in order ('base' is the base wording). */
  shown = $state.raw<string[]>(['base']);
  editing = $state<string | null>(null);
  /** The variant the playground's explanation uses (null: the base wording). */
  active = $state<string | null>(null);
  voice = $state<Voice>('pip');
  verbosity = $state<Verbosity>('normal');
  jargon = $state.raw<string[]>([...DEFAULT_JARGON]);
  compare = $state.raw<[number, number] | null>(null);
  kindFilter = $state<MessageKind | 'all'>('all');
  suiteSource = $state.raw<LabSettings['suite']>({ kind: 'library', origin: 'bundled' });
  suite = $state.raw<SuiteInfo | null>(null);
  suiteProgress = $state<string>('');
  answer = $state.raw<GridAnswer | null>(null);
  rendering = $state(false);
  /** Variants not saved because the storage refused them. */
  unsaved = $state.raw<ReadonlySet<string>>(new Set());
  importIssues = $state.raw<{ file: string; issues: readonly WordingIssue[] } | null>(null);
  loaded = false;

  private saveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private gridTimer: ReturnType<typeof setTimeout> | null = null;
  private gridSeq = 0;

  all(): WordingVariant[] {
    return [BASE_VARIANT, ...this.variants];
  }

  byId(id: string | null): WordingVariant | null {
    if (id === null) return null;
    return id === 'base' ? BASE_VARIANT : (this.variants.find((v) => v.id === id) ?? null);
  }

  get editingVariant(): WordingVariant | null {
    return this.editing && this.editing !== 'base' ? this.byId(this.editing) : null;
  }

  get activeVariant(): WordingVariant | null {
    return this.byId(this.active);
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const { variants, problems } = await listVariants();
      this.variants = variants;
      for (const p of problems) notices.push('warning', `Wording lab: ${p}`);
      this.replayPending();
      const saved = await getPref<LabSettings>(PREF);
      if (saved) this.restore(saved);
    } catch (error) {
      notices.push('warning', `Wording lab: your variants could not be read (${(error as Error).message}).`);
    }
  }

  private restore(s: LabSettings): void {
    const ids = new Set(this.all().map((v) => v.id));
    this.open = Boolean(s.open);
    this.shown = (s.shown ?? []).filter((id) => ids.has(id));
    if (this.shown.length === 0) this.shown = ['base'];
    this.editing = s.editing && ids.has(s.editing) ? s.editing : null;
    this.active = s.active && ids.has(s.active) ? s.active : null;
    if (s.voice) this.voice = s.voice;
    if (s.verbosity) this.verbosity = s.verbosity;
    if (Array.isArray(s.jargon)) this.jargon = s.jargon.filter((t) => typeof t === 'string');
    this.compare = s.compare && s.compare[0] < this.shown.length && s.compare[1] < this.shown.length ? [s.compare[0], s.compare[1]] : null;
    if (s.suite) this.suiteSource = s.suite;
  }

  saveSettings(): void {
    const settings: LabSettings = {
      open: this.open,
      shown: [...this.shown],
      editing: this.editing,
      active: this.active,
      voice: this.voice,
      verbosity: this.verbosity,
      jargon: [...this.jargon],
      compare: this.compare ? [this.compare[0], this.compare[1]] : null,
      suite: this.suiteSource,
    };
    setPref(PREF, settings).catch(() => undefined);
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.saveSettings();
  }

  // ------------------------------------------------------------------ variants

  private uniqueId(wanted: string): string {
    const taken = new Set(this.all().map((v) => v.id));
    if (!taken.has(wanted)) return wanted;
    // Shortened to make room for the number: an id is at most MAX_VARIANT_ID characters.
    for (let i = 2; ; i++) {
      const id = `${wanted.slice(0, MAX_VARIANT_ID - String(i).length - 1).replace(/-$/, '')}-${i}`;
      if (!taken.has(id)) return id;
    }
  }

  /**
   * Changes a reload cut short (variant-journal.ts): each is checked as a variant file, takes
   * its place in the lab and is stored; one that fails the check is named and dropped.
   */
  private replayPending(): void {
    for (const { id, value } of pendingVariants()) {
      const { variant, issues } = checkWordingVariant(value);
      if (!variant || variant.id !== id || id === 'base') {
        const why = issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`).join('; ') || 'not this variant';
        notices.push('warning', `Wording lab: a change to the variant “${id}” not saved before the page closed could not be read back (${why}).`);
        forgetVariant(id);
        continue;
      }
      this.replace(variant);
      void this.store(variant, true);
    }
  }

  private store(variant: WordingVariant, immediately = false): Promise<void> {
    clearTimeout(this.saveTimers.get(variant.id));
    const snapshot = $state.snapshot(variant) as WordingVariant;
    // Kept at once, synchronously: a reload before the write below loses nothing.
    const journaled = journalVariant(snapshot);
    const save = async () => {
      this.saveTimers.delete(variant.id);
      try {
        await putVariant(snapshot);
        if (journaled !== null) settleVariant(variant.id, journaled);
        if (this.unsaved.has(variant.id)) this.unsaved = new Set([...this.unsaved].filter((id) => id !== variant.id));
      } catch (error) {
        if (!this.unsaved.has(variant.id)) notices.push('warning', `${(error as Error).message} It stays in this page, marked not saved; export it before closing.`);
        this.unsaved = new Set([...this.unsaved, variant.id]);
      }
    };
    if (immediately) return save();
    this.saveTimers.set(variant.id, setTimeout(() => void save(), SAVE_DELAY_MS));
    return Promise.resolve();
  }

  private replace(variant: WordingVariant): void {
    const at = this.variants.findIndex((v) => v.id === variant.id);
    this.variants = at < 0 ? [...this.variants, variant] : this.variants.map((v, i) => (i === at ? variant : v));
  }

  async create(name: string, from: WordingVariant = BASE_VARIANT): Promise<WordingVariant> {
    const id = this.uniqueId(variantIdFrom(name));
    const variant: WordingVariant = { ...emptyVariant(id, name.trim() || id), language: from.language, description: from === BASE_VARIANT ? '' : `Copy of ${from.name}.`, templates: structuredClone($state.snapshot(from.templates)) as WordingVariant['templates'] };
    this.replace(variant);
    this.edit(id);
    if (!this.shown.includes(id)) this.shown = [...this.shown, id];
    if (this.shown.length >= 2 && !this.compare) this.compare = [0, this.shown.indexOf(id)];
    this.saveSettings();
    await this.store(variant, true);
    this.scheduleGrid(0);
    return variant;
  }

  edit(id: string | null): void {
    this.editing = id;
    this.saveSettings();
  }

  update(variant: WordingVariant): void {
    this.replace(variant);
    void this.store(variant);
    if (this.shown.includes(variant.id)) this.scheduleGrid();
  }

  setTemplate(voice: Voice, key: string, text: string | null): void {
    const v = this.editingVariant;
    if (v) this.update(withTemplate(v, voice, key, text));
  }

  async remove(id: string): Promise<void> {
    // A change still waiting to be written must not bring the variant back.
    clearTimeout(this.saveTimers.get(id));
    this.saveTimers.delete(id);
    forgetVariant(id);
    this.variants = this.variants.filter((v) => v.id !== id);
    this.shown = this.shown.filter((s) => s !== id);
    if (this.editing === id) this.editing = null;
    if (this.active === id) this.active = null;
    this.compare = this.shown.length >= 2 ? [0, 1] : null;
    this.saveSettings();
    try {
      await deleteVariant(id);
    } catch (error) {
      notices.push('warning', (error as Error).message);
    }
    this.scheduleGrid(0);
  }

  toggleShown(id: string): void {
    this.shown = this.shown.includes(id) ? this.shown.filter((s) => s !== id) : [...this.shown, id];
    if (this.shown.length === 0) this.shown = ['base'];
    this.compare = this.shown.length >= 2 ? (this.compare && this.compare[1] < this.shown.length ? this.compare : [0, this.shown.length - 1]) : null;
    this.saveSettings();
    this.scheduleGrid(0);
  }

  setActive(id: string | null): void {
    this.active = id;
    this.saveSettings();
  }

  /** A variant that came with a link or a scenario file: kept (a copy when its id is taken by another text). */
  async adopt(variant: WordingVariant, why: string): Promise<WordingVariant> {
    await this.load();
    const same = this.variants.find((v) => v.id === variant.id);
    let kept = variant;
    if (!same || JSON.stringify(same.templates) !== JSON.stringify(variant.templates)) {
      kept = same || variant.id === 'base' ? { ...variant, id: this.uniqueId(variant.id) } : variant;
      this.replace(kept);
      await this.store(kept, true);
    } else kept = same;
    this.active = kept.id;
    if (!this.shown.includes(kept.id)) this.shown = [...this.shown, kept.id];
    if (this.shown.length >= 2 && !this.compare) this.compare = [0, this.shown.indexOf(kept.id)];
    this.saveSettings();
    notices.push('info', `${why} carries the wording variant “${kept.name}”: the explanation uses it, and it is in the Wording lab.`);
    this.scheduleGrid(0);
    return kept;
  }

  async importFile(file: File): Promise<void> {
    if (file.size > 2 * 1024 * 1024) {
      notices.push('error', `${file.name}: ${file.size} bytes, over the 2 MB a wording file may have.`);
      return;
    }
    // Bytes, not file.text(): a PO file is decoded by its declared charset, and bytes that are no text are refused, not replaced.
    const check = readVariantFile(file.name, new Uint8Array(await file.arrayBuffer()));
    this.importIssues = check.issues.length ? { file: file.name, issues: check.issues } : null;
    if (!check.variant) {
      notices.push('error', `${file.name} is not a usable wording variant: ${check.issues.filter((i) => i.severity === 'error').map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ')}`);
      return;
    }
    const id = this.uniqueId(check.variant.id);
    const variant = { ...check.variant, id };
    this.replace(variant);
    await this.store(variant, true);
    if (!this.shown.includes(id)) this.shown = [...this.shown, id];
    if (this.shown.length >= 2 && !this.compare) this.compare = [0, this.shown.indexOf(id)];
    this.edit(id);
    this.scheduleGrid(0);
    const errors = check.issues.filter((i) => i.severity === 'error').length;
    notices.push(errors ? 'warning' : 'info', `Imported the wording variant “${variant.name}”${errors ? `; ${errors} template${errors === 1 ? ' was' : 's were'} left out (see the list in the lab)` : ''}.`);
  }

  exportJson(variant: WordingVariant): void {
    downloadText(`${variant.id}.wording.json`, serializeWordingVariant($state.snapshot(variant) as WordingVariant), 'application/json');
  }

  async exportText(variant: WordingVariant, format: 'po' | 'catalogue'): Promise<void> {
    const text = await wordingWorker.exportText(this.suite?.id ?? null, $state.snapshot(variant) as WordingVariant, format).catch(async () => wordingWorker.exportText(null, $state.snapshot(variant) as WordingVariant, format));
    downloadText(format === 'po' ? `${variant.id}.po` : `${variant.id}.catalogue.txt`, text, format === 'po' ? 'text/x-gettext-translation' : 'text/plain');
  }

  // ------------------------------------------------------------------ suite and grid

  async loadSuite(source: SuiteSource): Promise<void> {
    this.suiteProgress = 'Reading the suite…';
    this.answer = null;
    // Progress arrives as messages, possibly after the answer: none may count once it is in.
    let loading = true;
    try {
      // The bundled scenarios are read from the cache: on a first visit, once they are all in it.
      if (source.kind === 'library' && source.origin === 'bundled') await library.whenReady();
      this.suite = await wordingWorker.loadSuite(source, (p) => {
        if (loading) this.suiteProgress = `Resolving and explaining ${p.done} of ${p.total}…`;
      });
      loading = false;
      if (source.kind === 'library') {
        this.suiteSource = source;
        this.saveSettings();
      }
      this.suiteProgress = '';
      if (this.suite.skipped.length) notices.push('warning', `${this.suite.skipped.length} file(s) of the suite were left out: ${this.suite.skipped.slice(0, 3).join('; ')}${this.suite.skipped.length > 3 ? '…' : ''}`);
      await this.renderGrid();
    } catch (error) {
      loading = false;
      this.suiteProgress = '';
      notices.push('error', `The suite could not be read: ${(error as Error).message}`);
    }
  }

  scheduleGrid(delay = GRID_DELAY_MS): void {
    if (this.gridTimer) clearTimeout(this.gridTimer);
    this.gridTimer = setTimeout(() => void this.renderGrid(), delay);
  }

  async renderGrid(): Promise<void> {
    const suite = this.suite;
    if (!suite) return;
    const seq = ++this.gridSeq;
    const variants = this.shown.map((id) => this.byId(id)).filter((v): v is WordingVariant => v !== null);
    this.rendering = true;
    try {
      const answer = await wordingWorker.grid({
        suiteId: suite.id,
        variants: $state.snapshot(variants) as WordingVariant[],
        voice: this.voice,
        verbosity: this.verbosity,
        jargon: [...this.jargon],
        compare: this.compare ? [this.compare[0], this.compare[1]] : null,
      });
      if (seq === this.gridSeq) this.answer = answer;
    } catch (error) {
      if (/not loaded any more/.test((error as Error).message) && this.suiteSource) await this.loadSuite(this.suiteSource);
      else notices.push('error', `The suite could not be rendered: ${(error as Error).message}`);
    } finally {
      if (seq === this.gridSeq) this.rendering = false;
    }
  }

  setJargon(text: string): void {
    const terms = text.split('\n').map((t) => t.trim()).filter(Boolean);
    // The text stays in its box, to be shortened; the list in use stays as it was.
    if (terms.length > MAX_JARGON_TERMS) return void notices.push('error', `The jargon list has ${terms.length} terms, over the limit of ${MAX_JARGON_TERMS}; the list in use is unchanged.`);
    this.jargon = terms;
    this.saveSettings();
    this.scheduleGrid();
  }

  /** Checks a variant as it would be read back, for the editor's list of problems. */
  issuesOf(variant: WordingVariant): readonly WordingIssue[] {
    return checkWordingVariant($state.snapshot(variant)).issues;
  }
}

export const wordingLab = new WordingLab();
