import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportContext, ReportData } from '@dq/plugin-api';
import { compactDate } from './format.js';

/** Where a file reporter writes: its `out` option, else reporting.html.outDir/PREFIX-YYYYMMDD.EXT. */
export function reportFilePath(ctx: ReportContext, data: ReportData, prefix: string, ext: string): string {
  const out = ctx.options.out;
  if (typeof out === 'string' && out) return resolve(out);
  return resolve(
    join(ctx.config.reporting.html.outDir, `${prefix}-${compactDate(data.run.reportDate)}.${ext}`),
  );
}

/** Writes `text` to `file`, creating its folder. */
export function writeReportFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
