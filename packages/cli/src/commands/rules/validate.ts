import { QualityEngine } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { Args } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class RulesValidate extends DqCommand<typeof RulesValidate> {
  static override summary = 'Validate rule files without a database (for pre-commit and CI).';
  static override description =
    'Checks every rule against the published schema (schema/rule.schema.json), its check kind’s parameters, the registered categories and check kinds, and unique names across files. Every problem names the file, line, field and the allowed values. Exit 2 when any file is invalid.';
  static override examples = [
    '<%= config.bin %> rules validate',
    '<%= config.bin %> rules validate rules/completeness rules/validity/email.yaml',
  ];
  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'rule files or folders (default: quality.rules)', required: false }),
  };

  async run(): Promise<{
    valid: true;
    files: string[];
    rules: { name: string; category: string; check: string }[];
  }> {
    const { argv } = await this.parse(RulesValidate);
    const report = new QualityEngine(await this.kernel()).inspect(argv as string[]);
    if (report.problems.length > 0) {
      const n = report.problems.length;
      throw new DqError(
        'DQ_RULE_INVALID',
        `${n} problem${n === 1 ? '' : 's'} in the rule files:\n  ${report.problems.join('\n  ')}`,
        {
          details: report.problems,
          hint: 'Fix each listed field; schema/rule.schema.json documents the common fields.',
        },
      );
    }
    this.log(`ok: ${report.rules.length} rule(s) in ${report.files.length} file(s) are valid.`);
    return {
      valid: true,
      files: report.files,
      rules: report.rules.map((r) => ({ name: r.name, category: r.category, check: r.check })),
    };
  }
}
