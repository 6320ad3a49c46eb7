import type {
  CheckCompileContext,
  CheckKind,
  CheckProblem,
  CompiledCheck,
  RuleDefinition,
} from '@dq/plugin-api';
import { DURATION_PATTERN, toInterval } from './duration.js';

const TIME_TYPE = /^(timestamp|date)\b/;

/**
 * `freshness`: the newest value of `column` (a timestamp or date, or text that casts to one) is
 * no older than `max_age` (`36h`, `7d`) at `now` (an ISO timestamp; default the run's `--as-of`, else the database's now()).
 * One measurement per run: scope 1, failed 1 when stale or when the scope has no value at all.
 * Text that does not cast to a timestamp makes the rule ERROR rather than guess.
 */
export class FreshnessCheck implements CheckKind {
  readonly name = 'freshness';
  readonly description = 'The newest value of a timestamp column is recent enough';
  readonly paramsSchema = {
    required: ['column', 'max_age'],
    properties: {
      max_age: { type: 'string', pattern: DURATION_PATTERN },
      now: { type: 'string', minLength: 1 },
    },
  };

  validate(rule: RuleDefinition): CheckProblem[] {
    const now = rule.params.now;
    if (typeof now === 'string' && Number.isNaN(Date.parse(now))) {
      return [
        { path: ['now'], message: `"${now}" is not an ISO timestamp. Allowed: e.g. 2026-01-31T12:00:00Z` },
      ];
    }
    return [];
  }

  compile(rule: RuleDefinition, ctx: CheckCompileContext): CompiledCheck {
    const column = ctx.column(rule.column!);
    const type = ctx.columnType(rule.column!);
    const value = type && TIME_TYPE.test(type) ? `${column}::timestamptz` : `${column}::text::timestamptz`;
    const { max_age, now } = rule.params as { max_age: string; now?: string };
    const reference = now ? `${ctx.bind(now)}::timestamptz` : (ctx.now ?? 'now()');
    const cutoff = `(${reference} - ${ctx.bind(toInterval(max_age))}::interval)`;
    const latest = `max(${value})`;
    return {
      mode: 'query',
      measure: `SELECT 1 AS scope, CASE WHEN ${latest} IS NULL OR ${latest} < ${cutoff} THEN 1 ELSE 0 END AS failed
        FROM ${ctx.from} WHERE ${ctx.where}`,
      violations: `SELECT ${ctx.bind(`max(${rule.column})`)}::text AS record_identifier,
          ${ctx.bind(rule.column)}::text AS column_name, ${latest}::text AS failed_value,
          'at or after ' || ${cutoff}::text AS expected_value
        FROM ${ctx.from} WHERE ${ctx.where}`,
    };
  }
}
