#!/usr/bin/env node
// `npm run pack:sdk -- DIR`: builds and packs the packages a plugin repository outside this one
// depends on (@dq/plugin-api, @dq/db, @dq/core, @dq/testing) into DIR as npm tarballs. pnpm pack
// rewrites workspace: and catalog: ranges into real versions. Prints a JSON map of package name
// to tarball path (the last line of stdout), which `dq plugins new --sdk DIR` also reads.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpm } from './pnpm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDK = ['plugin-api', 'db', 'core', 'testing'];

const out = resolve(process.argv[2] ?? join(root, 'dist-sdk'));
mkdirSync(out, { recursive: true });
if (!process.argv.includes('--no-build')) {
  pnpm([
    'exec',
    'turbo',
    'run',
    'build',
    '--output-logs=errors-only',
    ...SDK.map((p) => `--filter=@dq/${p}`),
  ]);
}
const tarballs = {};
for (const dir of SDK) {
  const pkgDir = join(root, 'packages', dir);
  const { name, version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  pnpm(['--dir', pkgDir, 'pack', '--pack-destination', out]);
  const file = `${name.replace('@', '').replace('/', '-')}-${version}.tgz`;
  if (!readdirSync(out).includes(file)) {
    console.error(`pack-sdk: pnpm pack did not write ${file} into ${out}`);
    process.exit(1);
  }
  tarballs[name] = join(out, file);
}
writeFileSync(join(out, 'sdk.json'), `${JSON.stringify(tarballs, null, 2)}\n`);
console.log(JSON.stringify(tarballs));
