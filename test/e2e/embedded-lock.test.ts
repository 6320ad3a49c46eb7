import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PgliteDatabase } from '@dq/db';
import { describe, expect, it } from 'vitest';
import { repoRoot, runDq, workdir } from './run-dq.js';

/** A second process that opens the embedded database, writes a row and holds it open. */
function holdDatabase(dir: string) {
  const script = `
    import { PgliteDatabase } from '@dq/db';
    const db = new PgliteDatabase(process.argv[1]);
    await db.exec("CREATE TABLE IF NOT EXISTS keep (v text); INSERT INTO keep VALUES ('written by holder')");
    process.stdout.write('ready\\n');
    process.on('SIGTERM', async () => { await db.close(); process.exit(0); });
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
    cwd: join(repoRoot, 'packages/db'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

describe('the embedded database is used by one process at a time', () => {
  it('a second process gets a clear error (exit 3) and the data stays intact', async () => {
    const cwd = workdir();
    const dir = join(cwd, '.dq/pgdata');
    const holder = holdDatabase(dir);
    try {
      await holder.ready;
      const second = await runDq(['db', 'migrate'], { cwd });
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(
        `The embedded database ${dir} is in use by another dq process (pid ${holder.child.pid}`,
      );
    } finally {
      holder.child.kill('SIGTERM');
    }
    expect(await holder.exited).toBe(0);

    const db = new PgliteDatabase(dir);
    try {
      const rows = await db.query<{ v: string }>('SELECT v FROM keep');
      expect(rows.rows).toEqual([{ v: 'written by holder' }]);
    } finally {
      await db.close();
    }
    // and dq can use it now
    expect((await runDq(['db', 'migrate'], { cwd })).code).toBe(0);
  });

  it('a lock left by a killed process is taken over', async () => {
    const cwd = workdir();
    const dir = join(cwd, '.dq/pgdata');
    const holder = holdDatabase(dir);
    await holder.ready;
    holder.child.kill('SIGKILL');
    await holder.exited;
    const res = await runDq(['db', 'migrate'], { cwd });
    expect(res.code, res.stderr).toBe(0);
  });
});
