import { type Exclusion, MonitorService } from '@dq/core';
import { Args, Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

export default class MonitorsExclude extends DqCommand<typeof MonitorsExclude> {
  static override summary = "Take a known incident out of a monitor's training (recorded, reversible).";
  static override description =
    "The buckets from --from to --to (dates, both included, or ISO timestamps) no longer train the monitor's baseline, so a past incident stops widening its expected range. Each exclusion is recorded in dq_monitor_exclusions; --undo takes the monitor's exclusions back (or the one given with --id) and keeps them on record. Without --from/--to/--undo it lists the exclusions.";
  static override examples = [
    '<%= config.bin %> monitors exclude monitor_transactions_daily --from 2026-01-10 --to 2026-01-10 --reason "feed outage"',
    '<%= config.bin %> monitors exclude monitor_transactions_daily --undo',
  ];
  static override args = { monitor: Args.string({ required: true, description: 'the monitor (rule name)' }) };
  static override flags = {
    from: Flags.string({ description: 'first day (YYYY-MM-DD) or instant excluded', dependsOn: ['to'] }),
    to: Flags.string({
      description: 'last day (YYYY-MM-DD, included) or end instant (excluded)',
      dependsOn: ['from'],
    }),
    reason: Flags.string({ description: 'why (kept with the exclusion)' }),
    undo: Flags.boolean({
      description: "take the monitor's exclusions back",
      default: false,
      exclusive: ['from'],
    }),
    id: Flags.integer({ description: 'with --undo: only this exclusion', dependsOn: ['undo'] }),
  };

  /** With --json: `data` is the monitor's exclusions after the change. */
  async run(): Promise<Exclusion[]> {
    const kernel = await this.kernel();
    const service = kernel.build(MonitorService);
    const { monitor } = this.args;
    if (this.flags.undo) {
      const n = await service.include(monitor, this.flags.id);
      this.log(`${n} exclusion(s) of ${monitor} taken back; they stay on record.`);
    } else if (this.flags.from && this.flags.to) {
      const x = await service.exclude(monitor, this.flags.from, this.flags.to, this.flags.reason);
      this.log(
        `Excluded ${x.from} up to ${x.to} from the training of ${monitor} (exclusion ${x.exclusionId}).`,
      );
    }
    const all = await service.exclusions(monitor);
    if (all.length > 0) {
      this.log(
        renderTable(
          ['id', 'from', 'to (excl.)', 'state', 'reason'],
          all.map((x) => [x.exclusionId, x.from, x.to, x.removed ? 'taken back' : 'active', x.reason ?? '']),
        ),
      );
    }
    return all;
  }
}
