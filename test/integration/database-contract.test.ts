import { databaseContract, describeEachDatabase } from '@dq/testing';

// One suite, unchanged, on PGlite and (with DATABASE_URL) on PostgreSQL.
describeEachDatabase('Database contract', databaseContract);
