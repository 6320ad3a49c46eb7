import type { ChartModel } from '@dq/plugin-api';
import { AXIS_COLOR, DEFAULT_COLOR, esc, fmt, px, svgOpen, TEXT_COLOR } from './svg-text.js';

const TOP = 40;
const BOTTOM = 40;
const LEFT = 44;
const RIGHT = 20;

/** A line per series over the labels (e.g. the overall score of the last 30 runs); nulls break the line. */
export function lineSvg(chart: ChartModel): string {
  const width = chart.width ?? 640;
  const height = chart.height ?? 260;
  const all = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const min = chart.min ?? Math.min(0, ...all);
  const max = chart.max ?? Math.max(1, ...all);
  const plotW = width - LEFT - RIGHT;
  const plotH = height - TOP - BOTTOM;
  const n = chart.labels.length;
  const x = (i: number) => LEFT + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => TOP + plotH - ((Math.min(Math.max(v, min), max) - min) / (max - min || 1)) * plotH;
  const parts = [svgOpen(width, height, chart.title)];
  for (const tick of [min, (min + max) / 2, max]) {
    parts.push(
      `<line x1="${LEFT}" y1="${px(y(tick))}" x2="${width - RIGHT}" y2="${px(y(tick))}" stroke="#e4e7eb"/>`,
      `<text x="${LEFT - 6}" y="${px(y(tick) + 4)}" text-anchor="end" fill="${AXIS_COLOR}">${fmt(tick)}</text>`,
    );
  }
  // First, middle and last labels keep the axis readable for 30 points.
  const shown = new Set([0, Math.floor((n - 1) / 2), n - 1]);
  chart.labels.forEach((label, i) => {
    if (!shown.has(i)) return;
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    parts.push(
      `<text x="${px(x(i))}" y="${height - BOTTOM + 18}" text-anchor="${anchor}" font-size="11" fill="${TEXT_COLOR}">${esc(label)}</text>`,
    );
  });
  if (n === 0) {
    parts.push(
      `<text x="${width / 2}" y="${TOP + plotH / 2}" text-anchor="middle" fill="${AXIS_COLOR}">no history yet</text>`,
    );
  }
  for (const series of chart.series) {
    const color = series.colors?.[0] ?? DEFAULT_COLOR;
    const segments: string[][] = [[]];
    series.values.forEach((v, i) => {
      if (v === null) segments.push([]);
      else segments[segments.length - 1]!.push(`${px(x(i))},${px(y(v))}`);
    });
    for (const seg of segments) {
      if (seg.length > 1)
        parts.push(
          `<polyline points="${seg.join(' ')}" fill="none" stroke="${esc(color)}" stroke-width="2"/>`,
        );
    }
    series.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle cx="${px(x(i))}" cy="${px(y(v))}" r="3" fill="${esc(color)}"><title>${esc(chart.labels[i] ?? '')}: ${fmt(v)}${esc(chart.unit ?? '')}</title></circle>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
