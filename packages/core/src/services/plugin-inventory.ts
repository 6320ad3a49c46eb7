import type { PluginContribution } from '@dq/plugin-api';
import type { Kernel } from '../kernel/kernel.js';

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
  constructor(private readonly kernel: Kernel) {}

  list(): PluginSummary[] {
    return this.kernel.plugins.map((p) => ({
      id: p.id,
      ...(p.description ? { description: p.description } : {}),
      origin: p.origin,
      ...(p.version ? { version: p.version } : {}),
      builtin: p.builtin,
      contributes: this.kernel.contributions(p),
      migrations: p.migrations,
    }));
  }
}
