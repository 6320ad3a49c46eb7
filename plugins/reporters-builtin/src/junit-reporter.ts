import type { ReportContext, Reporter, ReportOutput } from '@dq/plugin-api';
import { reportFilePath, writeReportFile } from './file-output.js';
import { renderJunit } from './junit-xml.js';

/** `dq report junit` and `dq check --junit FILE`: a check run as JUnit XML for CI servers. */
export class JunitReporter implements Reporter {
  readonly name = 'junit';
  readonly description = 'JUnit XML of a check run: a testsuite per category, a testcase per rule';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const data = await ctx.loadData();
    const file = reportFilePath(ctx, data, 'dq-junit', 'xml');
    writeReportFile(file, renderJunit(data));
    ctx.logger.info({ file, runId: data.run.runId }, 'JUnit XML written');
    return {
      files: [file],
      summary: `JUnit XML of run ${data.run.runId} (${data.results.length} testcases): ${file}`,
      details: { runId: data.run.runId, testcases: data.results.length },
    };
  }
}
