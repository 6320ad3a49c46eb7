import type { ResolvedPlugin } from '@dq/core';
import alerts from '@dq/plugin-alerts';
import chartsBuiltin from '@dq/plugin-charts-builtin';
import chartsQuickchart from '@dq/plugin-charts-quickchart';
import checksBuiltin from '@dq/plugin-checks-builtin';
import checksMonitors from '@dq/plugin-checks-monitors';
import generatorRetail from '@dq/plugin-generator-retail';
import reportersBuiltin from '@dq/plugin-reporters-builtin';
import retail from '@dq/plugin-retail';
import ruleCategories from '@dq/plugin-rule-categories';
import scd from '@dq/plugin-scd';
import sourceCsv from '@dq/plugin-source-csv';
import sourceJsonl from '@dq/plugin-source-jsonl';
import sourceMysql from '@dq/plugin-source-mysql';
import sourceParquet from '@dq/plugin-source-parquet';
import sourcePostgres from '@dq/plugin-source-postgres';

// The plugins that ship with dq, named in one place outside the kernel (@dq/core never imports a
// plugin): the CLI boots with them, and tests and harnesses get them without the CLI. Further
// plugins come from the config's `plugins:` list.
const builtins = {
  '@dq/plugin-rule-categories': ruleCategories,
  '@dq/plugin-checks-builtin': checksBuiltin,
  // Monitors (anomaly, schema_change): check kinds that learn from dq_metric_history.
  '@dq/plugin-checks-monitors': checksMonitors,
  '@dq/plugin-source-csv': sourceCsv,
  '@dq/plugin-source-jsonl': sourceJsonl,
  '@dq/plugin-source-postgres': sourcePostgres,
  '@dq/plugin-source-mysql': sourceMysql,
  '@dq/plugin-source-parquet': sourceParquet,
  '@dq/plugin-scd': scd,
  '@dq/plugin-retail': retail,
  '@dq/plugin-generator-retail': generatorRetail,
  '@dq/plugin-charts-builtin': chartsBuiltin,
  // Used only when reporting.charts.renderer is quickchart; the default draws offline.
  '@dq/plugin-charts-quickchart': chartsQuickchart,
  '@dq/plugin-reporters-builtin': reportersBuiltin,
  // Alert destinations (webhook, slack, teams): they send only what alerting.routes route to them.
  '@dq/plugin-alerts': alerts,
};

/** The built-in plugins, in registration order, each named `builtin:<package>`. */
export function builtinPlugins(): ResolvedPlugin[] {
  return Object.entries(builtins).map(([name, plugin]) => ({
    plugin,
    options: {},
    origin: `builtin:${name}`,
  }));
}
