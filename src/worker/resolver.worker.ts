/**
 * The resolver's module worker: the API, exposed, and a sign of life (heartbeat.ts). It asks for
 * the bundled scenarios' list and default scenario at once (bundled.ts), while the page loads.
 */
import { expose } from 'comlink';
import { fetchBundleAhead } from '../cache/bundled.ts';
import { api } from './api.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE } from './heartbeat.ts';

// The page passes the same base (its own URL with BASE_URL) to refreshBundled; when the two
// differ (a relative base), what was fetched ahead is simply not used.
fetchBundleAhead(new URL(import.meta.env.BASE_URL, self.location.origin + '/').href);
expose(api);
setInterval(() => self.postMessage(HEARTBEAT_MESSAGE), HEARTBEAT_INTERVAL_MS);
