import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DqError } from '@dq/plugin-api';

/** The kinds of plugin `dq plugins new` writes. */
export const PLUGIN_KINDS = ['check', 'source', 'category', 'reporter'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** Options of {@link scaffoldPlugin}. */
export interface ScaffoldOptions {
  name: string;
  kind: PluginKind;
  /** The folder the package folder is created in. */
  dir: string;
  /**
   * A folder of SDK tarballs written by `npm run pack:sdk -- DIR` (its sdk.json): the package
   * depends on them by file: path. Without it, on the published versions.
   */
  sdk?: string;
}

/** What {@link scaffoldPlugin} wrote. */
export interface ScaffoldResult {
  dir: string;
  files: string[];
  /** The name the plugin's implementation is used by: the check kind, source kind, category or reporter. */
  provides: string;
}

const templates = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'plugin');
const SDK_PACKAGES = ['@dq/plugin-api', '@dq/db', '@dq/core', '@dq/testing'] as const;
const SDK_RANGE = '^1.0.0';

const LABEL: Record<PluginKind, string> = {
  check: 'check kind',
  source: 'source kind',
  category: 'rule category',
  reporter: 'reporter',
};

function usage(kind: PluginKind, provides: string): string {
  switch (kind) {
    case 'check':
      return `Use the check kind in a rule file:\n\n\`\`\`yaml\nname: product_code_long_enough\ncategory: validity\ntable: dim_product\ncolumn: product_id\ncheck: ${provides}\nmin_length: 3\nseverity: warning\n\`\`\``;
    case 'source':
      return `Load files with it:\n\n\`\`\`yaml\nsources:\n  - { name: settings, kind: ${provides}, path: data/settings, pattern: "settings_*.txt", table: stg_settings, mode: full }\n\`\`\``;
    case 'category':
      return `File rules under it with \`category: ${provides}\`.`;
    case 'reporter':
      return `Run it with \`dq report ${provides} [--out FILE]\`.`;
  }
}

/** The tarballs of a `pack:sdk` folder, by package name. */
function sdkTarballs(sdk: string): Record<string, string> {
  const file = join(resolve(sdk), 'sdk.json');
  if (!existsSync(file)) {
    throw new DqError('DQ_USAGE', `No sdk.json in ${resolve(sdk)}.`, {
      hint: 'Write the SDK tarballs first: `npm run pack:sdk -- DIR` in the dq repository, then pass --sdk DIR.',
    });
  }
  const tarballs = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  for (const name of SDK_PACKAGES) {
    if (!tarballs[name] || !existsSync(tarballs[name])) {
      throw new DqError('DQ_USAGE', `${file} names no tarball for ${name}.`, {
        hint: 'Write the SDK tarballs again with `npm run pack:sdk -- DIR`.',
      });
    }
  }
  return tarballs;
}

function packageJson(name: string, kind: PluginKind, sdk: string | undefined): string {
  const tarballs = sdk ? sdkTarballs(sdk) : undefined;
  const spec = (pkg: string) => (tarballs ? `file:${tarballs[pkg]}` : SDK_RANGE);
  const pkg: Record<string, unknown> = {
    name,
    version: '0.1.0',
    description: `A dq ${LABEL[kind]} plugin`,
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist'],
    dq: { plugin: true },
    scripts: { build: 'tsc -p tsconfig.json', test: 'vitest run' },
    peerDependencies: { '@dq/plugin-api': SDK_RANGE },
    devDependencies: {
      '@dq/plugin-api': spec('@dq/plugin-api'),
      '@dq/testing': spec('@dq/testing'),
      '@types/node': '^20.19.0',
      typescript: '~5.9.3',
      vitest: '^4.1.0',
    },
    // The SDK packages depend on each other by version: point those at the same tarballs.
    ...(tarballs
      ? { overrides: Object.fromEntries(SDK_PACKAGES.map((p) => [p, `file:${tarballs[p]}`])) }
      : {}),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const snake = (name: string) => name.replace(/-/g, '_');
const pascal = (name: string) =>
  name
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * `dq plugins new NAME --kind K`: writes a plugin package (its index.ts, a sample
 * implementation, its contract test, a README and a package.json on the SDK) into DIR/NAME.
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const { name, kind } = options;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new DqError('DQ_USAGE', `"${name}" is not a plugin name.`, {
      hint: 'Use kebab-case: lower-case letters and digits, words joined by "-" (team-checks).',
    });
  }
  const dir = resolve(options.dir, name);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new DqError('DQ_USAGE', `${dir} already exists and is not empty.`, {
      hint: 'Choose another NAME or --dir, or remove the folder.',
    });
  }
  const provides = kind === 'reporter' ? name : snake(name);
  const camel = pascal(name).replace(/^./, (c) => c.toLowerCase());
  const values: Record<string, string> = {
    name,
    id: name,
    snake: snake(name),
    Class: pascal(name),
    camel,
    kind,
    kindLabel: LABEL[kind],
    provides,
    file: `src/${readdirSync(join(templates, kind, 'src')).find((f) => f !== 'index.ts' && !f.endsWith('.test.ts'))}`,
    usage: usage(kind, provides),
  };
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => values[key] ?? m);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const copy = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      const src = join(from, entry);
      const dest = join(to, entry === 'gitignore' ? '.gitignore' : entry);
      if (statSync(src).isDirectory()) {
        mkdirSync(dest, { recursive: true });
        copy(src, dest);
      } else {
        writeFileSync(dest, fill(readFileSync(src, 'utf8')));
        written.push(relative(dir, dest));
      }
    }
  };
  copy(join(templates, 'common'), dir);
  copy(join(templates, kind), dir);
  writeFileSync(join(dir, 'package.json'), packageJson(name, kind, options.sdk));
  written.push('package.json');
  return { dir, files: written.sort(), provides };
}
