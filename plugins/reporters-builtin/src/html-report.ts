import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DqError, type ReportContext, type ReportData } from '@dq/plugin-api';
import { reportCharts } from './chart-models.js';
import { compactDate } from './format.js';
import { reportView } from './report-view.js';
import { renderTemplate, trusted } from './templates.js';

/** The report's file: `out` when given, else reporting.html.outDir/dq-report-YYYYMMDD.html. */
export function htmlReportPath(ctx: ReportContext, data: ReportData): string {
  const out = ctx.options.out;
  if (typeof out === 'string' && out) return resolve(out);
  return join(ctx.config.reporting.html.outDir, `dq-report-${compactDate(data.run.reportDate)}.html`);
}

/** The self-contained HTML dashboard: inline CSS, inline SVG charts, no script, no external URL. */
export async function renderHtmlReport(ctx: ReportContext, data: ReportData): Promise<string> {
  const renderer = ctx.charts();
  const charts = [];
  for (const chart of reportCharts(data)) {
    const model = chart.wideWidth ? { ...chart.model, width: chart.wideWidth } : chart.model;
    const drawn = await renderer.render(model, 'svg', ctx.config);
    // A renderer that cannot draw SVG (e.g. an image service) still yields an inline image.
    const markup =
      drawn.format === 'svg'
        ? drawn.data.toString('utf8')
        : `<img alt="${chart.model.title.replace(/[<>&"']/g, '')}" src="data:${drawn.contentType};base64,${drawn.data.toString('base64')}">`;
    charts.push({ caption: chart.caption, wide: Boolean(chart.wideWidth), svg: trusted(markup) });
  }
  return renderTemplate('report', { ...reportView(data), charts });
}

/** Renders the report and writes it to `file`; DQ_REPORT_FAILED when it cannot be written. */
export async function writeHtmlReport(ctx: ReportContext, data: ReportData, file: string): Promise<string> {
  const html = await renderHtmlReport(ctx, data);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  } catch (err) {
    throw new DqError(
      'DQ_REPORT_FAILED',
      `Cannot write the HTML report to ${file}: ${(err as Error).message}`,
      {
        cause: err,
        hint: 'Pass --out with a writable path, or change reporting.html.outDir.',
      },
    );
  }
  return html;
}
