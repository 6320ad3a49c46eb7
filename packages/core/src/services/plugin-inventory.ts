import { inject, type PluginContribution } from '@dq/plugin-api';
import type { LoadedPlugin } from '../kernel/kernel.js';
import { kernelTokens } from '../kernel/kernel-tokens.js';

/** One loaded plugin as `dq plugins` shows it. */
export interface PluginSummary {
  id: string;
  description?: string;
  origin: string;
  version?: string;
  builtin: boolean;
  contributes: PluginContribution[];
  migrations: string[];
}

/** Lists the loaded plugins and what each contributes (`dq plugins`). */
export class PluginInventory {
  constructor(@inject(kernelTokens.plugins) private readonly plugins: readonly LoadedPlugin[]) {}

  list(): PluginSummary[] {
    return this.plugins.map((p) => ({
      id: p.id,
      ...(p.description ? { description: p.description } : {}),
      origin: p.origin,
      ...(p.version ? { version: p.version } : {}),
      builtin: p.builtin,
      contributes: p.contributes,
      migrations: p.migrations,
    }));
  }
}
