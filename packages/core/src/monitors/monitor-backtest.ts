import { type BacktestResult, type Database, inject, tokens } from '@dq/plugin-api';
import { compileRule } from '../quality/prepared-rule.js';
import { QualityEngine } from '../quality/quality-engine.js';
import { TableCatalog } from '../quality/table-catalog.js';

/** One monitor's backtest: per sensitivity, the buckets that would have alerted. */
export interface MonitorBacktest {
  monitor: string;
  table: string;
  column?: string;
  metric?: string;
  results: BacktestResult[];
}

/**
 * `dq monitors backtest`: replays the stored history of every anomaly monitor of quality.rules
 * (or those named) at each sensitivity, as the live check would have judged it bucket by bucket.
 * Reads only; monitors that never ran (no history) are left out.
 */
export class MonitorBacktester {
  constructor(
    @inject(QualityEngine) private readonly engine: QualityEngine,
    @inject(tokens.database) private readonly db: Database,
  ) {}

  async run(sensitivities: readonly number[], names: readonly string[] = []): Promise<MonitorBacktest[]> {
    const { engine, db } = this;
    const kinds = new Map(engine.checkKinds().map((k) => [k.name, k]));
    const catalog = new TableCatalog(db);
    const ids = await db.query<{ rule_name: string; rule_id: number }>(
      'SELECT rule_name, rule_id FROM dq_rules',
    );
    const ruleIds = new Map(ids.rows.map((r) => [r.rule_name, r.rule_id]));
    const out: MonitorBacktest[] = [];
    for (const rule of engine.load().rules) {
      if (names.length > 0 && !names.includes(rule.name)) continue;
      const ruleId = ruleIds.get(rule.name);
      const kind = kinds.get(rule.check);
      if (!ruleId || !kind) continue;
      const { compiled } = compileRule({ rule, ruleId, kind, table: await catalog.describe(rule.table) });
      if (compiled.mode !== 'monitor' || !compiled.backtest) continue;
      const backtest = compiled.backtest;
      const results = await db.transaction(
        (tx) => backtest(tx, { ruleId, sensitivities: [...sensitivities] }),
        {
          readOnly: true,
          rollback: true,
        },
      );
      out.push({
        monitor: rule.name,
        table: rule.table,
        ...(rule.column ? { column: rule.column } : {}),
        ...(typeof rule.params.metric === 'string' ? { metric: rule.params.metric } : {}),
        results,
      });
    }
    return out;
  }
}
