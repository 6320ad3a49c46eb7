import {
  type AlertBatch,
  type ChartRenderer,
  type Database,
  type DimensionSpec,
  type DqConfig,
  DqError,
  type FactLoader,
  type GlossaryTerm,
  inject,
  injectAll,
  type KpiDefinition,
  type Logger,
  type ReportCatalog,
  type ReportContext,
  type Reporter,
  type ReportOutput,
  tokens,
} from '@dq/plugin-api';
import { QualityEngine } from '../quality/quality-engine.js';
import { ReportDataLoader } from './report-data-loader.js';

/** Options of {@link ReportService.run}. */
export interface ReportRunOptions {
  /** The check run to report (default: the latest). */
  runId?: string;
  /** Reporter-specific options (`out`, `to`, `dryRun`, ...). */
  options?: Record<string, unknown>;
  /** For an alert destination's reporter: the alerts to deliver (set by the AlertEngine). */
  alerts?: AlertBatch;
}

/**
 * Runs reporters: resolves the reporter and the configured chart renderer by name through the
 * kernel and hands the reporter a context that reads report data and the model's catalog lazily.
 */
export class ReportService {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @inject(QualityEngine) private readonly quality: QualityEngine,
    @injectAll(tokens.reporter) private readonly registered: readonly Reporter[],
    @injectAll(tokens.chartRenderer) private readonly renderers: readonly ChartRenderer[],
    @injectAll(tokens.dimensionSpec) private readonly dimensionSpecs: readonly DimensionSpec[],
    @injectAll(tokens.factLoader) private readonly factLoaders: readonly FactLoader[],
    @injectAll(tokens.kpi) private readonly kpis: readonly KpiDefinition[],
    @injectAll(tokens.glossaryTerm) private readonly glossary: readonly GlossaryTerm[],
  ) {}

  /** The registered reporters. */
  reporters(): Reporter[] {
    return [...this.registered];
  }

  /** The reporter called `name`; DQ_INPUT_INVALID naming the registered ones otherwise. */
  reporter(name: string): Reporter {
    const all = this.reporters();
    const found = all.find((r) => r.name === name);
    if (!found) {
      throw new DqError('DQ_INPUT_INVALID', `No reporter "${name}" is registered.`, {
        hint: `Registered reporters: ${all.map((r) => r.name).join(', ') || 'none'}. Add the plugin that provides it to plugins:.`,
      });
    }
    return found;
  }

  /** The chart renderer named by reporting.charts.renderer. */
  chartRenderer(): ChartRenderer {
    const name = this.config.reporting.charts.renderer;
    const all = [...this.renderers];
    const found = all.find((r) => r.name === name);
    if (!found) {
      throw new DqError(
        'DQ_CONFIG_INVALID',
        `reporting.charts.renderer: no chart renderer "${name}" is registered.`,
        {
          hint: `Registered chart renderers: ${all.map((r) => r.name).join(', ') || 'none'}.`,
        },
      );
    }
    return found;
  }

  /** The model as plugins, config and rule files declare it; needs no database. */
  catalog(): ReportCatalog {
    const { quality } = this;
    return {
      dimensions: [...this.dimensionSpecs],
      factLoaders: [...this.factLoaders],
      sources: this.config.sources,
      rules: quality.load().rules,
      categories: quality.categories(),
      kpis: [...this.kpis],
      glossary: [...this.glossary],
    };
  }

  /** Runs the reporter called `name`. */
  async run(name: string, options: ReportRunOptions = {}): Promise<ReportOutput> {
    const reporter = this.reporter(name);
    const { config, database: db, logger } = this;
    const ctx: ReportContext = {
      db,
      config,
      logger: logger.child({ reporter: name }),
      ...(options.runId ? { runId: options.runId } : {}),
      options: options.options ?? {},
      loadData: () => new ReportDataLoader(db, config).load(options.runId),
      charts: () => this.chartRenderer(),
      catalog: () => this.catalog(),
      ...(options.alerts ? { alerts: options.alerts } : {}),
    };
    return reporter.report(ctx);
  }
}
