import type { ChartModel } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { BuiltinChartRenderer, chartSvg } from './builtin-chart-renderer.js';

const bars: ChartModel = {
  kind: 'horizontalBar',
  title: 'Scores <by> category',
  labels: ['completeness', 'validity', 'timeliness', 'integrity'],
  series: [{ name: 'score', values: [99, 85, 40, null], colors: ['#2e9d5b', '#e0a100', '#d64545', '#999'] }],
  min: 0,
  max: 100,
  unit: '%',
};

describe('BuiltinChartRenderer', () => {
  it('draws horizontal bars with their colours, escapes text and shows n/a for null', () => {
    const svg = chartSvg(bars);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Scores &lt;by&gt; category');
    expect(svg).not.toContain('<by>');
    expect(svg).toContain('fill="#2e9d5b"');
    expect(svg).toContain('fill="#d64545"');
    expect(svg).toContain('n/a');
    expect(svg.match(/<rect x="138"/g)).toHaveLength(3);
  });

  it('draws a line over 30 points and a bar chart, with no external reference', () => {
    const line = chartSvg({
      kind: 'line',
      title: 'Overall score',
      labels: Array.from({ length: 30 }, (_, i) => `d${i}`),
      series: [
        { name: 'overall', values: Array.from({ length: 30 }, (_, i) => (i === 5 ? null : 80 + i / 2)) },
      ],
      min: 0,
      max: 100,
    });
    expect(line.match(/<polyline/g)).toHaveLength(2);
    expect(line.match(/<circle/g)).toHaveLength(29);
    const bar = chartSvg({
      kind: 'bar',
      title: 'Failures',
      labels: ['t1', 't2'],
      series: [{ name: 'f', values: [3, 7] }],
    });
    expect(bar.match(/<rect x=/g)).toHaveLength(2);
    for (const svg of [line, bar]) expect(svg).not.toMatch(/(href|src)="https?:/);
  });

  it('renders a PNG', async () => {
    const png = await new BuiltinChartRenderer().render(bars, 'png');
    expect(png.contentType).toBe('image/png');
    expect(png.data.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
