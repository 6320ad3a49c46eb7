import { connect } from 'node:net';
import { defineConfig } from 'vitest/config';

/** Whether a MySQL/MariaDB server answers where the mysql source's tests look for one. */
function mysqlAnswers(): Promise<boolean> {
  const url = new URL(process.env.DQ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 3306), timeout: 3000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

// Test files that need a server beside PGlite are left out when it is not there (test/global-setup.ts
// says so at the start of the run, and under CI a missing server fails it), so `npm test` passes
// on a machine with Node alone.
const needsServer = [
  ...(process.env.DATABASE_URL
    ? []
    : ['test/integration/source-postgres.test.ts', 'test/integration/source-postgres.contract.test.ts']),
  ...((await mysqlAnswers())
    ? []
    : [
        'test/integration/source-mysql.test.ts',
        'test/integration/doctor-sources.test.ts',
        'plugins/source-mysql/src/mysql-source.contract.test.ts',
      ]),
];

export default defineConfig({
  // Test files sit outside the packages' tsconfig (they are not built), so the transform does not
  // see experimentalDecorators there: constructor-parameter decorators (@inject) need it said here.
  oxc: { decorator: { legacy: true } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', ...needsServer],
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
