import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DqError, type ReportContext, type Reporter, type ReportOutput } from '@dq/plugin-api';

/**
 * `dq report {{id}} [--out FILE]`: a Markdown summary of the check run (its score and every
 * rule's status), written to --out or reporting.html.outDir/{{id}}.md.
 */
export class {{Class}}Reporter implements Reporter {
  readonly name = '{{id}}';
  readonly description = 'A Markdown summary of a check run';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const data = await ctx.loadData();
    const file =
      typeof ctx.options.out === 'string' && ctx.options.out
        ? resolve(ctx.options.out)
        : join(ctx.config.reporting.html.outDir, '{{id}}.md');
    const lines = [
      `# ${data.project}: check run ${data.run.runId}`,
      '',
      `Overall score: ${data.run.overall === null ? 'n/a' : data.run.overall.toFixed(1)}`,
      '',
      '| rule | status | failed | scope |',
      '| --- | --- | --- | --- |',
      ...data.results.map((r) => `| ${r.rule} | ${r.status} | ${r.failed ?? ''} | ${r.scope ?? ''} |`),
    ];
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${lines.join('\n')}\n`);
    } catch (err) {
      throw new DqError('DQ_REPORT_FAILED', `Cannot write ${file}: ${(err as Error).message}`, {
        cause: err,
        hint: 'Pass --out with a writable path.',
      });
    }
    return { files: [file], summary: `${data.results.length} results summarised in ${file}` };
  }
}
