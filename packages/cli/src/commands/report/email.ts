import { ReportService } from '@dq/core';
import type { ReportOutput } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class ReportEmail extends DqCommand<typeof ReportEmail> {
  static override summary = 'Send the scorecard e-mail of the latest check run.';
  static override description =
    'Sends the scorecard through reporting.email.smtp: HTML and text parts, the charts as inline PNG images, the HTML report attached (and written to reporting.html.outDir first). Transient SMTP errors are retried; when sending fails the command exits 3 and the HTML report stays on disk. --dry-run writes the message to a .eml file instead of sending.';
  static override examples = [
    '<%= config.bin %> report email',
    '<%= config.bin %> report email --to data-team@example.com --to cfo@example.com',
    '<%= config.bin %> report email --dry-run out/scorecard.eml',
  ];
  static override flags = {
    to: Flags.string({ multiple: true, description: 'recipient (repeatable; default: reporting.email.to)' }),
    'dry-run': Flags.string({ description: 'write the message to this .eml file instead of sending it' }),
    out: Flags.string({ char: 'o', description: 'where to write the attached HTML report' }),
    run: Flags.string({ description: 'check run id to report (default: the latest)' }),
  };

  async run(): Promise<ReportOutput> {
    const kernel = await this.kernel();
    const output = await kernel.build(ReportService).run('email', {
      ...(this.flags.run ? { runId: this.flags.run } : {}),
      options: {
        ...(this.flags.to ? { to: this.flags.to } : {}),
        ...(this.flags['dry-run'] ? { dryRun: this.flags['dry-run'] } : {}),
        ...(this.flags.out ? { out: this.flags.out } : {}),
      },
    });
    this.log(output.summary);
    return output;
  }
}
