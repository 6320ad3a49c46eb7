import type { ChartModel, ReportData } from '@dq/plugin-api';
import { BAND_COLORS, band } from './format.js';

/** A chart of the report with a stable id (used as the e-mail Content-ID). */
export interface ReportChart {
  id: string;
  caption: string;
  model: ChartModel;
}

/** The three charts of a run report: category scores, overall trend, failures by table. */
export function reportCharts(data: ReportData): ReportChart[] {
  const categories = data.categories;
  const trend = data.trend;
  const tables = data.failuresByTable.slice(0, 12);
  return [
    {
      id: 'category-scores',
      caption: 'Score per quality category (green ≥ 95, amber ≥ 80, red below).',
      model: {
        kind: 'horizontalBar',
        title: 'Scores by category',
        labels: categories.map((c) => c.category),
        series: [
          {
            name: 'score',
            values: categories.map((c) => c.score),
            colors: categories.map((c) => BAND_COLORS[band(c.score)]),
          },
        ],
        min: 0,
        max: 100,
        unit: '%',
      },
    },
    {
      id: 'overall-trend',
      caption: `Overall score of the last ${trend.length} run(s).`,
      model: {
        kind: 'line',
        title: 'Overall score trend',
        labels: trend.map((t) => t.reportDate),
        series: [{ name: 'overall', values: trend.map((t) => t.overall), colors: ['#1f3b57'] }],
        min: 0,
        max: 100,
      },
    },
    {
      id: 'failures-by-table',
      caption:
        'Violating rows counted by the rules of each table (rules that ended WARNING, FAILED or ERROR).',
      model: {
        kind: 'bar',
        title: 'Failed records by table',
        labels: tables.map((t) => t.table),
        series: [
          {
            name: 'failed records',
            values: tables.map((t) => t.failedRecords),
            colors: tables.map((t) => (t.failedRules > 0 ? BAND_COLORS.red : BAND_COLORS.amber)),
          },
        ],
      },
    },
  ];
}
