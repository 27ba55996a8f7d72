/** The resolver's module worker: nothing but the API, exposed. */
import { expose } from 'comlink';
import { api } from './api.ts';

expose(api);
