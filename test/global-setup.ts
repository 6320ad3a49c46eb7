import { connect } from 'node:net';
import pg from 'pg';

/**
 * Says which halves of the suite run. With DATABASE_URL set the server must be reachable: an
 * unreachable server fails the run instead of silently skipping the PostgreSQL half.
 */
export default async function setup(): Promise<void> {
  await mysqlServer();
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('\n[dq] PostgreSQL half NOT run: DATABASE_URL is not set. Running on PGlite only.\n');
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const res = await client.query<{ server_version: string }>('SHOW server_version');
    console.log(
      `\n[dq] Running on PGlite and on PostgreSQL ${res.rows[0]?.server_version} (DATABASE_URL).\n`,
    );
  } catch (err) {
    throw new Error(
      `DATABASE_URL is set but the PostgreSQL server is unreachable (${(err as Error).message}); the PostgreSQL half cannot run. Start the server or unset DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The mysql source's tests need a MySQL or MariaDB server (DQ_TEST_MYSQL_URL, default the local
 * one). Without one they are skipped and the run says so, so that `npm test` passes on a machine
 * with Node alone (vitest.config.ts leaves those files out); under CI (which starts MariaDB) a
 * missing server fails the run instead.
 */
async function mysqlServer(): Promise<void> {
  const url = new URL(process.env.DQ_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const where = `${url.hostname}:${url.port || '3306'}`;
  const up = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 3306), timeout: 3000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
  if (up) {
    console.log(`\n[dq] The mysql source runs against the MySQL/MariaDB server at ${where}.`);
  } else if (process.env.CI) {
    throw new Error(
      `CI: no MySQL/MariaDB server answers at ${where}; .ci/run starts MariaDB when it is stopped.`,
    );
  } else {
    console.log(
      `\n[dq] The mysql source's tests are NOT run: no MySQL/MariaDB server at ${where} (DQ_TEST_MYSQL_URL).`,
    );
  }
}
