import { type MonitorBacktest, MonitorBacktester } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

export default class MonitorsBacktest extends DqCommand<typeof MonitorsBacktest> {
  static override summary =
    'Replay the stored history at other sensitivities: how many alerts each would have raised.';
  static override description =
    "Each anomaly monitor's stored series is judged again bucket by bucket, as the live check would have (the training window before each bucket, without the buckets this replay flagged and without exclusions), once per sensitivity. Nothing is written: tune before anyone is paged.";
  static override examples = [
    '<%= config.bin %> monitors backtest',
    '<%= config.bin %> monitors backtest --sensitivity 2.5,3,4 --monitor monitor_transactions_daily --json',
  ];
  static override flags = {
    sensitivity: Flags.string({ description: 'comma-separated sensitivities', default: '2.5,3,4' }),
    monitor: Flags.string({ char: 'm', multiple: true, description: 'only this monitor (repeatable)' }),
  };

  /** With --json: `data` is one entry per monitor with the alerts of each sensitivity. */
  async run(): Promise<MonitorBacktest[]> {
    const sensitivities = this.flags.sensitivity.split(',').map((s) => Number(s.trim()));
    if (sensitivities.some((s) => !(s > 0))) {
      throw new DqError(
        'DQ_USAGE',
        `--sensitivity "${this.flags.sensitivity}" is not a list of positive numbers.`,
        {
          hint: 'Write --sensitivity 2.5,3,4.',
        },
      );
    }
    const kernel = await this.kernel();
    const rows = await kernel.build(MonitorBacktester).run(sensitivities, this.flags.monitor ?? []);
    if (rows.length === 0) {
      this.log('No anomaly monitor has a stored history yet: run `dq check` first.');
      return rows;
    }
    this.log(
      renderTable(
        ['monitor', 'judged', ...sensitivities.map((s) => `alerts @${s}`)],
        rows.map((r) => [r.monitor, r.results[0]?.judged ?? 0, ...r.results.map((x) => x.alerts.length)]),
      ),
    );
    const total = sensitivities.map(
      (s, i) => `${rows.reduce((a, r) => a + (r.results[i]?.alerts.length ?? 0), 0)} at ${s}`,
    );
    this.log(`Alerts over the stored history: ${total.join(', ')}.`);
    return rows;
  }
}
