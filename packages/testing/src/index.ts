export { databaseContract } from './database-contract.js';
export { type DatabaseSuiteContext, describeEachDatabase } from './describe-each-database.js';
export {
  availableKinds,
  createTestDatabase,
  type DatabaseKind,
  serverUrl,
  type TestDatabase,
  withDatabase,
} from './test-database.js';
export { createTestKernel, type TestKernelOptions } from './test-kernel.js';
