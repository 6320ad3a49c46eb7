import { TransformEngine, type TransformResult } from '@dq/core';
import { DqCommand } from '../dq-command.js';
import { renderTable } from '../render/table.js';

export default class Transform extends DqCommand<typeof Transform> {
  static override summary =
    'Build the warehouse: dimensions (SCD), then facts, then lifetime metrics and aggregates.';
  static override description =
    'Set-based SQL, one transaction per step, idempotent: running it twice on the same staging data changes nothing.';
  static override examples = ['<%= config.bin %> transform', '<%= config.bin %> transform --json'];

  async run(): Promise<TransformResult> {
    const kernel = await this.kernel();
    const result = await kernel.build(TransformEngine).run();
    this.log(
      renderTable(
        ['step', 'kind', 'inserted', 'updated', 'closed', 'missing', 'seconds'],
        result.steps.map((s) => [
          s.name,
          s.kind,
          s.counts.inserted,
          s.counts.updated,
          s.counts.closed ?? 0,
          s.counts.missing ?? 0,
          (s.ms / 1000).toFixed(2),
        ]),
      ),
    );
    this.log(`Transform done in ${(result.ms / 1000).toFixed(1)} s.`);
    return result;
  }
}
