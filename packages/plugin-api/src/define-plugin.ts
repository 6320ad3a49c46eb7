import type { TokenName } from './tokens.js';

/** A class the kernel can build, its parameters injected with `@inject(token)`. */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameters are supplied by the DI container
export type Constructor<T> = new (...args: any[]) => T;

/** The current plugin API version. Plugins declare the version they were written against. */
export const PLUGIN_API_VERSION = 1;

/**
 * The version of this @dq/plugin-api package (its package.json `version`). A plugin package's
 * peer range for @dq/plugin-api (`"^1.0.0"`) is checked against it when the plugin loads.
 */
export const PLUGIN_API_PACKAGE_VERSION = '1.0.0';

/** The brand that marks an object made by {@link definePlugin}. */
export const PLUGIN_BRAND: unique symbol = Symbol.for('dq.plugin') as never;

/** Options of one provision. */
export interface ProvideOptions {
  /**
   * This implementation replaces one another plugin (a built-in) provides under the same name
   * (`not_null`, `csv`, ...). Without it, two plugins providing one name stop dq with
   * DQ_PLUGIN_CONFLICT (exit 2): a name never silently changes meaning.
   */
  replace?: boolean;
}

/** What a plugin may declare while registering. The kernel builds the classes later. */
export interface PluginRegistrar {
  /** Provides a class for a token; the kernel constructs it with its dependencies injected. */
  provide<T>(token: symbol, implementation: Constructor<T>, options?: ProvideOptions): void;
  /** Provides a ready value for a token (plain objects such as categories or dimension specs). */
  provideValue<T>(token: symbol, value: T, options?: ProvideOptions): void;
  /**
   * Adds a folder of drizzle-kit migrations (with meta/_journal.json) that `dq db migrate`
   * applies after the core ones, tracked under this plugin's id.
   */
  migrations(dir: string): void;
}

/** A plugin: a plain object; importing it has no side effects. */
export interface DqPlugin<Options = Record<string, unknown>> {
  /** kebab-case id, unique across loaded plugins. */
  readonly id: string;
  /** The plugin API version it was written against ({@link PLUGIN_API_VERSION}). */
  readonly apiVersion: number;
  /** One sentence for `dq plugins`. */
  readonly description?: string;
  /**
   * JSON Schema (2020-12) of the options in the plugin's config entry `[name, options]`. The
   * kernel validates them at start-up (problems reported with file, line and key, exit 2) and
   * fills the schema's defaults before `register` sees them. A property with `secret: true` is
   * a secret: its value is scrubbed from every log, message, --json output and report. Without a
   * schema the options are not checked and secrets are guessed from key names.
   */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /** Declares what the plugin provides. `options` come from the config entry `[name, options]`. */
  register(registrar: PluginRegistrar, options: Options): void;
  readonly [PLUGIN_BRAND]: true;
}

/** The fields a plugin author writes. */
export type PluginDefinition<Options> = Omit<DqPlugin<Options>, typeof PLUGIN_BRAND>;

/**
 * Defines a plugin. The package's entry default-exports the result:
 * `export default definePlugin({ id: 'source-csv', apiVersion: 1, register(reg) { ... } })`.
 */
export function definePlugin<Options = Record<string, unknown>>(
  definition: PluginDefinition<Options>,
): DqPlugin<Options> {
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const });
}

/** True when `value` was made by {@link definePlugin} (by any copy of this package). */
export function isDqPlugin(value: unknown): value is DqPlugin {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true
  );
}

/** A contribution recorded for `dq plugins`. */
export interface PluginContribution {
  token: TokenName | string;
  /** The implementation's display name (its kind/type/name, or the class name). */
  name: string;
}
