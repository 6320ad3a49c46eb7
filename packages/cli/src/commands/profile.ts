import { type ColumnProfile, Profiler } from '@dq/core';
import { Flags } from '@oclif/core';
import { DqCommand } from '../dq-command.js';
import { renderTable } from '../render/table.js';

export default class Profile extends DqCommand<typeof Profile> {
  static override summary = 'Profile table columns into stg_data_profile (default: every staging table).';
  static override examples = [
    '<%= config.bin %> profile',
    '<%= config.bin %> profile --table stg_crm_customers --json',
  ];
  static override flags = {
    table: Flags.string({ char: 't', multiple: true, description: 'table to profile (repeatable)' }),
  };

  async run(): Promise<{ profiles: ColumnProfile[] }> {
    const profiles = await (await this.kernel()).build(Profiler).profile(this.flags.table);
    this.log(
      renderTable(
        ['table', 'column', 'rows', 'nulls', 'null %', 'distinct', 'min len', 'max len', 'top value'],
        profiles.map((p) => [
          p.table_name,
          p.column_name,
          p.row_count,
          p.null_count,
          p.null_pct ?? '',
          p.distinct_count,
          p.min_length ?? '',
          p.max_length ?? '',
          p.top_values[0] ? `${p.top_values[0].value.slice(0, 24)} (${p.top_values[0].count})` : '',
        ]),
      ),
    );
    return { profiles };
  }
}
