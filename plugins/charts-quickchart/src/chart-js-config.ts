import type { ChartModel } from '@dq/plugin-api';

const DEFAULT_COLOR = '#3b6ea5';

/** The default size of a chart the model leaves unsized, close to the built-in renderer's. */
export function chartSize(chart: ChartModel): { width: number; height: number } {
  const width = chart.width ?? 640;
  const height = chart.height ?? (chart.kind === 'horizontalBar' ? 60 + chart.labels.length * 28 : 260);
  return { width, height };
}

/**
 * The Chart.js 2 configuration of a chart model: the dialect every QuickChart server speaks by
 * default. Plain data only (no functions), so it travels as JSON and the server evaluates no code
 * of ours.
 */
export function chartJsConfig(chart: ChartModel): Record<string, unknown> {
  const range = {
    ...(chart.min === undefined ? {} : { min: chart.min }),
    ...(chart.max === undefined ? {} : { max: chart.max }),
  };
  const valueAxis = [
    {
      ticks: { beginAtZero: true, ...range },
      ...(chart.unit ? { scaleLabel: { display: true, labelString: chart.unit } } : {}),
    },
  ];
  const datasets = chart.series.map((s) =>
    chart.kind === 'line'
      ? {
          label: s.name,
          data: s.values,
          borderColor: s.colors?.[0] ?? DEFAULT_COLOR,
          backgroundColor: s.colors?.[0] ?? DEFAULT_COLOR,
          fill: false,
          lineTension: 0,
          pointRadius: 3,
          spanGaps: false,
        }
      : { label: s.name, data: s.values, backgroundColor: s.colors ?? DEFAULT_COLOR },
  );
  return {
    type: chart.kind,
    data: { labels: chart.labels, datasets },
    options: {
      title: { display: true, text: chart.title, fontSize: 14 },
      legend: { display: chart.series.length > 1 },
      scales: chart.kind === 'horizontalBar' ? { xAxes: valueAxis } : { yAxes: valueAxis },
    },
  };
}
