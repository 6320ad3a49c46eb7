import type { DqConfig } from './config.js';
import type { Database } from './database.js';

/** A neutral chart model, independent of how it is drawn. */
export interface ChartModel {
  kind: 'bar' | 'horizontalBar' | 'line';
  title: string;
  labels: string[];
  series: { name: string; values: Array<number | null>; colors?: string[] }[];
  /** Axis range, e.g. 0-100 for scores. */
  min?: number;
  max?: number;
  width?: number;
  height?: number;
}

/** A drawn chart. */
export interface RenderedChart {
  format: 'svg' | 'png';
  contentType: string;
  data: Buffer;
}

/** Draws a chart model as SVG or PNG. */
export interface ChartRenderer {
  /** `builtin`, `quickchart`, ...: the value of reporting.charts.renderer. */
  readonly name: string;
  render(chart: ChartModel, format: 'svg' | 'png'): Promise<RenderedChart>;
}

/** What a reporter gets: the run to report and where to find history. */
export interface ReportContext {
  db: Database;
  config: DqConfig;
  /** The check run to report (defaults to the latest). */
  runId?: string;
  /** Reporter-specific options (e.g. `out`, `to`, `dryRun`). */
  options: Record<string, unknown>;
}

/** An artefact or delivery a reporter produced. */
export interface ReportOutput {
  /** Files written (absolute paths). */
  files: string[];
  /** A one-line summary for the CLI. */
  summary: string;
}

/** A reporter: turns a check run (and history) into an artefact or a delivery. */
export interface Reporter {
  /** `html`, `email`, `junit`, `json`, `docs`, ... */
  readonly name: string;
  readonly description?: string;
  report(ctx: ReportContext): Promise<ReportOutput>;
}
