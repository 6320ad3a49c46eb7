import pg from 'pg';

/**
 * Says which halves of the suite run. With DATABASE_URL set the server must be reachable: an
 * unreachable server fails the run instead of silently skipping the PostgreSQL half.
 */
export default async function setup(): Promise<void> {
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
