import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Quality dimensions; synced from the registered RuleCategory plugins. */
export const dqRuleCategories = pgTable('dq_rule_categories', {
  categoryId: serial('category_id').primaryKey(),
  categoryName: text('category_name').notNull().unique(),
  description: text('description'),
});

/** Rules synced from rules/ files, keyed by name. */
export const dqRules = pgTable('dq_rules', {
  ruleId: serial('rule_id').primaryKey(),
  ruleName: text('rule_name').notNull().unique(),
  ruleDescription: text('rule_description'),
  categoryId: integer('category_id').references(() => dqRuleCategories.categoryId),
  targetTable: text('target_table').notNull(),
  targetColumn: text('target_column'),
  checkKind: text('check_kind').notNull(),
  params: jsonb('params').notNull().default({}),
  whereClause: text('where_clause'),
  ruleSql: text('rule_sql'),
  severity: text('severity').notNull(),
  failureThreshold: numeric('failure_threshold', { precision: 5, scale: 2 }).notNull().default('0'),
  tags: text('tags').array().notNull().default([]),
  owner: text('owner'),
  sourceFile: text('source_file'),
  contentHash: text('content_hash'),
  version: integer('version').notNull().default(1),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per rule per check run; appended, never overwritten. */
export const dqTestResults = pgTable(
  'dq_test_results',
  {
    resultId: bigserial('result_id', { mode: 'number' }).primaryKey(),
    runId: text('run_id').notNull(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => dqRules.ruleId),
    executionDate: timestamp('execution_date', { withTimezone: true }).notNull().defaultNow(),
    executionDurationMs: integer('execution_duration_ms'),
    totalRecordsChecked: bigint('total_records_checked', { mode: 'number' }),
    failedRecords: bigint('failed_records', { mode: 'number' }),
    passedRecords: bigint('passed_records', { mode: 'number' }),
    failurePercentage: numeric('failure_percentage', { precision: 9, scale: 4 }),
    severity: text('severity'),
    failureThreshold: numeric('failure_threshold', { precision: 5, scale: 2 }),
    testStatus: text('test_status').notNull(),
    testMessage: text('test_message'),
  },
  (t) => [
    index('dq_test_results_run_idx').on(t.runId),
    index('dq_test_results_rule_idx').on(t.ruleId, t.executionDate),
  ],
);

/** Sampled violating records of a result (capped by quality.exceptionSampleLimit). */
export const dqExceptions = pgTable(
  'dq_exceptions',
  {
    exceptionId: bigserial('exception_id', { mode: 'number' }).primaryKey(),
    resultId: bigint('result_id', { mode: 'number' })
      .notNull()
      .references(() => dqTestResults.resultId, { onDelete: 'cascade' }),
    ruleId: integer('rule_id').notNull(),
    tableName: text('table_name').notNull(),
    recordIdentifier: text('record_identifier'),
    columnName: text('column_name'),
    failedValue: text('failed_value'),
    expectedValue: text('expected_value'),
    detectedDate: timestamp('detected_date', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dq_exceptions_result_idx').on(t.resultId)],
);

/**
 * One row per `dq check` run: when it ran and which rules it selected. A run filtered by rule,
 * category, table or tag is partial: it is kept out of trends and never compared with a full run.
 */
export const dqCheckRuns = pgTable(
  'dq_check_runs',
  {
    runId: text('run_id').primaryKey(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    isPartial: boolean('is_partial').notNull().default(false),
    /** The filters given (`{ rules, categories, tables, tags }`), empty for a full run. */
    selection: jsonb('selection').notNull().default({}),
    rulesPath: text('rules_path'),
    rulesSelected: integer('rules_selected').notNull().default(0),
    /** `--as-of`: the instant the run took as "now" (freshness, anomaly windows, the scorecard date). */
    asOf: timestamp('as_of', { withTimezone: true }),
  },
  (t) => [index('dq_check_runs_started_idx').on(t.startedAt)],
);

/** One scorecard per check run; the seven seed columns plus totals. */
export const dqScorecards = pgTable(
  'dq_scorecards',
  {
    scorecardId: bigserial('scorecard_id', { mode: 'number' }).primaryKey(),
    runId: text('run_id').notNull().unique(),
    reportDate: date('report_date').notNull(),
    overallQualityScore: numeric('overall_quality_score', { precision: 5, scale: 2 }),
    completenessScore: numeric('completeness_score', { precision: 5, scale: 2 }),
    accuracyScore: numeric('accuracy_score', { precision: 5, scale: 2 }),
    consistencyScore: numeric('consistency_score', { precision: 5, scale: 2 }),
    validityScore: numeric('validity_score', { precision: 5, scale: 2 }),
    uniquenessScore: numeric('uniqueness_score', { precision: 5, scale: 2 }),
    timelinessScore: numeric('timeliness_score', { precision: 5, scale: 2 }),
    integrityScore: numeric('integrity_score', { precision: 5, scale: 2 }),
    totalRulesExecuted: integer('total_rules_executed').notNull().default(0),
    rulesPassed: integer('rules_passed').notNull().default(0),
    rulesWarned: integer('rules_warned').notNull().default(0),
    rulesFailed: integer('rules_failed').notNull().default(0),
    rulesErrored: integer('rules_errored').notNull().default(0),
    totalRecordsChecked: bigint('total_records_checked', { mode: 'number' }).notNull().default(0),
    totalFailedRecords: bigint('total_failed_records', { mode: 'number' }).notNull().default(0),
    /** The run was filtered (dq_check_runs.is_partial): not part of the trend. */
    isPartial: boolean('is_partial').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dq_scorecards_date_idx').on(t.reportDate)],
);

/** Per-category scores of a scorecard, custom categories included. */
export const dqScorecardCategories = pgTable(
  'dq_scorecard_categories',
  {
    scorecardId: bigint('scorecard_id', { mode: 'number' })
      .notNull()
      .references(() => dqScorecards.scorecardId, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    score: numeric('score', { precision: 5, scale: 2 }),
    rulesExecuted: integer('rules_executed').notNull().default(0),
    recordsChecked: bigint('records_checked', { mode: 'number' }).notNull().default(0),
    failedRecords: bigint('failed_records', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scorecardId, t.category] })],
);

/**
 * Metrics over time: per rule (scope rows, failed rows, failure %) for trends, and per monitor a
 * value per bucket (a day or an hour of the monitored table's time column, or the day of a run)
 * that anomaly checks train on. A monitor's value is keyed by (rule, metric, column, bucket):
 * re-measuring a bucket replaces it. `is_anomaly` marks a bucket a monitor flagged, which no
 * baseline trains on again.
 */
export const dqMetricHistory = pgTable(
  'dq_metric_history',
  {
    metricId: bigserial('metric_id', { mode: 'number' }).primaryKey(),
    runId: text('run_id').notNull(),
    ruleId: integer('rule_id').notNull(),
    measuredAt: timestamp('measured_at', { withTimezone: true }).notNull().defaultNow(),
    metric: text('metric').notNull(),
    value: numeric('value'),
    details: jsonb('details'),
    /** The measured column ('' for a table metric such as row_count). */
    columnName: text('column_name').notNull().default(''),
    /** Start of the bucket measured (UTC); null for a rule's per-run metrics. */
    bucket: timestamp('bucket'),
    isAnomaly: boolean('is_anomaly').notNull().default(false),
  },
  (t) => [
    index('dq_metric_history_rule_idx').on(t.ruleId, t.metric, t.measuredAt),
    uniqueIndex('dq_metric_history_bucket_idx')
      .on(t.ruleId, t.metric, t.columnName, t.bucket)
      .where(sql`${t.bucket} IS NOT NULL`),
  ],
);
