import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDatabase } from '@dq/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A fresh embedded database starts from a kept copy of initdb's output (packages/db/src/pglite-template.ts). */
describe('A fresh embedded database', () => {
  let root: string;
  let savedTmp: string | undefined;
  const templates = () => readdirSync(root).filter((f) => /^dq-pglite-.*-initdb\.tar$/.test(f));

  beforeAll(() => {
    savedTmp = process.env.TMPDIR;
    root = mkdtempSync(join(tmpdir(), 'dq-template-'));
    // os.tmpdir() reads TMPDIR on every call: the copy this test makes and damages is its own.
    process.env.TMPDIR = root;
  });
  afterAll(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(root, { recursive: true, force: true });
  });

  const tables = async (db: PgliteDatabase) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`))
      .rows[0]!.n;

  it('keeps a copy of initdb only, so a second database holds nothing of the first', async () => {
    const first = new PgliteDatabase(join(root, 'a'));
    await first.exec('CREATE TABLE secret_rows (x text); INSERT INTO secret_rows VALUES ($$from a$$)');
    await first.close();
    expect(templates()).toHaveLength(1);

    for (const second of [new PgliteDatabase(join(root, 'b')), new PgliteDatabase()]) {
      expect(await tables(second)).toBe(0);
      await second.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1)');
      expect((await second.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]!.n).toBe(1);
      await second.close();
    }
    // Reopened, a directory keeps its own data (it is not reset from the copy).
    const again = new PgliteDatabase(join(root, 'a'));
    expect((await again.query<{ x: string }>('SELECT x FROM secret_rows')).rows).toEqual([{ x: 'from a' }]);
    await again.close();
  });

  it('replaces a damaged copy and still opens a working database', async () => {
    const [file] = templates();
    writeFileSync(join(root, file!), 'not a tarball');
    const db = new PgliteDatabase(join(root, 'c'));
    expect(await tables(db)).toBe(0);
    await db.close();
    expect(statSync(join(root, file!)).size).toBeGreaterThan(1_000_000);
    expect(existsSync(join(root, 'c', 'PG_VERSION'))).toBe(true);
  });
});
