import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { dqTestResults } from './quality.js';

/**
 * What a monitor's result saw: the bucket under test, its observed value, the expected range,
 * the score and how many training points the baseline had. `state` is learning (too few points
 * yet), normal, anomaly, or a schema monitor's baseline/changed.
 */
export const dqMonitorResults = pgTable(
  'dq_monitor_results',
  {
    resultId: bigint('result_id', { mode: 'number' })
      .primaryKey()
      .references(() => dqTestResults.resultId, { onDelete: 'cascade' }),
    ruleId: integer('rule_id').notNull(),
    bucket: timestamp('bucket'),
    metric: text('metric'),
    columnName: text('column_name'),
    method: text('method'),
    state: text('state').notNull(),
    observed: numeric('observed'),
    expectedLow: numeric('expected_low'),
    expectedHigh: numeric('expected_high'),
    score: numeric('score'),
    trainingPoints: integer('training_points'),
  },
  (t) => [index('dq_monitor_results_rule_idx').on(t.ruleId, t.bucket)],
);

/**
 * Buckets a user took out of a monitor's training (`dq monitors exclude`): a known incident.
 * `removed_at` set means the exclusion was taken back; the row stays as the record.
 */
export const dqMonitorExclusions = pgTable(
  'dq_monitor_exclusions',
  {
    exclusionId: serial('exclusion_id').primaryKey(),
    ruleId: integer('rule_id').notNull(),
    /** First bucket excluded (inclusive). */
    fromBucket: timestamp('from_bucket').notNull(),
    /** End of the exclusion (exclusive). */
    toBucket: timestamp('to_bucket').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('dq_monitor_exclusions_rule_idx').on(t.ruleId)],
);

/** A monitored table's columns as one run saw them; schema checks compare with the previous one. */
export const dqSchemaSnapshots = pgTable(
  'dq_schema_snapshots',
  {
    snapshotId: bigserial('snapshot_id', { mode: 'number' }).primaryKey(),
    runId: text('run_id').notNull(),
    ruleId: integer('rule_id').notNull(),
    tableName: text('table_name').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    tableExists: boolean('table_exists').notNull(),
    /** `[{ name, type, nullable }]` in column order. */
    columns: jsonb('columns').notNull().default([]),
  },
  (t) => [index('dq_schema_snapshots_rule_idx').on(t.ruleId, t.snapshotId)],
);
