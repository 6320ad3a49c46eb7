import { QualityEngine } from '@dq/core';
import { DqError } from '@dq/plugin-api';
import { Args, Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';

export default class RulesValidate extends DqCommand<typeof RulesValidate> {
  static override summary =
    'Validate rule files (for pre-commit and CI); with --db, plan every rule against the database.';
  static override description =
    'Checks every rule against the published schema (schema/rule.schema.json), its check kind’s parameters, the registered categories and check kinds, and unique names across files, without a database. With --db it then compiles every rule and asks the database to plan each statement it would run (EXPLAIN in a READ ONLY transaction as the rule role; nothing is executed), so an unknown table or column, a type error or a syntax error in where, sql, left/right or logic is reported with file, line, rule and the database message. Every problem names the file and line. Exit 2 when any rule is invalid, 3 when the database is unreachable.';
  static override examples = [
    '<%= config.bin %> rules validate',
    '<%= config.bin %> rules validate rules/completeness rules/validity/email.yaml',
    '<%= config.bin %> rules validate --db',
  ];
  static override flags = {
    db: Flags.boolean({
      description: 'also plan every rule against the database (EXPLAIN, nothing runs)',
      default: false,
    }),
  };
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
    const engine = (await this.kernel()).build(QualityEngine);
    const report = engine.inspect(argv as string[]);
    if (report.problems.length === 0 && this.flags.db) {
      report.problems.push(...(await engine.plan(argv as string[])).problems);
    }
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
    this.log(
      `ok: ${report.rules.length} rule(s) in ${report.files.length} file(s) are valid${this.flags.db ? ' and plan on the database' : ''}.`,
    );
    return {
      valid: true,
      files: report.files,
      rules: report.rules.map((r) => ({ name: r.name, category: r.category, check: r.check })),
    };
  }
}
