import { ReportService } from '@dq/core';
import type { ReportOutput } from '@dq/plugin-api';
import { Args, Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class Report extends DqCommand<typeof Report> {
  static override summary = "Run any registered reporter (a plugin's included) on the latest check run.";
  static override description =
    '`dq report html` and `dq report email` have their own flags; every other reporter, built in or from a plugin, runs as `dq report NAME` with --out (passed to it as the `out` option) and --run. `dq plugins` lists the registered reporters.';
  static override examples = [
    '<%= config.bin %> report row-count',
    '<%= config.bin %> report team-summary --out out/summary.md',
  ];
  static override args = {
    name: Args.string({ description: 'the reporter (see `dq plugins`)', required: true }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', description: 'where the reporter writes (its `out` option)' }),
    run: Flags.string({ description: 'check run id to report (default: the latest)' }),
  };

  async run(): Promise<ReportOutput> {
    const kernel = await this.kernel();
    const output = await kernel.build(ReportService).run(this.args.name, {
      ...(this.flags.run ? { runId: this.flags.run } : {}),
      options: { ...(this.flags.out ? { out: this.flags.out } : {}) },
    });
    this.log(output.summary);
    for (const file of output.files) this.log(`  ${file}`);
    return output;
  }
}
