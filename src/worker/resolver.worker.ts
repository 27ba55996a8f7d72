/** The resolver's module worker: nothing but the API, exposed, and a sign of life (heartbeat.ts). */
import { expose } from 'comlink';
import { api } from './api.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE } from './heartbeat.ts';

expose(api);
setInterval(() => self.postMessage(HEARTBEAT_MESSAGE), HEARTBEAT_INTERVAL_MS);
