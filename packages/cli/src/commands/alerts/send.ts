import { AlertEngine, type AlertRunReport, alertFailure } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderAlertSummary } from '../../render/alert-summary.js';

export default class AlertsSend extends DqCommand<typeof AlertsSend> {
  static override summary =
    "Send a check run's alerts (default: the latest run), de-duplicated against dq_alert_log.";
  static override description =
    '`dq check` and `dq run` send alerts themselves when alerting.enabled is true; this sends them for a run after the fact (e.g. a scheduled step after `dq check --no-alerts`). Alerts already sent for the run are not sent again. Exit 3 naming the destination when one cannot be reached.';
  static override examples = [
    '<%= config.bin %> alerts send',
    '<%= config.bin %> alerts send --run 2f0c... --json',
  ];
  static override flags = { run: Flags.string({ description: 'the check run (dq_check_runs.run_id)' }) };

  async run(): Promise<AlertRunReport> {
    const kernel = await this.kernel();
    if (Object.keys(kernel.config.alerting.routes).length === 0) {
      throw new DqError('DQ_USAGE', 'No alert route is configured (alerting.routes).', {
        hint: 'Add alerting.destinations and alerting.routes to the config; see the README, section Alerts.',
      });
    }
    const report = await kernel.build(AlertEngine).send(this.flags.run);
    this.log(renderAlertSummary(report));
    const failed = alertFailure(report);
    if (failed) throw failed;
    return report;
  }
}
