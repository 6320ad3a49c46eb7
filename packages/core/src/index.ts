import 'reflect-metadata';

export { type AlertDecision, decideAlert, type IssueState, type LastSent } from './alerts/alert-decision.js';
export {
  type AlertDeliveryReport,
  AlertEngine,
  type AlertRunReport,
  alertFailure,
  hostOf,
} from './alerts/alert-engine.js';
export { routeMatches } from './alerts/alert-routing.js';
export { durationMs } from './alerts/duration.js';
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
export { KernelStagingWriter, type StagingWriterOptions } from './engines/staging/staging-writer.js';
export {
  TransformEngine,
  type TransformResult,
  type TransformStep,
} from './engines/transform-engine.js';
export { changeKindOf, fingerprintOf, statusRank } from './issues/change-kind.js';
export type { CheckRunNews } from './issues/check-run-hook.js';
export { type IssueSummary, type ListIssuesOptions, listIssues } from './issues/issue-list.js';
export { IssueTracker, type IssueTrackingReport } from './issues/issue-tracker.js';
export { diffHeadline, loadRunDiff } from './issues/run-diff.js';
export { type BootOptions, bootKernel, type Runtime } from './kernel/boot.js';
export { Kernel, type KernelServices, type LoadedPlugin } from './kernel/kernel.js';
export { loadPluginEntries, type ResolvedPlugin } from './kernel/plugin-loader.js';
export { type ClosableLogger, createLogger, type LoggerOptions } from './logging/create-logger.js';
export { addBuckets, bucketStart, bucketText, bucketUnderTest, parseAsOf } from './monitors/as-of.js';
export { type MonitorBacktest, MonitorBacktester } from './monitors/monitor-backtest.js';
export {
  type Exclusion,
  type HistoryPoint,
  MonitorService,
  type MonitorSummary,
} from './monitors/monitor-service.js';
export {
  type Phase,
  type PhaseTiming,
  type PipelineResult,
  PipelineRunner,
} from './pipeline/pipeline-runner.js';
export {
  type PipelineOptions,
  type PipelineOutcome,
  PipelineService,
  pipelineVerdict,
} from './pipeline/pipeline-service.js';
export type { CategoryScore, CheckRun, RuleResult, Scorecard } from './quality/check-run.js';
export { checkVerdict, type FailOn, failsCheck } from './quality/check-verdict.js';
export { type CheckOptions, PGLITE_TIMEOUT_NOTE, QualityEngine } from './quality/quality-engine.js';
export { ruleContentHash } from './quality/rule-hash.js';
export { RuleLoader, type RuleLoadReport, type RuleSet } from './quality/rule-loader.js';
export {
  openRuleDatabase,
  provisionRuleRole,
  type RuleDatabase,
  type RuleRoleReport,
  type RuleRoleSettings,
} from './quality/rule-role.js';
export { COMMON_FIELDS, RuleFileSchema } from './quality/rule-schema.js';
export type { RuleFilters } from './quality/rule-selection.js';
export type { RuleStatus } from './quality/rule-status.js';
export type { RuleSyncReport } from './quality/rule-sync.js';
export { computeScorecard } from './quality/scorecard.js';
export {
  EXCEPTIONS_PER_RULE,
  failuresByTable,
  ReportDataLoader,
  TREND_RUNS,
} from './reporting/report-data-loader.js';
export { type ReportRunOptions, ReportService } from './reporting/report-service.js';
export {
  type CitusNode,
  type DistributionStep,
  distributeTables,
  hasCitus,
  type TablePlacement,
  tablePlacements,
} from './services/citus-distribution.js';
export { Doctor, type DoctorCheck } from './services/doctor.js';
export { type MigrateResult, MigrationService } from './services/migration-service.js';
export { PluginInventory, type PluginSummary } from './services/plugin-inventory.js';
