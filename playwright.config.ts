import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.PIPETTE_CHROMIUM ?? '/usr/bin/chromium';
// Several checkouts may run their browser tests at once on one machine: each picks its own port.
const PORT = Number(process.env.PIPETTE_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: CHROMIUM,
      // Debian's Chromium on a closed network: no sandbox as root, no background calls home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --host 127.0.0.1 --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
