import { isDqError } from '@dq/plugin-api';
import type { Kernel } from '../kernel/kernel.js';
import { MigrationService } from './migration-service.js';

/** One finding of `dq doctor`. */
export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** The DqError code behind a failure, when there is one. */
  code?: string;
}

/** `dq doctor`: configuration, plugins, database connectivity and schema state. */
export class Doctor {
  constructor(private readonly kernel: Kernel) {}

  async run(): Promise<DoctorCheck[]> {
    const { config } = this.kernel;
    const checks: DoctorCheck[] = [
      {
        name: 'config',
        status: 'ok',
        detail: `${config.configFile ?? 'built-in defaults'} (project ${config.project.name}, ${config.project.environment})`,
      },
      { name: 'plugins', status: 'ok', detail: this.kernel.plugins.map((p) => p.id).join(', ') || 'none' },
    ];
    const db = this.kernel.database;
    try {
      await db.connect();
      const version = await db.query<{ server_version: string }>('SHOW server_version');
      checks.push({
        name: 'database',
        status: 'ok',
        detail: `${db.kind} ${version.rows[0]?.server_version ?? ''} at ${db.location}`,
      });
    } catch (err) {
      checks.push({
        name: 'database',
        status: 'fail',
        detail: (err as Error).message,
        ...(isDqError(err) ? { code: err.code } : {}),
      });
      return checks;
    }
    const pending = await new MigrationService(this.kernel).pending();
    checks.push(
      pending.length === 0
        ? { name: 'migrations', status: 'ok', detail: 'schema is up to date' }
        : {
            name: 'migrations',
            status: 'warn',
            detail: `${pending.length} pending (${pending.map((p) => `${p.source}/${p.tag}`).join(', ')}); run \`dq db migrate\``,
          },
    );
    return checks;
  }
}
