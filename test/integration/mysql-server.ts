import { describeEachDatabase } from '@dq/testing';
import { describe, it } from 'vitest';

/** The MySQL or MariaDB server the mysql source's tests use: DQ_TEST_MYSQL_URL, or the local one. */
export const MYSQL_SERVER = process.env.DQ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/**
 * describeEachDatabase for tests that need that server too. test/global-setup.ts says whether one
 * answers (CI starts one); without it the suite is skipped by name, so `npm test` passes on a
 * machine with Node alone.
 */
export const describeWithMysql: typeof describeEachDatabase =
  process.env.DQ_TEST_MYSQL_UP === '0'
    ? (name) =>
        describe.skip(`${name} (no MySQL/MariaDB server)`, () =>
          it('needs a MySQL or MariaDB server', () => {}))
    : describeEachDatabase;
