import { defineConfig } from '@playwright/test';

/**
 * E2E tests drive a real Chromium with the built extension (`.output/chrome-mv3`), one fresh
 * profile per test; see tests/e2e/fixtures.ts. `npm run test:e2e` builds first.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Two cores here: one Chromium per core.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
});
