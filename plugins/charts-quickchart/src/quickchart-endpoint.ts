import { type DqConfig, DqError } from '@dq/plugin-api';

/** Where the QuickChart server is, split the way quickchart-js takes it. */
export interface QuickChartEndpoint {
  scheme: 'http' | 'https';
  /** Host, port and any path prefix, e.g. `charts.example.internal:3400/quickchart`. */
  host: string;
  /** The same as a URL, for messages. */
  url: string;
}

const HOST_HINT =
  'Set reporting.charts.quickchart.host to your QuickChart server, e.g. https://quickchart.example.internal ' +
  '(https://quickchart.io is the public service: chart data then leaves your network), ' +
  'or set reporting.charts.renderer: builtin to draw the charts offline.';

/**
 * Reads reporting.charts.quickchart.host. There is no default host: chart labels name tables and
 * rules, so dq sends them nowhere the config does not name.
 */
export function quickChartEndpoint(config: DqConfig): QuickChartEndpoint {
  const raw = config.reporting.charts.quickchart?.host?.trim();
  if (!raw) {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      'reporting.charts.renderer is "quickchart", but reporting.charts.quickchart.host is not set.',
      { hint: HOST_HINT },
    );
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch (err) {
    throw new DqError('DQ_CONFIG_INVALID', `reporting.charts.quickchart.host: "${raw}" is not a URL.`, {
      cause: err,
      hint: HOST_HINT,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `reporting.charts.quickchart.host: "${raw}" must be an http:// or https:// URL.`,
      { hint: HOST_HINT },
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return {
    scheme: url.protocol === 'http:' ? 'http' : 'https',
    host: `${url.host}${path}`,
    url: `${url.protocol}//${url.host}${path}`,
  };
}
