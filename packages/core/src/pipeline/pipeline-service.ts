import {
  type Database,
  type DqConfig,
  DqError,
  type GenerateResult,
  type Generator,
  inject,
  injectAll,
  type Logger,
  type ReportOutput,
  tokens,
} from '@dq/plugin-api';
import { AlertEngine, type AlertRunReport, alertFailure } from '../alerts/alert-engine.js';
import { IngestEngine, type LoadRunResult } from '../engines/ingest-engine.js';
import { TransformEngine } from '../engines/transform-engine.js';
import type { CheckRun } from '../quality/check-run.js';
import { checkVerdict, type FailOn } from '../quality/check-verdict.js';
import { QualityEngine } from '../quality/quality-engine.js';
import { ReportService } from '../reporting/report-service.js';
import { MigrationService } from '../services/migration-service.js';
import { type Phase, type PhaseTiming, type PipelineResult, PipelineRunner } from './pipeline-runner.js';

/** Options of {@link PipelineService.run} (`dq run`'s flags). */
export interface PipelineOptions {
  /** Write fresh feeds with a generator first (`--generate`). */
  generate?: boolean;
  /** The generator to use (default: generate.generator, else the first registered). */
  generator?: string;
  /** Its volume multiplier (default: generate.scale). */
  scale?: number;
  /** Wait for a running pipeline (and for staging locks) instead of failing. */
  wait?: boolean;
  /** Replay as of this instant (freshness, monitors, scorecard date). */
  asOf?: Date;
  onPhaseStart?(name: string): void;
  onPhaseEnd?(timing: PhaseTiming): void;
  /** Sources failed to load (their previous staging rows kept); the run goes on. */
  onLoadFailure?(message: string): void;
}

/** What a pipeline run produced, for the command to print and map to an exit code. */
export interface PipelineOutcome {
  /** Phase timings and each phase's output by name (what `dq run --json` prints). */
  result: PipelineResult;
  check: CheckRun;
  /** The HTML report. */
  report: ReportOutput;
  /** The alerts sent, when alerting is enabled. */
  alerts?: AlertRunReport;
  /** Set when sources failed to load: which and why. */
  loadFailure?: string;
  /** quality.failOn, the level the run is judged at. */
  failOn: FailOn;
}

/**
 * `dq run` composed: migrate, (generate), load, transform, check, the HTML report, the e-mail
 * when reporting.email.enabled, and alerts when alerting is enabled, timed phase by phase under
 * the pipeline's advisory lock. The lock is verified, not assumed: if its session ends (a
 * failover, an idle-session killer) the run stops before its next write and its next phase, so a
 * run that takes the lock next never overlaps it.
 */
export class PipelineService {
  constructor(
    @inject(tokens.config) private readonly config: DqConfig,
    @inject(tokens.database) private readonly database: Database,
    @inject(tokens.logger) private readonly logger: Logger,
    @inject(MigrationService) private readonly migrations: MigrationService,
    @inject(IngestEngine) private readonly ingest: IngestEngine,
    @inject(TransformEngine) private readonly transform: TransformEngine,
    @inject(QualityEngine) private readonly quality: QualityEngine,
    @inject(ReportService) private readonly reports: ReportService,
    @inject(AlertEngine) private readonly alerting: AlertEngine,
    @injectAll(tokens.generator) private readonly generators: readonly Generator[],
  ) {}

  async run(options: PipelineOptions = {}): Promise<PipelineOutcome> {
    const state: RunState = { check: undefined, loadFailure: undefined };
    const phases = this.phases(options, state);
    const result = await this.database.withAdvisoryLock(
      'dq:run',
      async (lock) => {
        const verified = phases.map((phase) => ({
          name: phase.name,
          run: async () => {
            await lock.verify();
            return phase.run();
          },
        }));
        const done = await new PipelineRunner(this.logger).run(verified, {
          ...(options.onPhaseStart ? { onPhaseStart: options.onPhaseStart } : {}),
          ...(options.onPhaseEnd ? { onPhaseEnd: options.onPhaseEnd } : {}),
        });
        await lock.verify();
        return done;
      },
      { wait: options.wait ?? false, guard: true },
    );
    const alerts = result.outputs.alerts as AlertRunReport | undefined;
    return {
      result,
      check: result.outputs.check as CheckRun,
      report: result.outputs.report as ReportOutput,
      ...(alerts ? { alerts } : {}),
      ...(state.loadFailure ? { loadFailure: state.loadFailure } : {}),
      failOn: this.config.quality.failOn as FailOn,
    };
  }

  private phases(options: PipelineOptions, state: RunState): Phase[] {
    const { asOf } = options;
    return [
      { name: 'migrate', run: () => this.migrations.migrate() },
      ...(options.generate ? [{ name: 'generate', run: () => this.generate(options) }] : []),
      {
        name: 'load',
        run: async (): Promise<LoadRunResult> => {
          const loaded = await this.ingest.load({ wait: options.wait ?? false });
          // A failed source keeps its previous staging rows (loads are atomic): the pipeline goes
          // on, so the checks and monitors report the morning a feed breaks, and the run fails at
          // the end (exit 3).
          if (loaded.failed > 0) {
            const failed = loaded.results.filter((r) => r.status === 'FAILED');
            state.loadFailure = `${failed.length} source(s) failed: ${failed.map((r) => `${r.source} (${r.error})`).join('; ')}`;
            options.onLoadFailure?.(state.loadFailure);
          }
          return loaded;
        },
      },
      { name: 'transform', run: () => this.transform.run() },
      {
        name: 'check',
        run: async () => {
          state.check = await this.quality.run(asOf ? { asOf } : {});
          return state.check;
        },
      },
      { name: 'report', run: () => this.reports.run('html', { options: {} }) },
      // The daily e-mail only when configured: nothing in the default configuration sends mail.
      ...(this.config.reporting.email.enabled
        ? [{ name: 'email', run: () => this.reports.run('email', { options: {} }) }]
        : []),
      // Alerts last, once the report is on disk; a destination that fails is an outcome (see
      // pipelineVerdict), so the summary still prints.
      ...(this.alerting.enabled()
        ? [{ name: 'alerts', run: () => this.alerting.send(state.check?.runId) }]
        : []),
    ];
  }

  /** The generator named by the option or generate.generator, else the first registered. */
  generator(name = this.config.generate.generator): Generator {
    const found = name ? this.generators.find((g) => g.name === name) : this.generators[0];
    if (!found) {
      throw new DqError(
        'DQ_USAGE',
        name
          ? `No generator "${name}" is registered.`
          : 'No generator is registered; run without --generate.',
        { hint: `Registered generators: ${this.generators.map((g) => g.name).join(', ') || 'none'}.` },
      );
    }
    return found;
  }

  private generate(options: PipelineOptions): Promise<GenerateResult> {
    const { generate } = this.config;
    return this.generator(options.generator).generate(
      {
        outDir: generate.out,
        scale: options.scale ?? generate.scale,
        seed: generate.seed,
        date: new Date().toISOString().slice(0, 10).replace(/-/g, ''),
        defects: false,
        volumes: generate,
      },
      { logger: this.logger },
    );
  }
}

interface RunState {
  check: CheckRun | undefined;
  loadFailure: string | undefined;
}

/**
 * How a pipeline run ends, as `dq run` exits (DESIGN.md 6): a rule invalid for the database
 * (exit 2), then failed sources (3), then undelivered alerts (3), then the check's verdict (a rule
 * in ERROR 3, a FAILED rule at or above quality.failOn 1); undefined when the run passed.
 */
export function pipelineVerdict(outcome: PipelineOutcome): DqError | undefined {
  const verdict = checkVerdict(outcome.check, outcome.failOn);
  if (verdict?.code === 'DQ_RULE_INVALID') return verdict;
  if (outcome.loadFailure) {
    return new DqError('DQ_LOAD_FAILED', outcome.loadFailure, {
      hint: 'Their staging tables keep the rows of their previous load; fix the feeds and run again.',
      data: outcome.result,
    });
  }
  const undelivered = outcome.alerts && alertFailure(outcome.alerts, outcome.result);
  return undelivered ?? verdict;
}
