import type { Database } from '@dq/plugin-api';
import { afterAll, beforeAll, describe } from 'vitest';
import { availableKinds, createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.js';

/** What a suite body gets: the engine and its database (valid inside tests and hooks). */
export interface DatabaseSuiteContext {
  kind: DatabaseKind;
  db(): Database;
  testDatabase(): TestDatabase;
}

/**
 * Runs the same suite on every available engine: PGlite always, PostgreSQL when DATABASE_URL is
 * set. Each run gets its own fresh database, dropped afterwards.
 */
export function describeEachDatabase(
  name: string,
  body: (ctx: DatabaseSuiteContext) => void,
  options: { persistent?: boolean } = {},
): void {
  for (const kind of availableKinds()) {
    describe(`${name} [${kind}]`, () => {
      let test: TestDatabase | undefined;
      beforeAll(async () => {
        test = await createTestDatabase(kind, options);
      });
      afterAll(async () => {
        await test?.drop();
      });
      const current = () => {
        if (!test) throw new Error('test database not ready');
        return test;
      };
      body({ kind, db: () => current().db, testDatabase: current });
    });
  }
}
