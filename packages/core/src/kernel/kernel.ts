import 'reflect-metadata';
import type { MigrationSet } from '@dq/db';
import {
  type Constructor,
  type Database,
  type DqConfig,
  DqError,
  type DqPlugin,
  type Logger,
  multiTokens,
  type PluginContribution,
  tokenName,
  tokens,
} from '@dq/plugin-api';
import { type DependencyContainer, container as rootContainer } from 'tsyringe';
import { resolveClass } from './construct.js';
import { kernelTokens } from './kernel-tokens.js';
import type { ResolvedPlugin } from './plugin-loader.js';
import { displayName, instanceOf, type Provision, registerProvision, settleNames } from './provisions.js';

/** A plugin after registration: what it is and what it provides. */
export interface LoadedPlugin {
  id: string;
  description?: string;
  origin: string;
  version?: string;
  builtin: boolean;
  provisions: Provision[];
  /** What it contributes, by extension point and display name (for `dq plugins`). */
  contributes: PluginContribution[];
  migrations: string[];
}

/** Runs a plugin's register() and records what it provides; nothing is registered yet. */
function collect({ plugin, options, origin, version }: ResolvedPlugin, builtin: boolean): LoadedPlugin {
  // How messages name the plugin: its id, and where it came from when that says more.
  const label = origin === plugin.id ? plugin.id : `${plugin.id} (${origin})`;
  const loaded: LoadedPlugin = {
    id: plugin.id,
    ...(plugin.description ? { description: plugin.description } : {}),
    origin,
    ...(version ? { version } : {}),
    builtin,
    provisions: [],
    contributes: [],
    migrations: [],
  };
  (plugin as DqPlugin).register(
    {
      provide: (token, implementation, opts = {}) => {
        loaded.provisions.push({ token, kind: 'class', implementation, plugin: label, options: opts });
      },
      provideValue: (token, value, opts = {}) => {
        loaded.provisions.push({ token, kind: 'value', value, plugin: label, options: opts });
      },
      migrations: (dir) => {
        loaded.migrations.push(dir);
      },
    },
    options,
  );
  return loaded;
}

/** The single services every kernel has. */
export interface KernelServices {
  config: DqConfig;
  logger: Logger;
  database: Database;
}

/**
 * The DI container with the core services and every plugin's provisions registered. Engines
 * resolve implementations through it; nothing here knows any plugin by name.
 */
export class Kernel {
  readonly container: DependencyContainer;
  readonly plugins: readonly LoadedPlugin[];

  constructor(
    services: KernelServices,
    builtins: readonly ResolvedPlugin[],
    configured: readonly ResolvedPlugin[],
  ) {
    this.container = rootContainer.createChildContainer();
    this.container.registerInstance(tokens.config, services.config);
    this.container.registerInstance(tokens.logger, services.logger);
    this.container.registerInstance(tokens.database, services.database);
    const seen = new Map<string, string>();
    const problems: string[] = [];
    const plugins: LoadedPlugin[] = [];
    for (const [resolved, builtin] of [
      ...builtins.map((b) => [b, true] as const),
      ...configured.map((c) => [c, false] as const),
    ]) {
      const previous = seen.get(resolved.plugin.id);
      if (previous) {
        problems.push(
          `plugin id "${resolved.plugin.id}" is provided by both ${previous} and ${resolved.origin}`,
        );
        continue;
      }
      seen.set(resolved.plugin.id, resolved.origin);
      try {
        plugins.push(collect(resolved, builtin));
      } catch (err) {
        problems.push(`${resolved.origin}: register() threw: ${(err as Error).message}`);
      }
    }
    if (problems.length > 0) {
      throw new DqError(
        'DQ_PLUGIN_LOAD_FAILED',
        `Plugins could not be registered:\n  - ${problems.join('\n  - ')}`,
        { details: problems },
      );
    }
    const all = plugins.flatMap((p) => p.provisions);
    // Names come from instances: build each once in a scratch container that has everything.
    const scratch = this.container.createChildContainer();
    for (const p of all) registerProvision(scratch, p);
    const names = new Map(all.map((p) => [p, displayName(instanceOf(scratch, p), p)]));
    const { kept, conflicts } = settleNames(all, (p) => names.get(p)!);
    if (conflicts.length > 0) {
      throw new DqError(
        'DQ_PLUGIN_CONFLICT',
        `Plugins provide the same name twice:\n  - ${conflicts.join('\n  - ')}`,
        { details: conflicts },
      );
    }
    for (const p of kept) registerProvision(this.container, p);
    this.plugins = plugins.map((p) => {
      const provisions = p.provisions.filter((x) => kept.includes(x));
      const contributes = provisions.map((x) => ({
        token: tokenName(x.token) ?? String(x.token.description),
        name: names.get(x)!,
      }));
      return { ...p, provisions, contributes };
    });
    this.container.registerInstance(kernelTokens.plugins, this.plugins);
    this.container.registerInstance(kernelTokens.pluginMigrations, this.pluginMigrations());
  }

  get config(): DqConfig {
    return this.container.resolve<DqConfig>(tokens.config);
  }

  get logger(): Logger {
    return this.container.resolve<Logger>(tokens.logger);
  }

  get database(): Database {
    return this.container.resolve<Database>(tokens.database);
  }

  /** Every implementation registered for a list token (empty when none). */
  resolveAll<T>(token: symbol): T[] {
    return this.container.isRegistered(token, true) ? this.container.resolveAll<T>(token) : [];
  }

  /**
   * Builds an engine or service through the container: each constructor parameter gets what its
   * `@inject` / `@injectAll` declares, and nothing else (no engine is handed the kernel).
   */
  build<T>(cls: Constructor<T>): T {
    return resolveClass(this.container, cls);
  }

  /** Migration folders contributed by plugins, in plugin order. */
  pluginMigrations(): MigrationSet[] {
    return this.plugins.flatMap((p) => p.migrations.map((dir) => ({ source: p.id, dir })));
  }

  /** Every registered token name, single and list (used by the kernel self-test). */
  registeredTokens(): string[] {
    return (Object.keys(tokens) as (keyof typeof tokens)[]).filter((name) =>
      this.container.isRegistered(tokens[name], true),
    );
  }

  /** True when `name` is a list token. */
  static isListToken(name: string): boolean {
    return (multiTokens as readonly string[]).includes(name);
  }
}
