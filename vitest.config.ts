import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // WxtVitest gives background code an in-memory fake `browser` (storage.local/session, runtime).
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    // No browser.i18n here: t() reads the English catalog (tests/unit/setup-i18n.ts).
    setupFiles: ['tests/unit/setup-i18n.ts'],
    // Property tests run thousands of cases; give them room without hiding a hang.
    testTimeout: 60_000,
  },
});
