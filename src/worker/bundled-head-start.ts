/**
 * The bundled scenarios' refresh, started by the worker as it boots when the page started it
 * early (spawn.ts), so that a first visit's scenarios are being fetched and stored while the
 * page's own modules are still arriving. The page's first `refreshBundled` call for the same
 * base joins it: it hears every progress event so far, then the rest, and gets its report.
 */
import { refreshBundled, type BundleProgress, type BundleReport } from '../cache/bundled.ts';
import type { LoadedIndex } from '../core/index.ts';

type Listener = (progress: BundleProgress) => void;

interface HeadStart {
  readonly baseUrl: string;
  readonly events: BundleProgress[];
  readonly listeners: Set<Listener>;
  readonly report: Promise<BundleReport>;
}

let headStart: HeadStart | null = null;

export function startBundledRefresh(baseUrl: string, memory: Map<string, LoadedIndex>): void {
  const events: BundleProgress[] = [];
  const listeners = new Set<Listener>();
  const report = refreshBundled(baseUrl, memory, (progress) => {
    events.push(progress);
    for (const listener of listeners) listener(progress);
  });
  // A failure is the joining call's to report; unjoined, it is only a head start lost.
  report.catch(() => undefined);
  headStart = { baseUrl, events, listeners, report };
}

/** Joins the head start for `baseUrl` (once), or refreshes anew. */
export async function joinOrRefreshBundled(baseUrl: string, memory: Map<string, LoadedIndex>, onProgress?: Listener): Promise<BundleReport> {
  const started = headStart;
  if (!started || started.baseUrl !== baseUrl) return refreshBundled(baseUrl, memory, onProgress);
  headStart = null;
  if (!onProgress) return started.report;
  for (const event of started.events) onProgress(event);
  started.listeners.add(onProgress);
  try {
    return await started.report;
  } finally {
    started.listeners.delete(onProgress);
  }
}
