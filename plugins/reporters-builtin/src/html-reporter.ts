import type { ReportContext, Reporter, ReportOutput } from '@dq/plugin-api';
import { score } from './format.js';
import { htmlReportPath, writeHtmlReport } from './html-report.js';

/** `dq report html`: one offline HTML file of the latest (or a given) check run. */
export class HtmlReporter implements Reporter {
  readonly name = 'html';
  readonly description = 'Self-contained HTML dashboard of a check run (inline CSS and SVG charts)';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const data = await ctx.loadData();
    const file = htmlReportPath(ctx, data);
    await writeHtmlReport(ctx, data, file);
    ctx.logger.info({ file, runId: data.run.runId }, 'HTML report written');
    return {
      files: [file],
      summary: `HTML report of run ${data.run.runId} (overall ${score(data.run.overall)}): ${file}`,
      details: { runId: data.run.runId, overall: data.run.overall },
    };
  }
}
