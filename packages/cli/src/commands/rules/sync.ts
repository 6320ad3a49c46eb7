import { QualityEngine, type RuleSyncReport } from '@dq/core';
import { Args } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class RulesSync extends DqCommand<typeof RulesSync> {
  static override summary = 'Upsert the rule files into dq_rules and the categories into dq_rule_categories.';
  static override description =
    'Rules are matched by name: a changed rule gets a new content_hash and version + 1; a rule whose file lay in the synced paths (default quality.rules) and that is gone from them is marked is_active = false. Rules synced from other folders are left alone. `dq check` upserts only the rules it runs (all of quality.rules with --sync).';
  static override examples = [
    '<%= config.bin %> rules sync',
    '<%= config.bin %> rules sync rules/completeness --json',
  ];
  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'rule files or folders (default: quality.rules)', required: false }),
  };

  async run(): Promise<Omit<RuleSyncReport, 'ruleIds'>> {
    const { argv } = await this.parse(RulesSync);
    const { ruleIds: _ids, ...report } = await (await this.kernel())
      .build(QualityEngine)
      .sync(argv as string[]);
    this.log(
      `${report.categories} categories; rules: ${report.inserted.length} new, ${report.updated.length} changed, ${report.unchanged} unchanged, ${report.deactivated.length} deactivated.`,
    );
    for (const name of report.inserted) this.log(`  new         ${name}`);
    for (const name of report.updated) this.log(`  changed     ${name}`);
    for (const name of report.deactivated) this.log(`  deactivated ${name}`);
    return report;
  }
}
