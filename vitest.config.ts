import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Test files sit outside the packages' tsconfig (they are not built), so the transform does not
  // see experimentalDecorators there: constructor-parameter decorators (@inject) need it said here.
  oxc: { decorator: { legacy: true } },
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
