/** The resolver's module worker: the API, exposed, a sign of life (heartbeat.ts) and, started early, a head start. */
import { expose } from 'comlink';
import { api, headStartBundled } from './api.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE } from './heartbeat.ts';
import { EARLY_WORKER_NAME } from './spawn.ts';

expose(api);
// Started as the page began to load: fetch and store the bundled scenarios before it asks.
if (self.name === EARLY_WORKER_NAME) headStartBundled(new URL(import.meta.env.BASE_URL, self.location.href).href);
setInterval(() => self.postMessage(HEARTBEAT_MESSAGE), HEARTBEAT_INTERVAL_MS);
