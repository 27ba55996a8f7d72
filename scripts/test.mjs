// `npm test`: everything CI checks, from a fresh clone. Stops at the first failing step.
import { ensureChromium, ensureNodeModules, run } from './setup.mjs';

const started = Date.now();
ensureNodeModules();
run('npm run typecheck');
run('npx vitest run');
run('npm run conformance');
run('npm run conformance:installed');
ensureChromium();
run('npx vite build');
run('npx playwright test');
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
