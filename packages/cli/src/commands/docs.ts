import { ReportService } from '@dq/core';
import type { ReportOutput } from '@dq/plugin-api';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';

export default class Docs extends DqCommand<typeof Docs> {
  static override summary = 'Generate the data-mapping workbook, the glossary and the KPI definitions.';
  static override description =
    'Writes data-mapping.xlsx (Field Mappings, SCD Logic, Business Rules, Data Lineage), glossary.md and kpis.md, generated from the dimension specs, fact loaders, sources and rule files. Sample values are read from the warehouse when it has data (--no-samples skips the database).';
  static override examples = [
    '<%= config.bin %> docs',
    '<%= config.bin %> docs --out docs/generated --no-samples',
  ];
  static override flags = {
    out: Flags.string({ char: 'o', description: 'folder to write (default: reporting.docs.outDir)' }),
    samples: Flags.boolean({
      default: true,
      allowNo: true,
      description: 'read sample values from the warehouse tables',
    }),
  };

  async run(): Promise<ReportOutput> {
    const kernel = await this.kernel();
    const output = await kernel.build(ReportService).run('docs', {
      options: { ...(this.flags.out ? { out: this.flags.out } : {}), samples: this.flags.samples },
    });
    this.log(output.summary);
    for (const file of output.files) this.log(`  ${file}`);
    return output;
  }
}
