import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/build-dist.ts', 'tests/support/global-setup.ts'],
    // A hang guard, not a speed limit, the same for every test and hook: each wait inside a test is on an event
    // (a process's output or exit, a request reaching a fake), so a slow, loaded machine only makes tests take
    // longer. Ten minutes is far above the slowest e2e test there, and still ends one that would hang for ever.
    // No test sets its own; speed is measured in bench/, never here.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
