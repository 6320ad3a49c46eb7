import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChartModel, type DqConfig, type DqError, isDqError } from '@dq/plugin-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QuickChartRenderer } from './quickchart-chart-renderer.js';

// A 1x1 PNG and a small SVG: what the stand-in server answers, byte for byte.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

const bars: ChartModel = {
  kind: 'horizontalBar',
  title: 'Scores <by> category',
  labels: ['completeness', 'validity'],
  series: [{ name: 'score', values: [99, null], colors: ['#2e9d5b', '#d64545'] }],
  min: 0,
  max: 100,
  unit: '%',
};

interface Received {
  method: string;
  url: string;
  contentType: string;
  body: { chart: string; width: number; height: number; format: string; backgroundColor: string };
}

function config(host: string | undefined): DqConfig {
  const charts = { renderer: 'quickchart', ...(host === undefined ? {} : { quickchart: { host } }) };
  return { reporting: { charts } } as unknown as DqConfig;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.fail('expected the render to fail'),
    (err: unknown) => err,
  );
}

/** A real HTTP server on loopback standing in for QuickChart: records requests, answers like it. */
describe('QuickChartRenderer against a QuickChart stand-in on loopback', () => {
  const received: Received[] = [];
  let answer: 'image' | 'error' | 'html' = 'image';
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Received['body'];
    received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'] ?? '',
      body,
    });
    if (answer === 'error') {
      res.writeHead(500, { 'x-quickchart-error': 'Chart.js could not parse the config' }).end();
    } else if (answer === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>');
    } else if (body.format === 'svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
    } else {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    }
  });
  let port = 0;

  beforeAll(async () => {
    port = await listen(server);
  });
  beforeEach(() => {
    received.length = 0;
    answer = 'image';
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the chart as a Chart.js config and returns the PNG bytes the server sent', async () => {
    const png = await new QuickChartRenderer().render(bars, 'png', config(`http://127.0.0.1:${port}`));
    expect(png).toMatchObject({ format: 'png', contentType: 'image/png' });
    expect(png.data.equals(PNG)).toBe(true);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', url: '/chart', contentType: 'application/json' });
    expect(request!.body).toMatchObject({ format: 'png', width: 640, backgroundColor: '#ffffff' });
    expect(request!.body.height).toBeGreaterThan(100);
    const chart = JSON.parse(request!.body.chart);
    expect(chart).toMatchObject({
      type: 'horizontalBar',
      data: {
        labels: ['completeness', 'validity'],
        datasets: [{ label: 'score', data: [99, null], backgroundColor: ['#2e9d5b', '#d64545'] }],
      },
      options: {
        title: { display: true, text: 'Scores <by> category' },
        scales: { xAxes: [{ ticks: { min: 0, max: 100 } }] },
      },
    });
  });

  it('returns the SVG the server sent as an image inside an escaped, inline-safe SVG', async () => {
    const line: ChartModel = {
      kind: 'line',
      title: 'Overall score trend',
      labels: ['2026-11-26', '2026-11-27'],
      series: [{ name: 'overall', values: [91.5, 93], colors: ['#1f3b57'] }],
      min: 0,
      max: 100,
    };
    const svg = await new QuickChartRenderer().render(line, 'svg', config(`http://127.0.0.1:${port}`));
    expect(svg).toMatchObject({ format: 'svg', contentType: 'image/svg+xml' });
    const markup = svg.data.toString('utf8');
    expect(markup.startsWith('<svg')).toBe(true);
    const embedded = /href="data:image\/svg\+xml;base64,([^"]+)"/.exec(markup)?.[1];
    expect(Buffer.from(embedded ?? '', 'base64').toString('utf8')).toBe(SVG);
    expect(received[0]!.body.format).toBe('svg');
    expect(JSON.parse(received[0]!.body.chart)).toMatchObject({
      type: 'line',
      data: { datasets: [{ data: [91.5, 93], borderColor: '#1f3b57', fill: false }] },
    });

    const escaped = await new QuickChartRenderer().render(bars, 'svg', config(`http://127.0.0.1:${port}`));
    expect(escaped.data.toString('utf8')).toContain('aria-label="Scores &lt;by&gt; category"');
    expect(escaped.data.toString('utf8')).not.toContain('<by>');
  });

  it('keeps a path prefix of the host (a QuickChart behind a reverse proxy)', async () => {
    await new QuickChartRenderer().render(bars, 'png', config(`http://127.0.0.1:${port}/tools/quickchart/`));
    expect(received[0]!.url).toBe('/tools/quickchart/chart');
  });

  it('turns a server error into DQ_REPORT_FAILED carrying the server message', async () => {
    answer = 'error';
    const err = await rejection(
      new QuickChartRenderer().render(bars, 'png', config(`http://127.0.0.1:${port}`)),
    );
    expect(isDqError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'DQ_REPORT_FAILED', exitCode: 3 });
    expect((err as Error).message).toMatch(/status code 500/);
    expect((err as Error).message).toMatch(/Chart\.js could not parse the config/);
  });

  it('refuses an answer that is not the image asked for', async () => {
    answer = 'html';
    const err = await rejection(
      new QuickChartRenderer().render(bars, 'png', config(`http://127.0.0.1:${port}`)),
    );
    expect(err).toMatchObject({ code: 'DQ_REPORT_FAILED', message: expect.stringMatching(/not a PNG/) });
  });
});

describe('QuickChartRenderer without a reachable server', () => {
  it('fails with DQ_REPORT_FAILED naming the host, the cause and the way back to offline charts', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await rejection(
      new QuickChartRenderer().render(bars, 'png', config(`http://127.0.0.1:${port}`)),
    );
    expect(isDqError(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'DQ_REPORT_FAILED',
      exitCode: 3,
      message: expect.stringContaining(
        `QuickChart at http://127.0.0.1:${port} did not draw "Scores <by> category"`,
      ),
      hint: expect.stringContaining('reporting.charts.quickchart.host'),
    });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect((err as DqError).hint).toContain('renderer: builtin');
  });

  it('asks for reporting.charts.quickchart.host instead of choosing a public server', async () => {
    for (const host of [undefined, '  ']) {
      const err = await rejection(new QuickChartRenderer().render(bars, 'png', config(host)));
      expect(err).toMatchObject({
        code: 'DQ_CONFIG_INVALID',
        message: expect.stringContaining('reporting.charts.quickchart.host is not set'),
      });
    }
    const ftp = await rejection(new QuickChartRenderer().render(bars, 'png', config('ftp://charts.example')));
    expect(ftp).toMatchObject({
      code: 'DQ_CONFIG_INVALID',
      message: expect.stringMatching(/http:\/\/ or https:\/\//),
    });
  });
});
