import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * A fresh PGlite data directory costs an initdb: about 2 s on an idle machine, 4-11 s on a busy
 * one, which made `dq db migrate` on a new `.dq/pgdata` eight times the server's. Starting from
 * a copy of a freshly initialised directory costs about 0.4 s. So the first fresh open on a
 * machine initialises as usual and keeps a tarball of that pristine directory, keyed by PGlite's
 * version, in the OS temporary folder; later fresh opens (a new data directory, an in-memory
 * database, every test's database) start from it. The copy holds nothing but initdb's output:
 * it is taken before dq runs a single statement. DQ_PGLITE_TEMPLATE=off turns it off.
 */
export async function createPglite(PGliteClass: typeof PGlite, options: PGliteOptions): Promise<PGlite> {
  const fresh = !options.dataDir || !existsSync(join(options.dataDir, 'PG_VERSION'));
  const templateFile = fresh && process.env.DQ_PGLITE_TEMPLATE !== 'off' ? templatePath() : undefined;
  if (!templateFile) return PGliteClass.create(options);
  if (existsSync(templateFile)) {
    try {
      const loadDataDir = new Blob([readFileSync(templateFile)]);
      return await PGliteClass.create({ ...options, loadDataDir });
    } catch {
      // A damaged or foreign copy: forget it, initialise as usual, and keep a new one below.
      rmSync(templateFile, { force: true });
      if (options.dataDir) clearDataDir(options.dataDir);
    }
  }
  const pg = await PGliteClass.create(options);
  await keepTemplate(pg, templateFile);
  return pg;
}

/** Where this PGlite version's copy lives; undefined when the version cannot be told. */
function templatePath(): string | undefined {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) {
        return join(tmpdir(), `dq-pglite-${pkg.version}-initdb.tar`);
      }
    }
  } catch {
    // No template then: an initdb per fresh database, as before.
  }
  return undefined;
}

/** Best effort: a copy that cannot be written only means the next fresh open initialises too. */
async function keepTemplate(pg: PGlite, file: string): Promise<void> {
  try {
    const tar = Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer());
    // Written aside and renamed, so a concurrent open never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, tar);
    renameSync(partial, file);
  } catch {
    // Nothing to undo.
  }
}

/** Removes what a failed load from the copy left, so initdb finds an empty directory. */
function clearDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
