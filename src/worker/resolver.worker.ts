/**
 * The resolver's module worker: the API, exposed, and a sign of life (heartbeat.ts). It asks for
 * the bundled scenarios' list and default scenario at once (bundled.ts), while the page loads, and
 * on a first visit warms its resolver on that scenario (warm-up.ts).
 */
import { expose } from 'comlink';
import { fetchBundleAhead } from '../cache/bundled.ts';
import { api } from './api.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE } from './heartbeat.ts';
import { warmUp } from './warm-up.ts';

// The page passes the same base (its own URL with BASE_URL) to refreshBundled; when the two
// differ (a relative base), what was fetched ahead is simply not used. Asked from a microtask, not
// from the module's body: a debugger (DevTools, Playwright) records where each fetch came from,
// and a frame in the module's body makes it re-read the whole bundle for that (70 ms).
queueMicrotask(() => fetchBundleAhead(new URL(import.meta.env.BASE_URL, self.location.origin + '/').href, (scenario, loaded) => void warmUp(scenario, loaded)));
expose(api);
setInterval(() => self.postMessage(HEARTBEAT_MESSAGE), HEARTBEAT_INTERVAL_MS);
