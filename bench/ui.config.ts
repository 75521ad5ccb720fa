import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

/**
 * The browser benchmark (`npm run bench:ui`): the production build served on a port of its own,
 * so it never meets the browser tests' server, in the same Chromium the tests drive.
 */
const PORT = 4273;

export default defineConfig({
  testDir: '.',
  testMatch: 'ui.bench.ts',
  outputDir: '../test-results/bench-ui',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  // Three scales to 500 pods and back on a busy two-core machine: minutes, not seconds.
  timeout: 15 * 60_000,
  use: {
    ...base.use,
    baseURL: `http://127.0.0.1:${PORT}`,
  },
  webServer: {
    // From the project root: bench/ has a vite config of its own (the engine bundle).
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
