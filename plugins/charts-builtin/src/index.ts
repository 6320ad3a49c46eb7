import { definePlugin, tokens } from '@dq/plugin-api';
import { BuiltinChartRenderer } from './builtin-chart-renderer.js';

export { BuiltinChartRenderer, chartSvg } from './builtin-chart-renderer.js';

export default definePlugin({
  id: 'charts-builtin',
  apiVersion: 1,
  description: 'Offline charts: SVG bars and lines, PNG through resvg',
  register(reg) {
    reg.provide(tokens.chartRenderer, BuiltinChartRenderer);
  },
});
