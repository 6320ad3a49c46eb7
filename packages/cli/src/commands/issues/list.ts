import { type IssueSummary, listIssues } from '@dq/core';
import { Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { renderTable } from '../../render/table.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
const n = (v: number | null) => (v === null ? '-' : v.toLocaleString('en-US'));

export default class IssuesList extends DqCommand<typeof IssuesList> {
  static override summary =
    'List the issues: rules that ended WARNING, FAILED or ERROR, followed across runs.';
  static override description =
    'An issue opens on the first run where a rule fails (WARNING, FAILED or ERROR), continues while it fails and closes on the first run where it passes. Each shows when it was first and last seen, when it closed, its worst status, the failing rows when it opened and now, and for rules with a record key the sampled failing records still failing and fixed.';
  static override examples = [
    '<%= config.bin %> issues list',
    '<%= config.bin %> issues list --open',
    '<%= config.bin %> issues list --rule customer_email_not_null --json',
  ];
  static override flags = {
    open: Flags.boolean({ description: 'open issues only', default: false }),
    rule: Flags.string({ char: 'r', multiple: true, description: 'issues of this rule (repeatable)' }),
    limit: Flags.integer({ description: 'at most this many, open first, then newest', default: 500, min: 1 }),
  };

  /** With --json: `data` is the list of issues. */
  async run(): Promise<IssueSummary[]> {
    const kernel = await this.kernel();
    const issues = await listIssues(kernel.database, {
      open: this.flags.open,
      ...(this.flags.rule ? { rules: this.flags.rule } : {}),
      limit: this.flags.limit,
    });
    if (issues.length === 0) {
      this.log(this.flags.open ? 'No open issue.' : 'No issue yet: every rule has passed so far.');
      return issues;
    }
    this.log(
      renderTable(
        [
          'id',
          'state',
          'rule',
          'table',
          'worst',
          'now',
          'first seen',
          'last seen',
          'closed',
          'runs',
          'failed then→now',
          'records failing/fixed',
        ],
        issues.map((i) => [
          i.issueId,
          i.state,
          i.rule,
          i.column ? `${i.table}.${i.column}` : i.table,
          i.worstStatus,
          i.lastStatus,
          day(i.firstSeenAt),
          day(i.lastSeenAt),
          day(i.closedAt),
          i.runsFailing,
          `${n(i.counts.opened.failed)}→${n(i.counts.latest.failed)}`,
          i.records.tracked ? `${i.records.failing}/${i.records.fixed}` : '-',
        ]),
      ),
    );
    const open = issues.filter((i) => i.state === 'open').length;
    this.log(`${open} open, ${issues.length - open} closed.`);
    return issues;
  }
}
