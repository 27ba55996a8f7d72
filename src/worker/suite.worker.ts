/** A worker of the suite pool: nothing but the suite API, exposed. */
import { expose } from 'comlink';
import { suiteApi } from './suite-api.ts';

expose(suiteApi);
