import { defineConfig } from 'vitest/config';

// End-to-end tests in Debian's Chromium through playwright-core (`npm run test:e2e`).
// CI builds first (`npm run build`), so the app is served by `vite preview` of dist/.
export default defineConfig({
  test: {
    root: new URL('../../', import.meta.url).pathname,
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    // One browser at a time on a 2-core machine.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
