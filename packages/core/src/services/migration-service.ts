import { coreMigrations, type MigrationReport, type MigrationSet, Migrator } from '@dq/db';
import type { Kernel } from '../kernel/kernel.js';

/** `dq db migrate`: the core migrations, then every plugin's, each applied once. */
export class MigrationService {
  constructor(private readonly kernel: Kernel) {}

  migrate(): Promise<MigrationReport> {
    return this.migrator().migrate(this.sets());
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
