import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DqError,
  type DqPlugin,
  isDqError,
  isDqPlugin,
  PLUGIN_API_PACKAGE_VERSION,
  PLUGIN_API_VERSION,
  type PluginEntry,
} from '@dq/plugin-api';
import semver from 'semver';

/** A plugin module that was imported and checked, with the options from its config entry. */
export interface ResolvedPlugin {
  plugin: DqPlugin;
  options: Record<string, unknown>;
  /** How it was found: `builtin:<package>`, a package name, or an absolute path. */
  origin: string;
  /** The package version, when known. */
  version?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  peerDependencies?: Record<string, string>;
  dq?: { plugin?: boolean };
}

const isPathSpec = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || spec.includes('\\');

/**
 * Imports the plugins listed in config (package names or paths, optionally with options). Every
 * entry is tried; all failures are reported together in one DQ_PLUGIN_LOAD_FAILED error that
 * names each entry and the fix.
 */
export async function loadPluginEntries(
  entries: readonly PluginEntry[],
  cwd: string,
): Promise<ResolvedPlugin[]> {
  const loaded: ResolvedPlugin[] = [];
  const problems: string[] = [];
  let mismatches = 0;
  for (const entry of entries) {
    const [spec, options] = typeof entry === 'string' ? [entry, {}] : entry;
    try {
      loaded.push({ ...(await importPlugin(spec, cwd)), options });
    } catch (err) {
      if (isDqError(err) && err.code === 'DQ_PLUGIN_API_MISMATCH') mismatches++;
      problems.push(`${spec}: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new DqError(
      // When the only trouble is plugins written for another API, say so by the code.
      mismatches === problems.length ? 'DQ_PLUGIN_API_MISMATCH' : 'DQ_PLUGIN_LOAD_FAILED',
      `${problems.length} plugin${problems.length === 1 ? '' : 's'} failed to load:\n  - ${problems.join('\n  - ')}`,
      { details: problems },
    );
  }
  return loaded;
}

async function importPlugin(spec: string, cwd: string): Promise<Omit<ResolvedPlugin, 'options'>> {
  const location = isPathSpec(spec) ? resolve(cwd, spec) : findPackage(spec, cwd);
  if (!existsSync(location)) {
    throw new Error(
      isPathSpec(spec)
        ? `path ${location} does not exist. Fix the path (relative paths resolve against ${cwd}).`
        : `package not found from ${cwd}. Install it in this project, or list it by path.`,
    );
  }
  let entryFile = location;
  let pkg: PackageJson | undefined;
  if (statSync(location).isDirectory()) {
    const pkgFile = join(location, 'package.json');
    if (!existsSync(pkgFile)) throw new Error(`${location} has no package.json; a plugin is a package.`);
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
    if (pkg.dq?.plugin !== true) {
      throw new Error(
        `${pkgFile} does not declare "dq": { "plugin": true }; add it to mark the package as a dq plugin.`,
      );
    }
    entryFile = join(location, packageEntry(pkg));
    if (!existsSync(entryFile))
      throw new Error(`its entry ${entryFile} does not exist; build the package first.`);
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(entryFile).href)) as { default?: unknown };
  } catch (err) {
    throw new Error(`importing ${entryFile} failed: ${(err as Error).message}`);
  }
  if (!isDqPlugin(mod.default)) {
    throw new Error(
      `${entryFile} does not default-export a plugin. Fix: \`export default definePlugin({ id, apiVersion: 1, register(reg) { ... } })\` from @dq/plugin-api.`,
    );
  }
  checkApiVersion(mod.default, pkg);
  return {
    plugin: mod.default,
    origin: isPathSpec(spec) ? location : spec,
    ...(pkg?.version ? { version: pkg.version } : {}),
  };
}

/**
 * A plugin runs only against the API it was written for: its `apiVersion`, and the peer range
 * its package declares for @dq/plugin-api (`"^1.0.0"`), must both admit the running API.
 */
function checkApiVersion(plugin: DqPlugin, pkg: PackageJson | undefined): void {
  const mismatch = (what: string) =>
    new DqError(
      'DQ_PLUGIN_API_MISMATCH',
      `plugin "${plugin.id}" ${what}, but this dq runs @dq/plugin-api ${PLUGIN_API_PACKAGE_VERSION} (plugin API ${PLUGIN_API_VERSION}). Install a version of the plugin made for it, or a dq it supports.`,
    );
  if (plugin.apiVersion !== PLUGIN_API_VERSION)
    throw mismatch(`was written for plugin API ${plugin.apiVersion}`);
  const range = pkg?.peerDependencies?.['@dq/plugin-api'];
  // workspace: and file: ranges are the monorepo's own; only published ranges say something.
  if (!range || /^(workspace|file|link):/.test(range)) return;
  if (!semver.validRange(range))
    throw mismatch(`declares the peer range "${range}" for @dq/plugin-api, which is not a semver range`);
  if (!semver.satisfies(PLUGIN_API_PACKAGE_VERSION, range))
    throw mismatch(`requires @dq/plugin-api ${range}`);
}

function packageEntry(pkg: PackageJson): string {
  const exp = pkg.exports;
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      return pick(v['.'] ?? v.import ?? v.default ?? v.node);
    }
    return undefined;
  };
  return pick(exp) ?? pkg.main ?? 'index.js';
}

/** Finds an installed package's directory from `cwd` upward, then from dq's own install. */
function findPackage(name: string, cwd: string): string {
  const starts = [cwd, dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return join(cwd, 'node_modules', name);
}
