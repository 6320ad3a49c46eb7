import { MonitorService, type MonitorSummary } from '@dq/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

export default class MonitorsList extends DqCommand<typeof MonitorsList> {
  static override summary = 'List the monitors (anomaly and schema_change rules) and how each ended last.';
  static override description =
    'Every active monitor in dq_rules with its table and metric, the buckets stored in dq_metric_history, the newest bucket, its latest status and message, and how many exclusions keep buckets out of its training.';
  static override examples = ['<%= config.bin %> monitors list', '<%= config.bin %> monitors list --json'];

  /** With --json: `data` is the list of monitors. */
  async run(): Promise<MonitorSummary[]> {
    const kernel = await this.kernel();
    const monitors = await kernel.build(MonitorService).list();
    if (monitors.length === 0) {
      this.log(
        'No monitor has run yet: `dq check` runs the anomaly and schema_change rules of quality.rules.',
      );
      return monitors;
    }
    this.log(
      renderTable(
        ['monitor', 'check', 'table', 'metric', 'points', 'last bucket', 'status', 'excl', 'message'],
        monitors.map((m) => [
          m.monitor,
          m.check,
          m.column ? `${m.table}.${m.column}` : m.table,
          m.metric ?? '-',
          m.points,
          m.lastBucket ?? '-',
          m.lastStatus ?? '-',
          m.exclusions,
          m.lastMessage ?? '',
        ]),
      ),
    );
    return monitors;
  }
}
