import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DqError, PLUGIN_API_PACKAGE_VERSION } from '@dq/plugin-api';
import { describe, expect, it } from 'vitest';
import { loadPluginEntries } from './plugin-loader.js';

/** A plugin package on disk, as a team's repository would hold it (no imports needed). */
function pluginPackage(id: string, apiVersion: number, peerRange?: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'dq-plugin-')), id);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: id,
      version: '0.3.0',
      type: 'module',
      main: 'index.js',
      dq: { plugin: true },
      ...(peerRange ? { peerDependencies: { '@dq/plugin-api': peerRange } } : {}),
    }),
  );
  writeFileSync(
    join(dir, 'index.js'),
    `export default { id: ${JSON.stringify(id)}, apiVersion: ${apiVersion}, register() {}, [Symbol.for('dq.plugin')]: true };\n`,
  );
  return dir;
}

async function loadError(dir: string): Promise<DqError> {
  const err = await loadPluginEntries([dir], tmpdir()).then(
    () => undefined,
    (e: DqError) => e,
  );
  if (!err) throw new Error('expected the plugin to be refused');
  return err;
}

describe('plugin API version at load', () => {
  it('loads a plugin whose peer range admits the running API', async () => {
    const [loaded] = await loadPluginEntries([pluginPackage('team-ok', 1, '^1.0.0')], tmpdir());
    expect(loaded?.plugin.id).toBe('team-ok');
    expect(loaded?.version).toBe('0.3.0');
  });

  it('refuses a peer range the running API is outside of: exit 2 naming the plugin, its range and the API', async () => {
    const err = await loadError(pluginPackage('team-future', 1, '^2.0.0'));
    expect(err.code).toBe('DQ_PLUGIN_API_MISMATCH');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(
      `plugin "team-future" requires @dq/plugin-api ^2.0.0, but this dq runs @dq/plugin-api ${PLUGIN_API_PACKAGE_VERSION} (plugin API 1)`,
    );
  });

  it('refuses a plugin written for another apiVersion', async () => {
    const err = await loadError(pluginPackage('team-old', 0));
    expect(err.code).toBe('DQ_PLUGIN_API_MISMATCH');
    expect(err.message).toContain('plugin "team-old" was written for plugin API 0');
  });

  it('keeps the package version constant in step with package.json', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(
      readFileSync(new URL('../../../plugin-api/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(PLUGIN_API_PACKAGE_VERSION).toBe(pkg.version);
  });
});
