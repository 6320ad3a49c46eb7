import { AlertEngine, type AlertRunReport, alertFailure } from '@dq/core';
import { Args } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderAlertSummary } from '../../render/alert-summary.js';

export default class AlertsTest extends DqCommand<typeof AlertsTest> {
  static override summary = 'Send a sample alert to every destination of a route, to check the setup.';
  static override description =
    'Sends one test alert (kind `test`, not about a real issue) to each destination of alerting.routes.ROUTE, whether or not alerting.enabled is set, and logs it in dq_alert_log. Exit 3 naming the destination when one cannot be reached.';
  static override examples = [
    '<%= config.bin %> alerts test data-team',
    '<%= config.bin %> alerts test critical --json',
  ];
  static override args = {
    route: Args.string({ description: 'a route of alerting.routes', required: true }),
  };

  async run(): Promise<AlertRunReport> {
    const kernel = await this.kernel();
    const report = await kernel.build(AlertEngine).test(this.args.route);
    this.log(renderAlertSummary(report));
    const failed = alertFailure(report);
    if (failed) throw failed;
    return report;
  }
}
