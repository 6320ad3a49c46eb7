import type { ChartModel } from '@dq/plugin-api';
import { AXIS_COLOR, clip, DEFAULT_COLOR, esc, fmt, px, svgOpen, TEXT_COLOR } from './svg-text.js';

const TOP = 40;
const BOTTOM = 56;
const LEFT = 40;

/** Vertical bars, one per label, from the first series (e.g. failed records by table). */
export function barSvg(chart: ChartModel): string {
  const series = chart.series[0] ?? { name: '', values: [] };
  const width = chart.width ?? 640;
  const height = chart.height ?? 260;
  const max = chart.max ?? Math.max(1, ...series.values.map((v) => v ?? 0));
  const min = chart.min ?? 0;
  const plotW = width - LEFT - 16;
  const plotH = height - TOP - BOTTOM;
  const baseY = TOP + plotH;
  const parts = [svgOpen(width, height, chart.title)];
  parts.push(
    `<line x1="${LEFT}" y1="${baseY}" x2="${width - 16}" y2="${baseY}" stroke="${AXIS_COLOR}"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end" fill="${AXIS_COLOR}">${fmt(max)}</text>`,
    `<text x="${LEFT - 6}" y="${baseY}" text-anchor="end" fill="${AXIS_COLOR}">${fmt(min)}</text>`,
  );
  if (chart.labels.length === 0) {
    parts.push(
      `<text x="${width / 2}" y="${TOP + plotH / 2}" text-anchor="middle" fill="${AXIS_COLOR}">no failures</text>`,
    );
  }
  const slot = plotW / Math.max(chart.labels.length, 1);
  const barW = Math.min(48, slot * 0.7);
  chart.labels.forEach((label, i) => {
    const value = series.values[i] ?? 0;
    const h = (Math.min(Math.max(value - min, 0), max - min) / (max - min || 1)) * plotH;
    const cx = LEFT + slot * i + slot / 2;
    const color = series.colors?.[i] ?? DEFAULT_COLOR;
    parts.push(
      `<rect x="${px(cx - barW / 2)}" y="${px(baseY - h)}" width="${px(barW)}" height="${px(h)}" rx="2" fill="${esc(color)}"><title>${esc(label)}: ${fmt(value)}</title></rect>`,
      `<text x="${px(cx)}" y="${px(baseY - h - 4)}" text-anchor="middle" fill="${TEXT_COLOR}">${fmt(value)}</text>`,
      `<text x="${px(cx)}" y="${baseY + 16}" text-anchor="middle" font-size="11" fill="${TEXT_COLOR}">${esc(clip(label, Math.max(6, Math.floor(slot / 7))))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
