import { Args, Flags } from '@oclif/core';
import { DqCommand } from '../../dq-command.js';
import { PLUGIN_KINDS, type PluginKind, type ScaffoldResult, scaffoldPlugin } from '../../plugin-scaffold.js';

export default class PluginsNew extends DqCommand<typeof PluginsNew> {
  static override summary =
    'Write a new plugin package: a sample implementation, its contract test, a README.';
  static override description =
    'Creates DIR/NAME with src/index.ts (definePlugin), a sample check kind, source kind, rule category or reporter, its contract test from @dq/testing, a README and a package.json on @dq/plugin-api and @dq/testing. `npm install && npm test` passes in it as generated. With --sdk it depends on the tarballs `npm run pack:sdk -- DIR` wrote; otherwise on the published versions.';
  static override examples = [
    '<%= config.bin %> plugins new team-checks --kind check',
    '<%= config.bin %> plugins new settings-files --kind source --dir ../plugins --sdk ../dq-sdk',
  ];
  static override args = {
    name: Args.string({ description: 'package name and plugin id, kebab-case', required: true }),
  };
  static override flags = {
    kind: Flags.string({
      description: 'what the plugin provides',
      options: [...PLUGIN_KINDS],
      required: true,
    }),
    dir: Flags.string({ description: 'folder to create the package in (default: the working directory)' }),
    sdk: Flags.string({ description: 'folder of SDK tarballs from `npm run pack:sdk -- DIR`' }),
  };

  async run(): Promise<ScaffoldResult> {
    const result = scaffoldPlugin({
      name: this.args.name,
      kind: this.flags.kind as PluginKind,
      dir: this.flags.dir ?? process.cwd(),
      ...(this.flags.sdk ? { sdk: this.flags.sdk } : {}),
    });
    this.log(`Wrote ${result.dir}:`);
    for (const file of result.files) this.log(`  ${file}`);
    this.log(`Next: cd ${result.dir} && npm install && npm test && npm run build`);
    return result;
  }
}
