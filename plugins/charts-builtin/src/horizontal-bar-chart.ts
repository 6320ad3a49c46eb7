import type { ChartModel } from '@dq/plugin-api';
import { AXIS_COLOR, clip, DEFAULT_COLOR, esc, fmt, px, svgOpen, TEXT_COLOR } from './svg-text.js';

const ROW = 26;
const TOP = 34;
const LABEL_WIDTH = 130;

/** Horizontal bars, one per label, from the first series; a null value is drawn as `n/a`. */
export function horizontalBarSvg(chart: ChartModel): string {
  const series = chart.series[0] ?? { name: '', values: [] };
  const width = chart.width ?? 640;
  const height = chart.height ?? TOP + chart.labels.length * ROW + 16;
  const min = chart.min ?? 0;
  const max = chart.max ?? Math.max(1, ...series.values.map((v) => v ?? 0));
  const plot = width - LABEL_WIDTH - 70;
  const unit = chart.unit ?? '';
  const parts = [svgOpen(width, height, chart.title)];
  const x0 = LABEL_WIDTH + 8;
  parts.push(
    `<line x1="${x0}" y1="${TOP - 4}" x2="${x0}" y2="${TOP + chart.labels.length * ROW}" stroke="${AXIS_COLOR}"/>`,
  );
  chart.labels.forEach((label, i) => {
    const y = TOP + i * ROW;
    const value = series.values[i] ?? null;
    parts.push(
      `<text x="${LABEL_WIDTH}" y="${y + 16}" text-anchor="end" fill="${TEXT_COLOR}">${esc(clip(label, 20))}</text>`,
    );
    if (value === null) {
      parts.push(`<text x="${x0 + 6}" y="${y + 16}" fill="${AXIS_COLOR}">n/a</text>`);
      return;
    }
    const share = Math.min(Math.max((value - min) / (max - min || 1), 0), 1);
    const w = share * plot;
    const color = series.colors?.[i] ?? DEFAULT_COLOR;
    parts.push(
      `<rect x="${x0}" y="${y + 4}" width="${px(w)}" height="${ROW - 8}" rx="3" fill="${esc(color)}"><title>${esc(label)}: ${fmt(value)}${esc(unit)}</title></rect>`,
      `<text x="${px(x0 + w + 6)}" y="${y + 16}" fill="${TEXT_COLOR}">${fmt(value)}${esc(unit)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
