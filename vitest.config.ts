import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiles dist/ when a source is newer than the last build (the e2e tests spawn the compiled CLI).
    globalSetup: ['test/support/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one Postgres database and one Redis: files run one at a time.
    fileParallelism: false,
  },
});
