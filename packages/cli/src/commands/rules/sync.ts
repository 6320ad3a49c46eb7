import { QualityEngine, type RuleSyncReport } from '@dq/core';
import { DqCommand } from '../../dq-command.js';

export default class RulesSync extends DqCommand<typeof RulesSync> {
  static override summary = 'Upsert the rule files into dq_rules and the categories into dq_rule_categories.';
  static override description =
    'Rules are matched by name: a changed rule gets a new content_hash and version + 1; a rule gone from the files is marked is_active = false. `dq check` syncs too, before it runs.';
  static override examples = ['<%= config.bin %> rules sync', '<%= config.bin %> rules sync --json'];

  async run(): Promise<Omit<RuleSyncReport, 'ruleIds'>> {
    const { ruleIds: _ids, ...report } = await new QualityEngine(await this.kernel()).sync();
    this.log(
      `${report.categories} categories; rules: ${report.inserted.length} new, ${report.updated.length} changed, ${report.unchanged} unchanged, ${report.deactivated.length} deactivated.`,
    );
    for (const name of report.inserted) this.log(`  new         ${name}`);
    for (const name of report.updated) this.log(`  changed     ${name}`);
    for (const name of report.deactivated) this.log(`  deactivated ${name}`);
    return report;
  }
}
