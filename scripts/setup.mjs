// Set-up shared by `npm start` and `npm test`: a fresh clone needs nothing but Node and npm.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function run(command, options = {}) {
  console.log(`\n$ ${command}`);
  const result = spawnSync(command, { shell: true, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`"${command}" failed with exit code ${result.status}`);
  }
}

/** Installs the locked dependencies when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  run('npm ci --no-audit --no-fund');
}

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium for the browser tests (Playwright cannot download its own browser here). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? '' : 'sudo ';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run(`${sudo}apt-get install -y --no-install-recommends chromium`, { env });
  } catch {
    run(`${sudo}apt-get update`, { env });
    run(`${sudo}apt-get install -y --no-install-recommends chromium`, { env });
  }
  execSync(`${CHROMIUM} --version`, { stdio: 'inherit' });
}
