export {
  type CheckKindCase,
  type ContractCounts,
  type ContractTable,
  checkKindContract,
} from './contracts/check-kind-contract.js';
export {
  CONTRACT_CATEGORY,
  contractKernel,
  migrateCore,
  resolved,
  ruleFolder,
  tableChecksum,
} from './contracts/contract-kernel.js';
export { type ReporterContractOptions, reporterContract } from './contracts/reporter-contract.js';
export { ruleCategoryContract } from './contracts/rule-category-contract.js';
export {
  type ContractBatch,
  type ContractFiles,
  type SourceContractOptions,
  sourceContract,
} from './contracts/source-contract.js';
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
