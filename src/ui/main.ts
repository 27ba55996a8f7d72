/**
 * The page's entry, kept small: it starts the resolver worker at once, because fetching and
 * compiling the worker is the longest step before a first result, and only then loads the app
 * (whose modules are fetched meanwhile).
 */
import { startEarly } from '../worker/spawn.ts';
import { studyPage } from './views/study/route.ts';

// The researcher's panel resolves nothing.
if (studyPage(location.pathname) !== 'researcher') startEarly();
await import('./app-main.ts');
