import {
  AlertEngine,
  type AlertRunReport,
  alertFailure,
  type CheckRun,
  checkVerdict,
  type FailOn,
  parseAsOf,
  QualityEngine,
  ReportService,
} from '@dq/core';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';
import { renderAlertSummary } from '../render/alert-summary.js';
import { renderCheckSummary } from '../render/check-summary.js';

export default class Check extends DqCommand<typeof Check> {
  static override summary = 'Run the data-quality rules, store results and a scorecard, print a summary.';
  static override description =
    'Validates the rule files (exit 2 when one is invalid), upserts the rules it runs into dq_rules (with --sync: every rule of quality.rules, deactivating rules gone from that folder), runs the selected rules as the read-only rule role (quality.ruleRole), each in a READ ONLY transaction with quality.statementTimeoutMs, and appends results, sampled exceptions, metrics and a scorecard. A run filtered by --rule, --category, --table or --tag is partial: kept out of trends and compared only with runs of the same selection. The summary leads with what changed since the previous comparable run; issues (dq_issues) open, continue and close; with alerting.enabled the routed alerts are sent (de-duplicated, logged in dq_alert_log). Exit 0 when no rule FAILED at or above --fail-on, 1 when one did, 2 when a rule file or rule is invalid, 3 when the database is unreachable, a rule is ERROR or an alert destination could not be reached.';
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check --category completeness --fail-on warning',
    '<%= config.bin %> check --table dim_customer --junit reports/dq-junit.xml',
    '<%= config.bin %> check --rule customer_email_not_null --json',
    '<%= config.bin %> check --as-of 2026-01-05',
  ];
  static override flags = {
    rule: Flags.string({ char: 'r', multiple: true, description: 'rule name to run (repeatable)' }),
    category: Flags.string({ multiple: true, description: 'category to run (repeatable)' }),
    table: Flags.string({ char: 't', multiple: true, description: 'only rules on this table (repeatable)' }),
    tag: Flags.string({ multiple: true, description: 'only rules with this tag (repeatable)' }),
    'fail-on': Flags.string({
      options: ['critical', 'warning', 'info', 'never'],
      description: 'lowest severity whose FAILED rules fail the check (default: quality.failOn)',
    }),
    junit: Flags.string({ description: 'also write the results as JUnit XML to this file' }),
    alerts: Flags.boolean({
      description: "send the run's alerts when alerting.enabled is true (--no-alerts: do not)",
      default: true,
      allowNo: true,
    }),
    'as-of': Flags.string({
      description:
        'replay as of this date (YYYY-MM-DD: the end of that day, UTC) or ISO timestamp: "now" for freshness, the monitors\' bucket under test and the scorecard date',
    }),
    sync: Flags.boolean({
      description:
        'sync every rule file of quality.rules into dq_rules first (deactivates rules gone from it)',
      default: false,
    }),
  };

  async run(): Promise<CheckRun & { alerts?: AlertRunReport }> {
    const kernel = await this.kernel();
    const failOn = (this.flags['fail-on'] ?? kernel.config.quality.failOn) as FailOn;
    const run = await kernel.build(QualityEngine).run({
      ...(this.flags.rule ? { rules: this.flags.rule } : {}),
      ...(this.flags.category ? { categories: this.flags.category } : {}),
      ...(this.flags.table ? { tables: this.flags.table } : {}),
      ...(this.flags.tag ? { tags: this.flags.tag } : {}),
      sync: this.flags.sync,
      ...(this.flags['as-of'] ? { asOf: parseAsOf(this.flags['as-of']) } : {}),
    });
    // JUnit is a reporter like any other (`dq report junit`), run on this check run.
    const junit = this.flags.junit
      ? await kernel
          .build(ReportService)
          .run('junit', { runId: run.runId, options: { out: this.flags.junit } })
      : undefined;
    // Results, issues and the scorecard are stored before any alert goes out.
    const alerting = kernel.build(AlertEngine);
    const alerts = this.flags.alerts && alerting.enabled() ? await alerting.send(run.runId) : undefined;
    const result = alerts ? { ...run, alerts } : run;
    this.log(renderCheckSummary(run, failOn));
    if (alerts) this.log(renderAlertSummary(alerts));
    if (junit) this.log(`JUnit: ${junit.files.join(', ')}`);
    const verdict = checkVerdict(result, failOn);
    if (verdict?.code === 'DQ_RULE_INVALID') throw verdict;
    const undelivered = alerts && alertFailure(alerts, result);
    if (undelivered) throw undelivered;
    if (verdict) throw verdict;
    return result;
  }
}
