import {
  AlertEngine,
  type AlertRunReport,
  alertFailure,
  type CheckRun,
  checkVerdict,
  type FailOn,
  IngestEngine,
  MigrationService,
  type Phase,
  type PipelineResult,
  PipelineRunner,
  parseAsOf,
  QualityEngine,
  ReportService,
  TransformEngine,
} from '@dq/core';
import { DqError, type GenerateResult, type Generator, tokens } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';
import { renderAlertSummary } from '../render/alert-summary.js';
import { renderCheckSummary } from '../render/check-summary.js';
import { renderTable } from '../render/table.js';

export default class Run extends DqCommand<typeof Run> {
  static override summary =
    'The whole pipeline: migrate, (generate), load, transform, check, report (and e-mail, and alerts), with phase timings.';
  static override description =
    'Holds an advisory lock for the run: a second concurrent run exits 3 with a clear message, or queues behind the first with --wait. The lock is verified before every write: a run whose lock session ends stops with exit 3. Exit codes as dq check: 1 when a rule FAILED at or above quality.failOn, 3 on an execution error.';
  static override examples = [
    '<%= config.bin %> run',
    '<%= config.bin %> run --generate',
    '<%= config.bin %> run --wait --json',
    '<%= config.bin %> run --as-of 2026-01-05',
  ];
  static override flags = {
    generate: Flags.boolean({
      description: 'write fresh feeds with the configured generator first',
      default: false,
    }),
    wait: Flags.boolean({ description: 'wait for a running pipeline instead of exiting', default: false }),
    'as-of': Flags.string({
      description:
        'replay as of this date (YYYY-MM-DD: the end of that day, UTC) or ISO timestamp: "now" for freshness, the monitors\' bucket under test and the scorecard date',
    }),
  };

  async run(): Promise<PipelineResult> {
    const kernel = await this.kernel();
    const db = kernel.database;
    const alerting = kernel.build(AlertEngine);
    const asOf = this.flags['as-of'] ? parseAsOf(this.flags['as-of']) : undefined;
    let checkRun: CheckRun | undefined;
    let loadFailure: string | undefined;
    const checkRunId = () => checkRun?.runId;
    const phases: Phase[] = [
      { name: 'migrate', run: () => kernel.build(MigrationService).migrate() },
      ...(this.flags.generate ? [{ name: 'generate', run: () => this.generate() }] : []),
      {
        name: 'load',
        run: async () => {
          const result = await kernel.build(IngestEngine).load({ wait: this.flags.wait });
          // A failed source keeps its previous staging rows (loads are atomic): the pipeline goes
          // on, so the checks and monitors report the morning a feed breaks, and exits 3 at the end.
          if (result.failed > 0) {
            const failed = result.results.filter((r) => r.status === 'FAILED');
            loadFailure = `${failed.length} source(s) failed: ${failed.map((r) => `${r.source} (${r.error})`).join('; ')}`;
            this.logToStderr(`Load: ${loadFailure}`);
          }
          return result;
        },
      },
      { name: 'transform', run: () => kernel.build(TransformEngine).run() },
      {
        name: 'check',
        run: async () => {
          checkRun = await kernel.build(QualityEngine).run(asOf ? { asOf } : {});
          return checkRun;
        },
      },
      { name: 'report', run: () => kernel.build(ReportService).run('html', { options: {} }) },
      // The daily e-mail only when configured: nothing in the default configuration sends mail.
      ...(kernel.config.reporting.email.enabled
        ? [{ name: 'email', run: () => kernel.build(ReportService).run('email', { options: {} }) }]
        : []),
      // Alerts last, once the report is on disk; a destination that fails is an outcome here
      // (logged, exit 3 below), so the summary still prints.
      ...(alerting.enabled() ? [{ name: 'alerts', run: () => alerting.send(checkRunId()) }] : []),
    ];
    // The lock is verified, not assumed (guard): if its session ends (a failover, an idle-session
    // killer), this run stops before its next write and before its next phase, exit 3, so a run
    // that takes the lock next never overlaps it.
    const result = await db.withAdvisoryLock(
      'dq:run',
      async (lock) => {
        const verified = phases.map((phase) => ({
          name: phase.name,
          run: async () => {
            await lock.verify();
            return phase.run();
          },
        }));
        const done = await new PipelineRunner(kernel.logger).run(verified, {
          onPhaseStart: (name) => this.logToStderr(`== ${name}`),
        });
        await lock.verify();
        return done;
      },
      { wait: this.flags.wait, guard: true },
    );
    const failOn = kernel.config.quality.failOn as FailOn;
    const check = result.outputs.check as CheckRun;
    this.log(renderCheckSummary(check, failOn));
    this.log(`Report: ${(result.outputs.report as { files: string[] }).files.join(', ')}`);
    this.log('');
    this.log(
      renderTable(
        ['phase', 'status', 'seconds'],
        result.timings.map((t) => [t.name, t.status, (t.ms / 1000).toFixed(1)]),
      ),
    );
    this.log(`Pipeline done in ${(result.totalMs / 1000).toFixed(1)} s.`);
    const alerts = result.outputs.alerts as AlertRunReport | undefined;
    if (alerts) this.log(renderAlertSummary(alerts));
    const verdict = checkVerdict(check, failOn);
    if (verdict?.code === 'DQ_RULE_INVALID') throw verdict;
    if (loadFailure) {
      throw new DqError('DQ_LOAD_FAILED', loadFailure, {
        hint: 'Their staging tables keep the rows of their previous load; fix the feeds and run again.',
        data: result,
      });
    }
    const undelivered = alerts && alertFailure(alerts, result);
    if (undelivered) throw undelivered;
    if (verdict) throw verdict;
    return result;
  }

  private async generate(): Promise<GenerateResult> {
    const kernel = await this.kernel();
    const generator = kernel.resolveAll<Generator>(tokens.generator)[0];
    if (!generator) throw new DqError('DQ_USAGE', 'No generator is registered; run without --generate.');
    const { generate } = kernel.config;
    return generator.generate(
      {
        outDir: generate.out,
        scale: 1,
        seed: generate.seed,
        date: new Date().toISOString().slice(0, 10).replace(/-/g, ''),
        defects: false,
        volumes: generate,
      },
      { logger: kernel.logger },
    );
  }
}
