/** The person's preferences, kept in the cache. */
import { getPref, setPref } from '../../cache/db.ts';
import { notices } from './notices.svelte.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

class Prefs {
  theme = $state<ThemeChoice>('system');

  async load(): Promise<void> {
    try {
      const theme = await getPref<ThemeChoice>('theme');
      if (theme && THEMES.includes(theme)) this.theme = theme;
    } catch {
      // No storage (private mode): the defaults stand.
    }
    applyTheme(this.theme);
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
