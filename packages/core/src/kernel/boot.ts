import { openDatabase, scrub } from '@dq/db';
import { type Database, DqError, type Logger, type Source, tokens } from '@dq/plugin-api';
import { type LoadConfigOptions, loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { Kernel } from './kernel.js';
import { loadPluginEntries, type ResolvedPlugin } from './plugin-loader.js';
import { checkPluginOptions, checkSourceOptions } from './plugin-options.js';

function optionsError(problems: string[]): DqError {
  const n = problems.length;
  return new DqError(
    'DQ_CONFIG_INVALID',
    `Invalid plugin or source options (${n} problem${n === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    {
      details: problems,
      hint: 'Fix the listed keys; each plugin documents its options (its optionsSchema).',
    },
  );
}

/** Options of {@link bootKernel}. */
export interface BootOptions extends LoadConfigOptions {
  /** Plugins that ship with dq, already imported (the CLI passes its list). */
  builtins: readonly ResolvedPlugin[];
  /** JSON log lines on stderr even on a TTY (the CLI's --json). */
  jsonLogs?: boolean;
  /** Use this database instead of the configured one (tests). */
  database?: Database;
  /** Use this logger instead of building one (tests). */
  logger?: Logger;
}

/** A running kernel and how to shut it down. */
export interface Runtime {
  kernel: Kernel;
  /** Scrubs secret values (passwords) from a message before it is shown. */
  redact(text: string): string;
  close(): Promise<void>;
}

/**
 * Boots dq: config, logger, database (lazy: nothing connects yet), configured plugins, and the
 * DI container. Config and plugin problems throw DqError with exit code 2 before any I/O.
 */
export async function bootKernel(options: BootOptions): Promise<Runtime> {
  const { config, secrets, locate } = loadConfig(options);
  const plugins = await loadPluginEntries(config.plugins, options.cwd ?? process.cwd());
  const pluginOptions = checkPluginOptions(plugins, locate);
  if (pluginOptions.problems.length > 0) throw optionsError(pluginOptions.problems);
  // One list, shared with the logger: the source kinds' secrets are added once plugins are built.
  secrets.push(...pluginOptions.secrets);
  const log = options.logger
    ? { logger: options.logger, close: async () => {} }
    : await createLogger({
        level: config.logging.level,
        dir: config.logging.dir,
        json: options.jsonLogs ?? false,
        secrets,
      });
  const database =
    options.database ??
    openDatabase({
      url: config.database.url,
      embeddedDir: config.database.embedded.dir,
      poolSize: config.database.poolSize,
    });
  let kernel: Kernel;
  try {
    kernel = new Kernel({ config, logger: log.logger, database }, options.builtins, plugins);
    const sourceOptions = checkSourceOptions(
      config.sources,
      kernel.resolveAll<Source>(tokens.source),
      locate,
    );
    if (sourceOptions.problems.length > 0) throw optionsError(sourceOptions.problems);
    secrets.push(...sourceOptions.secrets);
  } catch (err) {
    await log.close();
    throw err;
  }
  return {
    kernel,
    redact: (text) => scrub(text, secrets),
    async close() {
      try {
        if (!options.database) await database.close();
      } finally {
        await log.close();
      }
    },
  };
}
