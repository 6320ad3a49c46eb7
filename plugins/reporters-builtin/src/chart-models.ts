import type { ChartModel, ReportData, ReportTrendPoint } from '@dq/plugin-api';
import { BAND_COLORS, band } from './format.js';

/** A chart of the report with a stable id (used as the e-mail Content-ID). */
export interface ReportChart {
  id: string;
  caption: string;
  model: ChartModel;
  /** Takes a whole row of the HTML dashboard, drawn this wide (px) there. */
  wideWidth?: number;
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
        labels: trendLabels(trend),
        series: [{ name: 'overall', values: trend.map((t) => t.overall), colors: ['#1f3b57'] }],
        min: trendFloor(trend),
        max: 100,
        unit: '%',
      },
    },
    {
      id: 'failures-by-table',
      wideWidth: 1300,
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

/** Report dates, or month-day and time when a day had more than one run. */
function trendLabels(trend: ReportTrendPoint[]): string[] {
  const days = new Set(trend.map((t) => t.reportDate));
  if (days.size === trend.length) return trend.map((t) => t.reportDate);
  return trend.map((t) => `${t.reportDate.slice(5)} ${t.finishedAt.slice(11, 16)}`);
}

/**
 * The bottom of the trend's axis: at least 5 points below the lowest score, on a multiple of 10.
 * Scores live near the top; on an axis from 0 a fall from 97 to 92 would be a flat line.
 */
function trendFloor(trend: ReportTrendPoint[]): number {
  const scores = trend.map((t) => t.overall).filter((v): v is number => v !== null);
  if (scores.length === 0) return 0;
  return Math.max(0, Math.floor((Math.min(...scores) - 5) / 10) * 10);
}
