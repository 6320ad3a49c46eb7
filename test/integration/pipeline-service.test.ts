import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { type PipelineOutcome, PipelineService, pipelineVerdict } from '@dq/core';
import { type DqError, isDqError } from '@dq/plugin-api';
import { createTestKernel, describeEachDatabase } from '@dq/testing';
import { beforeAll, expect, it } from 'vitest';

// The run pipeline as core composes it (what `dq run` calls), on PGlite and PostgreSQL.
describeEachDatabase('PipelineService', ({ db }) => {
  const cwd = mkdtempSync(join(tmpdir(), 'dq-pipeline-'));
  const overrides = {
    'generate.scale': 0.01,
    'reporting.html.outDir': join(cwd, 'reports'),
    // The retail rules of the repository.
    'quality.rules': join(import.meta.dirname, '../../rules'),
  };
  const run = async (options: Parameters<PipelineService['run']>[0]) => {
    const runtime = await createTestKernel({ database: db(), builtins: builtinPlugins(), cwd, overrides });
    try {
      return await runtime.kernel.build(PipelineService).run(options);
    } finally {
      await runtime.close();
    }
  };
  let outcome: PipelineOutcome;
  const started: string[] = [];

  beforeAll(async () => {
    outcome = await run({ generate: true, onPhaseStart: (name) => started.push(name) });
  });

  it('generates at generate.scale, then runs and times every phase in order', () => {
    const phases = ['migrate', 'generate', 'load', 'transform', 'check', 'report'];
    expect(started).toEqual(phases);
    expect(outcome.result.timings.map((t) => [t.name, t.status])).toEqual(phases.map((p) => [p, 'ok']));
    for (const t of outcome.result.timings) expect(t.ms).toBeGreaterThanOrEqual(0);
    expect(outcome.result.totalMs).toBeGreaterThan(0);
    const feeds = readdirSync(join(cwd, 'data/raw')).filter((f) => f.endsWith('.csv'));
    expect(feeds.length).toBeGreaterThanOrEqual(6);
  });

  it('hands back the check run, the HTML report and how the run ends', () => {
    expect(outcome.check.results.length).toBeGreaterThan(25);
    expect(outcome.report.files).toHaveLength(1);
    expect(existsSync(outcome.report.files[0]!)).toBe(true);
    expect(outcome.loadFailure).toBeUndefined();
    expect(outcome.alerts).toBeUndefined();
    const verdict = pipelineVerdict(outcome);
    // Generated data without defects passes at quality.failOn critical (exit 0), else a check verdict.
    if (verdict) expect(['DQ_CHECK_FAILED', 'DQ_RULE_ERROR']).toContain(verdict.code);
  });

  it('a generator nobody registered stops the run at its phase with exit 2, later phases skipped', async () => {
    const err = (await run({ generate: true, generator: 'nope' }).catch((e: unknown) => e)) as DqError;
    expect(isDqError(err), String(err)).toBe(true);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('No generator "nope" is registered');
    expect(err.hint).toContain('retail');
    const timings = (err.details as { timings: { name: string; status: string }[] }).timings;
    expect(timings.map((t) => t.status)).toEqual([
      'ok',
      'failed',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });
});
