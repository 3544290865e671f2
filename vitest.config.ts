import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-dist.ts', 'tests/support/global-setup.ts'],
    // PGlite starts in about a second from the template; e2e tests spawn whole processes.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
