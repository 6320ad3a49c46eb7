import type { SqlExecutor } from '@dq/plugin-api';
import type { Scorecard } from './check-run.js';

/** The seven seed categories, each with its own column in dq_scorecards. */
const SEED_COLUMNS = [
  'completeness',
  'accuracy',
  'consistency',
  'validity',
  'uniqueness',
  'timeliness',
  'integrity',
];

/** Appends the run's dq_scorecards row and one dq_scorecard_categories row per category. */
export async function writeScorecard(
  tx: SqlExecutor,
  runId: string,
  card: Scorecard,
  options: { partial?: boolean; reportDate?: string } = {},
): Promise<number> {
  const score = (name: string) => card.categories.find((c) => c.category === name)?.score ?? null;
  const res = await tx.query<{ scorecard_id: number }>(
    `INSERT INTO dq_scorecards (run_id, report_date, overall_quality_score,
        ${SEED_COLUMNS.map((c) => `${c}_score`).join(', ')},
        total_rules_executed, rules_passed, rules_warned, rules_failed, rules_errored,
        total_records_checked, total_failed_records, is_partial)
     VALUES ($1, coalesce($18::date, CURRENT_DATE), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     RETURNING scorecard_id`,
    [
      runId,
      card.overall,
      ...SEED_COLUMNS.map(score),
      card.rulesExecuted,
      card.rulesPassed,
      card.rulesWarned,
      card.rulesFailed,
      card.rulesErrored,
      card.recordsChecked,
      card.failedRecords,
      options.partial ?? false,
      options.reportDate ?? null,
    ],
  );
  const id = res.rows[0]!.scorecard_id;
  await tx.query(
    `INSERT INTO dq_scorecard_categories (scorecard_id, category, score, rules_executed, records_checked, failed_records)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::int[], $5::bigint[], $6::bigint[])`,
    [
      id,
      card.categories.map((c) => c.category),
      card.categories.map((c) => (c.score === null ? null : String(c.score))),
      card.categories.map((c) => c.rulesExecuted),
      card.categories.map((c) => c.recordsChecked),
      card.categories.map((c) => c.failedRecords),
    ],
  );
  return id;
}
