import { definePlugin, tokens } from '@dq/plugin-api';
import { QuickChartRenderer } from './quickchart-chart-renderer.js';

export { chartJsConfig } from './chart-js-config.js';
export { QuickChartRenderer } from './quickchart-chart-renderer.js';
export { type QuickChartEndpoint, quickChartEndpoint } from './quickchart-endpoint.js';

export default definePlugin({
  id: 'charts-quickchart',
  apiVersion: 1,
  description: 'Charts drawn by a QuickChart server (reporting.charts.renderer: quickchart)',
  register(reg) {
    reg.provide(tokens.chartRenderer, QuickChartRenderer);
  },
});
