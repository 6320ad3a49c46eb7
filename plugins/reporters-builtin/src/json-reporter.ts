import type { ReportContext, Reporter, ReportOutput } from '@dq/plugin-api';
import { reportFilePath, writeReportFile } from './file-output.js';

/**
 * `dq report json`: the report data of a check run (scorecard, categories, every result with its
 * duration and sampled exceptions, trend, failures by table, the diff) as one JSON document, for
 * tools that want the results without querying the dq_* tables.
 */
export class JsonReporter implements Reporter {
  readonly name = 'json';
  readonly description = 'The report data of a check run as one JSON file';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const data = await ctx.loadData();
    const file = reportFilePath(ctx, data, 'dq-results', 'json');
    writeReportFile(file, `${JSON.stringify(data, null, 2)}\n`);
    ctx.logger.info({ file, runId: data.run.runId }, 'JSON results written');
    return {
      files: [file],
      summary: `JSON results of run ${data.run.runId} (${data.results.length} results): ${file}`,
      details: { runId: data.run.runId, results: data.results.length },
    };
  }
}
