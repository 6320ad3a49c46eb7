import { builtinPlugins } from '@dq/builtins';
import { bootKernel, type Kernel, type Runtime } from '@dq/core';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { mapError } from './error-mapping.js';
import { environmentRedactor, redactDeep } from './redaction.js';

/**
 * What every command prints with --json, success or failure: the command's result (`data`, null
 * when it failed before producing one), the error (null on success) and the exit code.
 */
export interface JsonEnvelope {
  data: unknown;
  error: { code: string; message: string; hint: string; details?: unknown } | null;
  exitCode: number;
}

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
  /**
   * Scrubs secrets from everything printed. Before the kernel boots (a config error) it knows the
   * secrets of the environment; after, those of the config too. It outlives the runtime: the
   * --json result is printed after the kernel has shut down.
   */
  private redact: (text: string) => string = environmentRedactor(process.env);

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
    if (!this.runtime) {
      this.runtime = await bootKernel({
        file: this.flags.config,
        builtins: builtinPlugins(),
        jsonLogs: this.jsonEnabled(),
      });
      const fromEnvironment = this.redact;
      const fromConfig = this.runtime.redact;
      this.redact = (text) => fromConfig(fromEnvironment(text));
    }
    return this.runtime.kernel;
  }

  protected override toSuccessJson(result: unknown): JsonEnvelope {
    return { data: result ?? null, error: null, exitCode: 0 };
  }

  override logJson(json: unknown): void {
    super.logJson(redactDeep(json, this.redact));
  }

  override log(message = '', ...args: unknown[]): void {
    super.log(this.redact(message), ...args);
  }

  override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(this.redact(message), ...args);
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    // oclif's own --help/--version exits pass through untouched.
    if ((err as { code?: string }).code === 'EEXIT') throw err;
    const mapped = mapError(err, this.redact);
    if (this.jsonEnabled()) {
      const { code, message, hint, details } = mapped;
      const envelope: JsonEnvelope = {
        data: mapped.data ?? null,
        error: { code, message, hint, ...(details === undefined ? {} : { details }) },
        exitCode: mapped.exitCode,
      };
      this.logJson(envelope);
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
