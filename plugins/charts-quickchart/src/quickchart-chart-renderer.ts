import {
  type ChartModel,
  type ChartRenderer,
  type DqConfig,
  DqError,
  type RenderedChart,
  xmlEscape,
} from '@dq/plugin-api';
import { chartJsConfig, chartSize } from './chart-js-config.js';
import { quickChartEndpoint } from './quickchart-endpoint.js';

/** How long one chart may take before the report gives up on the server. */
export const QUICKCHART_TIMEOUT_MS = 30_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Charts drawn by a QuickChart server (reporting.charts.renderer: quickchart), through
 * quickchart-js. Only used when the config names it; its host comes from
 * reporting.charts.quickchart.host.
 */
export class QuickChartRenderer implements ChartRenderer {
  readonly name = 'quickchart';
  readonly description = 'Charts drawn by the QuickChart server at reporting.charts.quickchart.host';

  async render(chart: ChartModel, format: 'svg' | 'png', config: DqConfig): Promise<RenderedChart> {
    const endpoint = quickChartEndpoint(config);
    const { width, height } = chartSize(chart);
    const QuickChart = await loadQuickChart();
    const request = new QuickChart()
      .setScheme(endpoint.scheme)
      .setHost(endpoint.host)
      .setConfig(JSON.stringify(chartJsConfig(chart)))
      .setWidth(width)
      .setHeight(height)
      .setFormat(format)
      .setBackgroundColor('#ffffff')
      .setDevicePixelRatio(format === 'png' ? 2 : 1);
    const failed = (reason: string, cause?: unknown) =>
      new DqError(
        'DQ_REPORT_FAILED',
        `QuickChart at ${endpoint.url} did not draw "${chart.title}": ${reason}`,
        {
          cause,
          hint:
            'Is the QuickChart server running and reachable from this machine? Check reporting.charts.quickchart.host, ' +
            'or set reporting.charts.renderer: builtin to draw the charts offline.',
        },
      );
    let data: Buffer;
    try {
      data = await withTimeout(request.toBinary(), QUICKCHART_TIMEOUT_MS);
    } catch (err) {
      throw failed((err as Error).message, err);
    }
    if (format === 'png') {
      if (!data.subarray(0, 8).equals(PNG_SIGNATURE)) throw failed('the answer is not a PNG image');
      return { format, contentType: 'image/png', data };
    }
    if (!/<svg[\s>]/.test(data.subarray(0, 4096).toString('utf8')))
      throw failed('the answer is not an SVG image');
    return {
      format,
      contentType: 'image/svg+xml',
      data: Buffer.from(isolatedSvg(chart, data, width, height)),
    };
  }
}

type QuickChartTypings = typeof import('quickchart-js');
type QuickChartClass = QuickChartTypings['default'];

/**
 * Loaded on first use, so the CLI does not pay for the HTTP client when charts are drawn offline.
 * Node loads the package's ES build, whose default export is the class; its typings are read as
 * CommonJS, where TypeScript sees the class one `default` deeper.
 */
async function loadQuickChart(): Promise<QuickChartClass> {
  const mod = (await import('quickchart-js')) as unknown as {
    default: QuickChartClass | { default: QuickChartClass };
  };
  return typeof mod.default === 'function' ? mod.default : mod.default.default;
}

/**
 * The server's SVG as an image inside an SVG of our own. Inlined as is, server SVGs would share
 * element ids (glyphs, clip paths) with each other in one HTML page, and their content is not
 * ours to vouch for; as an image it cannot run script or load anything, and the outer SVG escapes
 * the title, as the ChartRenderer contract asks.
 */
function isolatedSvg(chart: ChartModel, svg: Buffer, width: number, height: number): string {
  const title = xmlEscape(chart.title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${title}" style="max-width:100%;height:auto"><title>${title}</title>` +
    `<image width="${width}" height="${height}" href="data:image/svg+xml;base64,${svg.toString('base64')}"/></svg>`
  );
}

/** quickchart-js sets no timeout; a server that accepts and never answers must not hang the run. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000}s`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
