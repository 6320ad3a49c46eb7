import { isDqError } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { PipelineRunner } from './pipeline-runner.js';

describe('PipelineRunner', async () => {
  const { logger } = await createLogger({ level: 'silent' });

  it('runs phases in order and times each', async () => {
    const order: string[] = [];
    const result = await new PipelineRunner(logger).run([
      { name: 'load', run: async () => order.push('load') },
      { name: 'transform', run: async () => order.push('transform') },
    ]);
    expect(order).toEqual(['load', 'transform']);
    expect(result.timings.map((t) => [t.name, t.status])).toEqual([
      ['load', 'ok'],
      ['transform', 'ok'],
    ]);
    expect(result.timings.every((t) => t.ms >= 0)).toBe(true);
  });

  it('stops at the first failure, marks the rest skipped and carries the timings', async () => {
    let ranAfter = false;
    const err = await new PipelineRunner(logger)
      .run([
        { name: 'load', run: async () => 1 },
        {
          name: 'transform',
          run: async () => {
            throw new Error('dim_customer: duplicate key');
          },
        },
        { name: 'check', run: async () => (ranAfter = true) },
      ])
      .catch((e: unknown) => e);
    expect(ranAfter).toBe(false);
    expect(isDqError(err)).toBe(true);
    if (!isDqError(err)) return;
    expect(err.message).toBe('Phase transform failed: dim_customer: duplicate key');
    expect(err.exitCode).toBe(3);
    expect(
      (err.details as { timings: { name: string; status: string }[] }).timings.map((t) => t.status),
    ).toEqual(['ok', 'failed', 'skipped']);
  });
});
