import { DqError, isDqError, type Logger } from '@dq/plugin-api';

/** One phase of a pipeline run. */
export interface Phase<T = unknown> {
  name: string;
  run(): Promise<T>;
}

/** How long a phase took and how it ended. */
export interface PhaseTiming {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

/** The outcome of a pipeline run. */
export interface PipelineResult {
  timings: PhaseTiming[];
  totalMs: number;
  /** Each phase's return value by name. */
  outputs: Record<string, unknown>;
}

/**
 * Runs phases in order, timing each. The first failure stops the run; the phases after it are
 * recorded as skipped, and the error (a DqError carrying the timings) is thrown.
 */
export class PipelineRunner {
  constructor(private readonly logger: Logger) {}

  async run(
    phases: readonly Phase[],
    hooks: { onPhaseStart?(name: string): void; onPhaseEnd?(timing: PhaseTiming): void } = {},
  ): Promise<PipelineResult> {
    const started = performance.now();
    const timings: PhaseTiming[] = [];
    const outputs: Record<string, unknown> = {};
    for (const [i, phase] of phases.entries()) {
      hooks.onPhaseStart?.(phase.name);
      const t0 = performance.now();
      try {
        outputs[phase.name] = await phase.run();
        const timing: PhaseTiming = {
          name: phase.name,
          status: 'ok',
          ms: Math.round(performance.now() - t0),
        };
        timings.push(timing);
        this.logger.info({ phase: phase.name, ms: timing.ms }, 'phase done');
        hooks.onPhaseEnd?.(timing);
      } catch (err) {
        const timing: PhaseTiming = {
          name: phase.name,
          status: 'failed',
          ms: Math.round(performance.now() - t0),
          error: (err as Error).message,
        };
        timings.push(timing);
        hooks.onPhaseEnd?.(timing);
        for (const rest of phases.slice(i + 1)) timings.push({ name: rest.name, status: 'skipped', ms: 0 });
        const details = { timings };
        if (isDqError(err)) {
          throw new DqError(err.code, `Phase ${phase.name} failed: ${err.message}`, {
            cause: err,
            hint: err.hint,
            exitCode: err.exitCode,
            details,
          });
        }
        throw new DqError('DQ_INTERNAL', `Phase ${phase.name} failed: ${(err as Error).message}`, {
          cause: err,
          details,
        });
      }
    }
    return { timings, totalMs: Math.round(performance.now() - started), outputs };
  }
}
