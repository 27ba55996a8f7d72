/**
 * The live index settings ("Other index…" URL, "as of" date, offline) and its cache's size.
 * Which index a resolve reads follows from these, the picker and the requirements' own
 * `--index-url` (live-index-choice.ts); the cache itself lives in the worker.
 */
import { resolver, type LiveCacheStats } from '../../worker/client.ts';
import { decideLiveIndex, DEFAULT_LIVE_SETTINGS, isLiveIndexId, requirementsIndexUrl, type LiveIndexSettings } from './live-index-choice.ts';
import { notices } from './notices.svelte.ts';
import { workspace } from './workspace.svelte.ts';

class LiveIndex {
  customUrl = $state(DEFAULT_LIVE_SETTINGS.customUrl);
  asOf = $state(DEFAULT_LIVE_SETTINGS.asOf);
  offline = $state(DEFAULT_LIVE_SETTINGS.offline);
  /** The cache's size, once asked; null until then or when it could not be read. */
  cacheStats = $state.raw<LiveCacheStats | null>(null);
  clearing = $state(false);

  readonly picked = $derived(isLiveIndexId(workspace.indexId));
  /** The `--index-url` of the requirements being edited, if they have one. */
  readonly fromRequirements = $derived(requirementsIndexUrl(workspace.text, workspace.format));
  /** What a resolve would read now: the choice sent to the worker, or why there is none. */
  readonly decision = $derived(this.picked ? decideLiveIndex(workspace.indexId, this.settings(), this.fromRequirements) : null);

  settings(): LiveIndexSettings {
    return { customUrl: this.customUrl, asOf: this.asOf, offline: this.offline };
  }

  restore(settings: Partial<LiveIndexSettings> | undefined): void {
    const s = { ...DEFAULT_LIVE_SETTINGS, ...settings };
    this.customUrl = s.customUrl;
    this.asOf = s.asOf;
    this.offline = s.offline;
  }

  async refreshCacheStats(): Promise<void> {
    try {
      this.cacheStats = await resolver.liveCacheStats();
    } catch {
      // A worker restarted by a cancel drops the question; the next refresh asks again.
    }
  }

  async clearCache(): Promise<void> {
    this.clearing = true;
    try {
      this.cacheStats = await resolver.clearLiveCache();
      notices.push('success', 'The index cache is empty: the next resolve downloads what it needs again.');
    } catch (error) {
      notices.push('error', `The index cache could not be cleared: ${(error as Error).message}`);
    } finally {
      this.clearing = false;
    }
  }
}

export const liveIndex = new LiveIndex();
