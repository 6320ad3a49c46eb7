import { type MigrateResult, MigrationService } from '@dq/core';
import { DqCommand } from '../../dq-command.js';

export default class DbMigrate extends DqCommand<typeof DbMigrate> {
  static override summary = 'Apply database migrations (core, then plugins); a no-op when up to date.';
  static override examples = [
    '<%= config.bin %> db migrate',
    'DATABASE_URL=postgres://localhost/dq <%= config.bin %> db migrate',
  ];

  async run(): Promise<MigrateResult & { database: string }> {
    const kernel = await this.kernel();
    const report = await kernel.build(MigrationService).migrate();
    const where = `${kernel.database.kind} ${kernel.database.location}`;
    if (report.applied.length === 0) {
      this.log(`Database is up to date (${report.alreadyApplied} migrations already applied) on ${where}.`);
    } else {
      this.log(`Applied ${report.applied.length} migration(s) on ${where}:`);
      for (const m of report.applied) this.log(`  ${m.source}/${m.tag}`);
    }
    if (report.distribution) {
      const created = report.distribution.filter((d) => d.action === 'created');
      const name = (d: { table: string; placement: string }) => `${d.table} (${d.placement})`;
      this.log(
        created.length === 0
          ? `Citus: every declared table already placed (${report.distribution.map(name).join(', ')}).`
          : `Citus: placed ${created.map(name).join(', ')}.`,
      );
    }
    if (report.ruleRole.ready) this.log(`Rules run as the read-only role ${report.ruleRole.role}.`);
    else this.log(`Rules will run READ ONLY as dq's own user: ${report.ruleRole.problem}`);
    return { ...report, database: where };
  }
}
