// `npm test`: everything CI checks, from a fresh clone. Stops at the first failing step.
import { ensureChromium, ensureNodeModules, run } from './setup.mjs';
import { ensurePostgres } from './postgres.mjs';

const started = Date.now();
ensureNodeModules();
// The CLI as users run it (bin/pipette.js would build it on first use; once here, before tests spawn it in parallel).
run('node scripts/build-cli.mjs');
run('npm run typecheck');
// The study server's PostgreSQL tests start a throwaway server from Debian's postgresql package.
ensurePostgres();
run('npx vitest run');
run('npm run conformance');
run('npm run conformance:installed');
ensureChromium();
run('npx vite build');
run('npx playwright test');
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
