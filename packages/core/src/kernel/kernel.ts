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
import type { ResolvedPlugin } from './plugin-loader.js';

type Provision =
  | { token: symbol; kind: 'class'; implementation: Constructor<unknown> }
  | { token: symbol; kind: 'value'; value: unknown };

/** A plugin after registration: what it is and what it provides. */
export interface LoadedPlugin {
  id: string;
  description?: string;
  origin: string;
  version?: string;
  builtin: boolean;
  provisions: Provision[];
  migrations: string[];
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
        plugins.push(this.register(resolved, builtin));
      } catch (err) {
        problems.push(`${resolved.origin}: register() threw: ${(err as Error).message}`);
      }
    }
    if (problems.length > 0) {
      throw new DqError(
        'DQ_PLUGIN_LOAD_FAILED',
        `Plugins could not be registered:\n  - ${problems.join('\n  - ')}`,
        {
          details: problems,
        },
      );
    }
    this.plugins = plugins;
  }

  private register({ plugin, options, origin, version }: ResolvedPlugin, builtin: boolean): LoadedPlugin {
    const loaded: LoadedPlugin = {
      id: plugin.id,
      ...(plugin.description ? { description: plugin.description } : {}),
      origin,
      ...(version ? { version } : {}),
      builtin,
      provisions: [],
      migrations: [],
    };
    (plugin as DqPlugin).register(
      {
        provide: (token, implementation) => {
          this.container.register(token, { useClass: implementation });
          loaded.provisions.push({ token, kind: 'class', implementation });
        },
        provideValue: (token, value) => {
          this.container.register(token, { useValue: value });
          loaded.provisions.push({ token, kind: 'value', value });
        },
        migrations: (dir) => {
          loaded.migrations.push(dir);
        },
      },
      options,
    );
    return loaded;
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

  /** Builds a class with its dependencies injected from this kernel (engines, services). */
  build<T>(cls: Constructor<T>): T {
    return this.container.resolve(cls);
  }

  /** Migration folders contributed by plugins, in plugin order. */
  pluginMigrations(): MigrationSet[] {
    return this.plugins.flatMap((p) => p.migrations.map((dir) => ({ source: p.id, dir })));
  }

  /** What each plugin contributes, by extension point and display name (for `dq plugins`). */
  contributions(plugin: LoadedPlugin): PluginContribution[] {
    return plugin.provisions.map((p) => {
      const instance = p.kind === 'value' ? p.value : this.container.resolve(p.implementation);
      return { token: tokenName(p.token) ?? String(p.token.description), name: displayName(instance, p) };
    });
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

function displayName(instance: unknown, provision: Provision): string {
  const obj = instance as Record<string, unknown> | undefined;
  for (const key of ['name', 'kind', 'type', 'id']) {
    const value = obj?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return provision.kind === 'class' ? provision.implementation.name : 'value';
}
