import { bootKernel, type Kernel, type Runtime } from '@dq/core';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { builtinPlugins } from './builtin-plugins.js';
import { mapError } from './error-mapping.js';

export type DqFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof DqCommand)['baseFlags'] & T['flags']
>;
export type DqArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * Base of every dq command: the global --config and --json flags, kernel boot and shutdown, and
 * the mapping of errors to messages and exit codes (via mapError).
 */
export abstract class DqCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({
      char: 'c',
      description: 'config file (default: config/dq.config.yaml in the working directory)',
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: DqFlags<T>;
  protected args!: DqArgs<T>;
  private runtime: Runtime | undefined;

  public override async init(): Promise<void> {
    await super.init();
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof DqCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as DqFlags<T>;
    this.args = args as DqArgs<T>;
  }

  /** Boots the kernel once (config, logger, plugins); the database connects on first use. */
  protected async kernel(): Promise<Kernel> {
    this.runtime ??= await bootKernel({
      file: this.flags.config,
      builtins: builtinPlugins(),
      jsonLogs: this.jsonEnabled(),
    });
    return this.runtime.kernel;
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    const mapped = mapError(err, this.runtime?.redact);
    // oclif's own --help/--version exits pass through untouched.
    if ((err as { code?: string }).code === 'EEXIT') throw err;
    if (this.jsonEnabled()) {
      this.logJson({
        error: { code: mapped.code, message: mapped.message, hint: mapped.hint, details: mapped.details },
      });
      this.exit(mapped.exitCode);
    }
    this.logToStderr(`dq: ${mapped.message}`);
    this.logToStderr(`hint: ${mapped.hint}`);
    this.exit(mapped.exitCode);
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    try {
      await this.runtime?.close();
    } finally {
      this.runtime = undefined;
    }
    return super.finally(err);
  }
}
