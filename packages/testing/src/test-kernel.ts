import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootKernel, createLogger, type ResolvedPlugin, type Runtime } from '@dq/core';
import type { Database, Logger, PluginEntry } from '@dq/plugin-api';

/** Options of {@link createTestKernel}. */
export interface TestKernelOptions {
  /** The database to use (from createTestDatabase). */
  database: Database;
  /** Built-in plugins (e.g. builtinPlugins() of @dq/builtins). */
  builtins?: readonly ResolvedPlugin[];
  /** Plugins to load as config entries (names or paths). */
  plugins?: PluginEntry[];
  /** Extra config values by dotted path, e.g. `{ 'quality.failOn': 'warning' }`. */
  overrides?: Record<string, unknown>;
  /** Working directory for relative paths; a fresh temporary directory by default. */
  cwd?: string;
  /** A logger to see what dq logs (silent by default). */
  logger?: Logger;
}

/**
 * A kernel for tests: defaults-only config (no config file, no environment), a silent logger, the
 * given database and plugins. Close it with `runtime.close()` (the database is not closed).
 */
export async function createTestKernel(options: TestKernelOptions): Promise<Runtime> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'dq-kernel-'));
  const logger = options.logger ?? (await createLogger({ level: 'silent' })).logger;
  return bootKernel({
    cwd,
    env: {},
    overrides: { ...(options.plugins ? { plugins: options.plugins } : {}), ...options.overrides },
    builtins: options.builtins ?? [],
    database: options.database,
    logger,
  });
}
