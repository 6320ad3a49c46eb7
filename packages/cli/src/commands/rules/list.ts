import { existsSync } from 'node:fs';
import { type Kernel, QualityEngine } from '@dq/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

/** A rule as `dq rules list` shows it: its file fields, and its dq_rules state when known. */
interface ListedRule {
  name: string;
  category: string;
  check: string;
  table: string;
  column?: string;
  severity: string;
  threshold: number;
  tags: string[];
  file?: string;
  line?: number;
  version?: number;
  lastStatus?: string;
  lastRun?: string;
}

interface RuleState {
  rule_name: string;
  version: number;
  test_status: string | null;
  execution_date: Date | null;
}

export default class RulesList extends DqCommand<typeof RulesList> {
  static override summary =
    'List the rules in the rule files, with their version and last status when the database has them.';
  static override examples = ['<%= config.bin %> rules list', '<%= config.bin %> rules list --json'];

  /** With --json: `data` is the list of rules. */
  async run(): Promise<ListedRule[]> {
    const kernel = await this.kernel();
    const { rules } = kernel.build(QualityEngine).load();
    const state = await this.state(kernel);
    const listed: ListedRule[] = rules.map((r) => {
      const s = state.get(r.name);
      return {
        name: r.name,
        category: r.category,
        check: r.check,
        table: r.table,
        ...(r.column ? { column: r.column } : {}),
        severity: r.severity,
        threshold: r.thresholdPct,
        tags: r.tags,
        ...(r.source ? { file: r.source.file, line: r.source.line } : {}),
        ...(s ? { version: s.version } : {}),
        ...(s?.test_status ? { lastStatus: s.test_status } : {}),
        ...(s?.execution_date ? { lastRun: new Date(s.execution_date).toISOString() } : {}),
      };
    });
    this.log(
      renderTable(
        ['name', 'category', 'check', 'table', 'severity', 'threshold', 'version', 'last status'],
        listed.map((r) => [
          r.name,
          r.category,
          r.check,
          r.table,
          r.severity,
          `${r.threshold}%`,
          r.version ?? '-',
          r.lastStatus ?? '-',
        ]),
      ),
    );
    return listed;
  }

  /** dq_rules state by name; empty (files alone) when the database is absent or unreachable. */
  private async state(kernel: Kernel): Promise<Map<string, RuleState>> {
    const { config } = kernel;
    // Listing must not create an embedded database that does not exist yet.
    if (!config.database.url && !existsSync(config.database.embedded.dir)) return new Map();
    try {
      const res = await kernel.database.query<RuleState>(
        `SELECT r.rule_name, r.version, t.test_status, t.execution_date FROM dq_rules r
           LEFT JOIN LATERAL (SELECT test_status, execution_date FROM dq_test_results
                               WHERE rule_id = r.rule_id ORDER BY result_id DESC LIMIT 1) t ON TRUE`,
      );
      return new Map(res.rows.map((r) => [r.rule_name, r]));
    } catch (err) {
      this.logToStderr(
        `note: listing the rule files only (database state unavailable: ${(err as Error).message.split('\n')[0]})`,
      );
      return new Map();
    }
  }
}
