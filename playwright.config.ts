import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browsers cannot be downloaded on our machines, so tests drive an installed Chromium: the one
 * named by KUBEVIZ_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own if present.
 */
const chromium =
  process.env.KUBEVIZ_CHROMIUM ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  // These machines share their two cores, and their speed halves at times: a step that takes a
  // second in a quiet minute can take five. Waits are generous; what they wait for is exact.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: 'http://127.0.0.1:4173',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
