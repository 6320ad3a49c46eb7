import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { dqRules } from './quality.js';

/**
 * An issue: a rule (or monitor) that ended WARNING, FAILED or ERROR, followed across runs until
 * the first run where it passes closes it. One open issue per rule at a time.
 */
export const dqIssues = pgTable(
  'dq_issues',
  {
    issueId: bigserial('issue_id', { mode: 'number' }).primaryKey(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => dqRules.ruleId),
    ruleName: text('rule_name').notNull(),
    tableName: text('table_name').notNull(),
    columnName: text('column_name'),
    category: text('category'),
    severity: text('severity'),
    /** `rule:column:kind`: what an alert about this issue is de-duplicated by. */
    fingerprint: text('fingerprint').notNull(),
    /** The kind of change of the latest failing result (`violation`, `error`, a monitor's kind). */
    changeKind: text('change_kind').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    openedRunId: text('opened_run_id').notNull(),
    lastRunId: text('last_run_id').notNull(),
    closedRunId: text('closed_run_id'),
    firstStatus: text('first_status').notNull(),
    /** The status before the latest run that saw it (escalation = WARNING then FAILED). */
    previousStatus: text('previous_status'),
    lastStatus: text('last_status').notNull(),
    worstStatus: text('worst_status').notNull(),
    /** Runs that saw it failing. */
    runsFailing: integer('runs_failing').notNull().default(1),
    firstFailedRecords: bigint('first_failed_records', { mode: 'number' }),
    firstScope: bigint('first_scope', { mode: 'number' }),
    firstFailurePct: numeric('first_failure_pct', { precision: 9, scale: 4 }),
    lastFailedRecords: bigint('last_failed_records', { mode: 'number' }),
    lastScope: bigint('last_scope', { mode: 'number' }),
    lastFailurePct: numeric('last_failure_pct', { precision: 9, scale: 4 }),
    maxFailedRecords: bigint('max_failed_records', { mode: 'number' }),
    /** The rule's records have stable identifiers (a key), so dq_issue_records follows them. */
    recordsTracked: boolean('records_tracked').notNull().default(false),
  },
  (t) => [
    uniqueIndex('dq_issues_open_rule_idx').on(t.ruleId).where(sql`${t.closedAt} IS NULL`),
    index('dq_issues_rule_idx').on(t.ruleId, t.firstSeenAt),
  ],
);

/**
 * The sampled failing records of an issue, by identifier: when each was first and last seen
 * failing, and the run that found it fixed (null while it still fails).
 */
export const dqIssueRecords = pgTable(
  'dq_issue_records',
  {
    issueId: bigint('issue_id', { mode: 'number' })
      .notNull()
      .references(() => dqIssues.issueId, { onDelete: 'cascade' }),
    recordIdentifier: text('record_identifier').notNull(),
    firstSeenRunId: text('first_seen_run_id').notNull(),
    lastSeenRunId: text('last_seen_run_id').notNull(),
    fixedRunId: text('fixed_run_id'),
  },
  (t) => [
    primaryKey({ columns: [t.issueId, t.recordIdentifier] }),
    index('dq_issue_records_fixed_idx').on(t.issueId, t.fixedRunId),
  ],
);

/** Every alert decision: sent, suppressed (and why) or failed, per destination. */
export const dqAlertLog = pgTable(
  'dq_alert_log',
  {
    alertId: bigserial('alert_id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    runId: text('run_id'),
    issueId: bigint('issue_id', { mode: 'number' }).references(() => dqIssues.issueId, {
      onDelete: 'set null',
    }),
    route: text('route').notNull(),
    destination: text('destination').notNull(),
    destinationKind: text('destination_kind').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** new_failure, escalation, reminder, resolved or test. */
    alertKind: text('alert_kind').notNull(),
    /** sent, suppressed or failed. */
    decision: text('decision').notNull(),
    reason: text('reason').notNull(),
    /** The rule's status the alert reported (escalation compares against it). */
    ruleStatus: text('rule_status'),
    attempts: integer('attempts').notNull().default(0),
    httpStatus: integer('http_status'),
    idempotencyKey: text('idempotency_key'),
    error: text('error'),
  },
  (t) => [
    index('dq_alert_log_issue_idx').on(t.destination, t.fingerprint, t.createdAt),
    index('dq_alert_log_run_idx').on(t.runId),
  ],
);
