/** The resolver's module worker: the API, exposed, a sign of life (heartbeat.ts), and on a page's first start a warm-up (warm-up.ts). */
import { expose } from 'comlink';
import { api } from './api.ts';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_MESSAGE } from './heartbeat.ts';
import { warmUp } from './warm-up.ts';
import { WARM_UP_NAME_SUFFIX } from './worker-name.ts';

expose(api);
if (self.name.endsWith(WARM_UP_NAME_SUFFIX)) setTimeout(() => void warmUp(api.resolve, api.forgetIndex), 0);
setInterval(() => self.postMessage(HEARTBEAT_MESSAGE), HEARTBEAT_INTERVAL_MS);
