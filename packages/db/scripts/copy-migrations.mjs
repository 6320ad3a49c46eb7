#!/usr/bin/env node
// Copies the core migrations (drizzle-kit writes them to the repository's migrations/) into
// dist/migrations, so the packed @dq/db carries them and finds them beside its own code.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(pkg, '..', '..', 'migrations');
const to = join(pkg, 'dist', 'migrations');
if (!existsSync(join(from, 'meta', '_journal.json'))) {
  console.error(`copy-migrations: no migration journal at ${from}/meta/_journal.json`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
