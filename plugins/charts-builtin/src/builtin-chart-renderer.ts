import type { ChartModel, ChartRenderer, RenderedChart } from '@dq/plugin-api';
import { barSvg } from './bar-chart.js';
import { horizontalBarSvg } from './horizontal-bar-chart.js';
import { lineSvg } from './line-chart.js';

/** Draws a chart model as SVG text. */
export function chartSvg(chart: ChartModel): string {
  switch (chart.kind) {
    case 'horizontalBar':
      return horizontalBarSvg(chart);
    case 'line':
      return lineSvg(chart);
    default:
      return barSvg(chart);
  }
}

/**
 * The offline chart renderer: hand-written SVG, rasterised to PNG by resvg (for e-mail clients
 * that do not show inline SVG). Never touches the network.
 */
export class BuiltinChartRenderer implements ChartRenderer {
  readonly name = 'builtin';
  readonly description = 'Offline SVG charts; PNG through resvg';

  async render(chart: ChartModel, format: 'svg' | 'png'): Promise<RenderedChart> {
    const svg = chartSvg(chart);
    if (format === 'svg') return { format, contentType: 'image/svg+xml', data: Buffer.from(svg, 'utf8') };
    // The native rasteriser loads only when a PNG is asked for (the e-mail), not at CLI start-up.
    const { Resvg } = await import('@resvg/resvg-js');
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { format, contentType: 'image/png', data: Buffer.from(png) };
  }
}
