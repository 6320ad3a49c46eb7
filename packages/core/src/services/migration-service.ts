import { coreMigrations, type MigrationReport, type MigrationSet, Migrator } from '@dq/db';
import { type TableDistribution, tokens } from '@dq/plugin-api';
import type { Kernel } from '../kernel/kernel.js';
import { provisionRuleRole, type RuleRoleReport } from '../quality/rule-role.js';
import { type DistributionStep, distributeTables } from './citus-distribution.js';

/** What `dq db migrate` did: the migrations, and the read-only role rules run as. */
export interface MigrateResult extends MigrationReport {
  ruleRole: RuleRoleReport;
  /** With database.distribution citus: where each declared table was placed (or kept). */
  distribution?: DistributionStep[];
}

/**
 * `dq db migrate`: the core migrations, then every plugin's, each applied once; then the
 * read-only role rules run as (quality.ruleRole) is created or re-granted, so it can read the
 * tables the migrations made. With database.distribution citus, the tables the plugins declare
 * are then placed on the cluster (sharded or reference); that step is idempotent as well.
 */
export class MigrationService {
  constructor(private readonly kernel: Kernel) {}

  async migrate(): Promise<MigrateResult> {
    const report = await this.migrator().migrate(this.sets());
    const distribution =
      this.kernel.config.database.distribution === 'citus'
        ? await distributeTables(
            this.kernel.database,
            this.kernel.resolveAll<TableDistribution>(tokens.tableDistribution),
          )
        : undefined;
    for (const step of distribution?.filter((s) => s.action === 'created') ?? []) {
      this.kernel.logger.info(step, 'table placed on Citus');
    }
    const ruleRole = await provisionRuleRole(this.kernel.database, this.kernel.config.quality);
    if (ruleRole.problem) this.kernel.logger.warn({ role: ruleRole.role }, ruleRole.problem);
    return { ...report, ruleRole, ...(distribution ? { distribution } : {}) };
  }

  /** Migrations not yet applied. */
  pending(): Promise<{ source: string; tag: string }[]> {
    return this.migrator().pending(this.sets());
  }

  private sets(): MigrationSet[] {
    return [coreMigrations(), ...this.kernel.pluginMigrations()];
  }

  private migrator(): Migrator {
    return new Migrator(this.kernel.database, this.kernel.logger);
  }
}
