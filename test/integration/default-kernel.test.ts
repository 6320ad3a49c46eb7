import { builtinPlugins } from '@dq/builtins';
import {
  AlertEngine,
  Doctor,
  IngestEngine,
  Kernel,
  MigrationService,
  MonitorBacktester,
  MonitorService,
  PluginInventory,
  Profiler,
  QualityEngine,
  ReportService,
  TransformEngine,
} from '@dq/core';
import { multiTokens, tokens } from '@dq/plugin-api';
import { createTestDatabase, createTestKernel } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the default kernel', () => {
  let close: () => Promise<void> = async () => {};
  let kernel: Kernel;

  beforeAll(async () => {
    const test = await createTestDatabase('pglite');
    const runtime = await createTestKernel({ database: test.db, builtins: builtinPlugins() });
    kernel = runtime.kernel;
    close = async () => {
      await runtime.close();
      await test.drop();
    };
  });
  afterAll(() => close());

  it('resolves every registered token, single services and lists', () => {
    const registered = kernel.registeredTokens();
    expect(registered).toEqual(expect.arrayContaining(['config', 'logger', 'database', 'ruleCategory']));
    for (const name of registered) {
      const token = tokens[name as keyof typeof tokens];
      if (Kernel.isListToken(name)) {
        const all = kernel.resolveAll(token);
        expect(all.length, name).toBeGreaterThan(0);
        for (const impl of all) expect(impl, name).toBeTruthy();
      } else {
        expect(kernel.container.resolve(token), name).toBeTruthy();
      }
    }
    for (const name of multiTokens) expect(Array.isArray(kernel.resolveAll(tokens[name]))).toBe(true);
  });

  it('builds every engine and service through the container from their declared tokens', () => {
    const engines = [
      IngestEngine,
      TransformEngine,
      QualityEngine,
      ReportService,
      AlertEngine,
      MigrationService,
      Doctor,
      Profiler,
      PluginInventory,
      MonitorBacktester,
      MonitorService,
    ];
    for (const engine of engines) expect(kernel.build(engine as never), engine.name).toBeInstanceOf(engine);
    expect(
      kernel
        .build(ReportService)
        .reporters()
        .map((r) => r.name),
    ).toEqual(expect.arrayContaining(['html', 'email', 'docs', 'junit', 'json']));
  });

  it('provides the seven quality dimensions', () => {
    const names = kernel.resolveAll<{ name: string }>(tokens.ruleCategory).map((c) => c.name);
    expect(names).toEqual([
      'completeness',
      'accuracy',
      'consistency',
      'validity',
      'uniqueness',
      'timeliness',
      'integrity',
    ]);
  });
});
