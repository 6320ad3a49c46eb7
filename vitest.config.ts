import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['./test/setup.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // Limits for a machine shared with other jobs: at load 30+ on 2 cores, tests that take 20-50 s
    // when idle were cut at 120 s. A hung test still fails; it just takes longer to say so.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // PGlite instances are memory-hungry and CPU-bound; two workers match the 2-core machines.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
