/** The person's preferences, kept in the cache. */
import { getPref, setPref } from '../../cache/db.ts';
import { notices } from './notices.svelte.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Choices for the resolve's time limit, in seconds (null: none). */
export const TIME_LIMITS: readonly (number | null)[] = [null, 10, 30, 60, 300];

class Prefs {
  theme = $state<ThemeChoice>('system');
  /** Stop a resolve that runs longer (seconds), saying what it tried; null for no limit. */
  maxSeconds = $state<number | null>(null);

  async load(): Promise<void> {
    try {
      const theme = await getPref<ThemeChoice>('theme');
      if (theme && THEMES.includes(theme)) this.theme = theme;
      const maxSeconds = await getPref<number | null>('maxSeconds');
      if (maxSeconds !== undefined && TIME_LIMITS.includes(maxSeconds)) this.maxSeconds = maxSeconds;
    } catch {
      // No storage (private mode): the defaults stand.
    }
    applyTheme(this.theme);
  }

  setMaxSeconds(value: number | null): void {
    this.maxSeconds = value;
    setPref('maxSeconds', value).catch((error: Error) => notices.push('warning', error.message));
  }

  cycleTheme(): void {
    this.theme = THEMES[(THEMES.indexOf(this.theme) + 1) % THEMES.length]!;
    applyTheme(this.theme);
    setPref('theme', this.theme).catch((error: Error) => notices.push('warning', error.message));
  }
}

function applyTheme(theme: ThemeChoice): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const prefs = new Prefs();
