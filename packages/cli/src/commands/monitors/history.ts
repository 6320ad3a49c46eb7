import { type HistoryPoint, MonitorService } from '@dq/core';
import { Args } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

export default class MonitorsHistory extends DqCommand<typeof MonitorsHistory> {
  static override summary = "A monitor's series: one value per bucket, with its flags.";
  static override description =
    'The values dq_metric_history holds for the monitor, oldest first. `anomaly` marks a bucket the monitor flagged (no baseline trains on it again); `excluded` one a user took out of training with `dq monitors exclude`.';
  static override examples = [
    '<%= config.bin %> monitors history monitor_transactions_daily',
    '<%= config.bin %> monitors history monitor_transactions_daily --json',
  ];
  static override args = { monitor: Args.string({ required: true, description: 'the monitor (rule name)' }) };

  /** With --json: `data` is the series. */
  async run(): Promise<HistoryPoint[]> {
    const kernel = await this.kernel();
    const points = await kernel.build(MonitorService).history(this.args.monitor);
    if (points.length === 0) {
      this.log(`${this.args.monitor} has no stored value yet.`);
      return points;
    }
    this.log(
      renderTable(
        ['bucket', 'metric', 'value', 'flags'],
        points.map((p) => [
          p.bucket,
          p.column ? `${p.metric}(${p.column})` : p.metric,
          p.value === null ? '-' : p.value,
          [p.anomalous ? 'anomaly' : '', p.excluded ? 'excluded' : ''].filter(Boolean).join(' '),
        ]),
      ),
    );
    return points;
  }
}
