import { coreMigrations, type MigrationReport, type MigrationSet, Migrator } from '@dq/db';
import {
  type Database,
  type DqConfig,
  inject,
  injectAll,
  type Logger,
  type TableDistribution,
  tokens,
} from '@dq/plugin-api';
import { kernelTokens } from '../kernel/kernel-tokens.js';
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
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @injectAll(tokens.tableDistribution) private readonly distributions: readonly TableDistribution[],
    @inject(kernelTokens.pluginMigrations) private readonly pluginMigrations: readonly MigrationSet[],
  ) {}

  async migrate(): Promise<MigrateResult> {
    const report = await this.migrator().migrate(this.sets());
    const distribution =
      this.config.database.distribution === 'citus'
        ? await distributeTables(this.database, [...this.distributions])
        : undefined;
    for (const step of distribution?.filter((s) => s.action === 'created') ?? []) {
      this.logger.info(step, 'table placed on Citus');
    }
    const ruleRole = await provisionRuleRole(this.database, this.config.quality);
    if (ruleRole.problem) this.logger.warn({ role: ruleRole.role }, ruleRole.problem);
    return { ...report, ruleRole, ...(distribution ? { distribution } : {}) };
  }

  /** Migrations not yet applied. */
  pending(): Promise<{ source: string; tag: string }[]> {
    return this.migrator().pending(this.sets());
  }

  private sets(): MigrationSet[] {
    return [coreMigrations(), ...this.pluginMigrations];
  }

  private migrator(): Migrator {
    return new Migrator(this.database, this.logger);
  }
}
