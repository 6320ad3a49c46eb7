import 'reflect-metadata';

export { ConfigSchema } from './config/config-schema.js';
export {
  DEFAULT_CONFIG_FILE,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from './config/load-config.js';
export { redactConfig } from './config/redact-config.js';
export {
  IngestEngine,
  type LoadOptions,
  type LoadRunResult,
  type SourceRunResult,
} from './engines/ingest-engine.js';
export { type ColumnProfile, Profiler } from './engines/profiler.js';
export { type BootOptions, bootKernel, type Runtime } from './kernel/boot.js';
export { Kernel, type KernelServices, type LoadedPlugin } from './kernel/kernel.js';
export { loadPluginEntries, type ResolvedPlugin } from './kernel/plugin-loader.js';
export { type ClosableLogger, createLogger, type LoggerOptions } from './logging/create-logger.js';
export {
  type Phase,
  type PhaseTiming,
  type PipelineResult,
  PipelineRunner,
} from './pipeline/pipeline-runner.js';
export { Doctor, type DoctorCheck } from './services/doctor.js';
export { MigrationService } from './services/migration-service.js';
export { PluginInventory, type PluginSummary } from './services/plugin-inventory.js';
