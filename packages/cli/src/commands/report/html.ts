import { ReportService } from '@dq/core';
import type { ReportOutput } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class ReportHtml extends DqCommand<typeof ReportHtml> {
  static override summary = 'Write the HTML dashboard of the latest check run.';
  static override description =
    'One self-contained HTML file (inline CSS and SVG charts, no script, no external URL): overall score, rule counts, category scores, the score trend of the last 30 runs, failures by table, every result and the top exceptions of each failing rule. Exit 3 when no check has run yet.';
  static override examples = [
    '<%= config.bin %> report html',
    '<%= config.bin %> report html --out reports/today.html',
  ];
  static override flags = {
    out: Flags.string({
      char: 'o',
      description: 'file to write (default: reporting.html.outDir/dq-report-YYYYMMDD.html)',
    }),
    run: Flags.string({ description: 'check run id to report (default: the latest)' }),
  };

  async run(): Promise<ReportOutput> {
    const kernel = await this.kernel();
    const output = await kernel.build(ReportService).run('html', {
      ...(this.flags.run ? { runId: this.flags.run } : {}),
      options: { ...(this.flags.out ? { out: this.flags.out } : {}) },
    });
    this.log(output.summary);
    return output;
  }
}
