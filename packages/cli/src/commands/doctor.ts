import { Doctor, type DoctorCheck } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { DqCommand } from '../dq-command.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
const WIDTH = 12;

export default class DoctorCommand extends DqCommand<typeof DoctorCommand> {
  static override summary = 'Check the configuration, plugins, database connectivity and schema.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json'];

  async run(): Promise<{ checks: DoctorCheck[] }> {
    const checks = await (await this.kernel()).build(Doctor).run();
    for (const c of checks) this.log(`${MARK[c.status]}  ${c.name.padEnd(WIDTH)} ${c.detail}`);
    // The database's failure decides the exit code when there is one; then any other (a source).
    const failed =
      checks.find((c) => c.status === 'fail' && c.name === 'database') ??
      checks.find((c) => c.status === 'fail');
    if (failed && failed.name !== 'database') {
      throw new DqError('DQ_INTERNAL', `dq doctor found a problem: ${failed.name}: ${failed.detail}`, {
        exitCode: 3,
        hint: 'See the findings above.',
        data: { checks },
      });
    }
    if (failed) {
      // Every finding is printed first; the failure decides the exit code (3: execution error).
      throw new DqError(
        failed.code === 'DQ_DB_LOCKED' ? 'DQ_DB_LOCKED' : 'DQ_DB_UNREACHABLE',
        failed.detail,
        {
          data: { checks },
        },
      );
    }
    return { checks };
  }
}
