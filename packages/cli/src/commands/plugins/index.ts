import { PluginInventory, type PluginSummary } from '@dq/core';
import { DqCommand } from '../../dq-command.js';

export default class Plugins extends DqCommand<typeof Plugins> {
  static override summary = 'List the loaded plugins and what each contributes.';
  static override examples = ['<%= config.bin %> plugins', '<%= config.bin %> plugins --json'];

  async run(): Promise<{ plugins: PluginSummary[] }> {
    const plugins = (await this.kernel()).build(PluginInventory).list();
    for (const p of plugins) {
      this.log(`${p.id}${p.version ? `@${p.version}` : ''}  (${p.builtin ? 'built-in' : p.origin})`);
      if (p.description) this.log(`  ${p.description}`);
      const byToken = new Map<string, string[]>();
      for (const c of p.contributes) byToken.set(c.token, [...(byToken.get(c.token) ?? []), c.name]);
      for (const [token, names] of byToken) this.log(`  ${token}: ${names.join(', ')}`);
      if (p.migrations.length > 0) this.log(`  migrations: ${p.migrations.length} folder(s)`);
    }
    return { plugins };
  }
}
