import { type PipelineResult, PipelineService, parseAsOf, pipelineVerdict } from '@dq/core';
import { DqError } from '@dq/plugin-api';
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
    '<%= config.bin %> run --generate --scale 0.1',
    '<%= config.bin %> run --wait --json',
    '<%= config.bin %> run --as-of 2026-01-05',
  ];
  static override flags = {
    generate: Flags.boolean({
      description: 'write fresh feeds with the configured generator first',
      default: false,
    }),
    generator: Flags.string({
      description: 'with --generate: the generator (default: generate.generator, else the first registered)',
    }),
    scale: Flags.string({ description: 'with --generate: volume multiplier (default: generate.scale, 1)' }),
    wait: Flags.boolean({ description: 'wait for a running pipeline instead of exiting', default: false }),
    'as-of': Flags.string({
      description:
        'replay as of this date (YYYY-MM-DD: the end of that day, UTC) or ISO timestamp: "now" for freshness, the monitors\' bucket under test and the scorecard date',
    }),
  };

  async run(): Promise<PipelineResult> {
    const scale = this.flags.scale === undefined ? undefined : Number(this.flags.scale);
    if (scale !== undefined && !(Number.isFinite(scale) && scale > 0)) {
      throw new DqError('DQ_USAGE', `--scale must be a positive number, got "${this.flags.scale}".`);
    }
    const kernel = await this.kernel();
    const outcome = await kernel.build(PipelineService).run({
      generate: this.flags.generate,
      ...(this.flags.generator ? { generator: this.flags.generator } : {}),
      ...(scale === undefined ? {} : { scale }),
      wait: this.flags.wait,
      ...(this.flags['as-of'] ? { asOf: parseAsOf(this.flags['as-of']) } : {}),
      onPhaseStart: (name) => this.logToStderr(`== ${name}`),
      onLoadFailure: (message) => this.logToStderr(`Load: ${message}`),
    });
    const { result } = outcome;
    this.log(renderCheckSummary(outcome.check, outcome.failOn));
    this.log(`Report: ${outcome.report.files.join(', ')}`);
    this.log('');
    this.log(
      renderTable(
        ['phase', 'status', 'seconds'],
        result.timings.map((t) => [t.name, t.status, (t.ms / 1000).toFixed(1)]),
      ),
    );
    this.log(`Pipeline done in ${(result.totalMs / 1000).toFixed(1)} s.`);
    if (outcome.alerts) this.log(renderAlertSummary(outcome.alerts));
    const verdict = pipelineVerdict(outcome);
    if (verdict) throw verdict;
    return result;
  }
}
