import { MigrationService } from '@dq/core';
import type { MigrationReport } from '@dq/db';
import { DqCommand } from '../../dq-command.js';

export default class DbMigrate extends DqCommand<typeof DbMigrate> {
  static override summary = 'Apply database migrations (core, then plugins); a no-op when up to date.';
  static override examples = [
    '<%= config.bin %> db migrate',
    'DATABASE_URL=postgres://localhost/dq <%= config.bin %> db migrate',
  ];

  async run(): Promise<MigrationReport & { database: string }> {
    const kernel = await this.kernel();
    const report = await new MigrationService(kernel).migrate();
    const where = `${kernel.database.kind} ${kernel.database.location}`;
    if (report.applied.length === 0) {
      this.log(`Database is up to date (${report.alreadyApplied} migrations already applied) on ${where}.`);
    } else {
      this.log(`Applied ${report.applied.length} migration(s) on ${where}:`);
      for (const m of report.applied) this.log(`  ${m.source}/${m.tag}`);
    }
    return { ...report, database: where };
  }
}
