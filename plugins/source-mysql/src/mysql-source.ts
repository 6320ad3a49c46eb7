import {
  DqError,
  isValidIdent,
  quoteIdent,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
  type SourceProbe,
} from '@dq/plugin-api';
import { withRowHash } from '@dq/plugin-source-postgres';
import type { Connection, FieldPacket } from 'mysql2';
import { copyText } from './copy-text.js';
import { asText } from './mysql-text.js';
import { lastWatermark } from './watermark.js';

/** Rows the row stream buffers before it pauses the socket (its backpressure). */
const BATCH = 500;

const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    urlEnv: {
      type: 'string',
      default: 'SOURCE_MYSQL_URL',
      description:
        'The environment variable holding the source database URL (mysql://user:pass@host:3306/db).',
    },
    table: { type: 'string', description: 'The table (or db.table) to copy.' },
    query: { type: 'string', description: 'A SELECT to copy instead of a table.' },
    watermark: {
      type: 'string',
      description: 'Incremental mode: copy the rows whose column is past the highest value staged.',
    },
  },
} as const;

interface MysqlOptions {
  urlEnv: string;
  table?: string;
  query?: string;
  watermark?: string;
}

export function mysqlOptions(source: SourceConfig): MysqlOptions {
  const o = (source.options ?? {}) as Partial<MysqlOptions>;
  if (!o.table === !o.query) {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `Source ${source.name}: a mysql source needs options.table or options.query (one of them).`,
    );
  }
  for (const [what, name] of [
    ['table', o.table],
    ['column', o.watermark],
  ] as const) {
    if (name !== undefined && !isValidIdent(name)) quoteIdent(name, what); // throws DQ_INPUT_INVALID
  }
  return { ...o, urlEnv: o.urlEnv ?? 'SOURCE_MYSQL_URL' };
}

/** `db`.`table` (validated first), or the query as a derived table. */
export function fromClause(conn: Connection, o: MysqlOptions): string {
  return o.table ? conn.escapeId(o.table) : `(${o.query})`;
}

/**
 * mysql2 is imported on first use: it took ~65 ms of every dq command's start-up (bench/load:
 * `dq load` of CSV feeds paid it too), and only a command that reads a MySQL source needs it.
 */
let mysqlModule: typeof import('mysql2') | undefined;
async function loadMysql(): Promise<typeof import('mysql2')> {
  mysqlModule ??= ((await import('mysql2')) as { default: typeof import('mysql2') }).default;
  return mysqlModule;
}

/** A connection that hands every value over as its text form (see {@link asText}). */
export async function connect(source: SourceConfig, o: MysqlOptions): Promise<Connection> {
  const url = process.env[o.urlEnv];
  if (!url) {
    throw new DqError('DQ_CONFIG_INVALID', `Source ${source.name}: ${o.urlEnv} is not set.`, {
      hint: `Set ${o.urlEnv} to the source database URL (mysql://user:password@host:3306/db).`,
    });
  }
  const mysql = await loadMysql();
  const conn = mysql.createConnection({
    uri: url,
    typeCast: asText,
    jsonStrings: true,
    rowsAsArray: true,
    // TIMESTAMP values in UTC, whatever the server's zone, so that runs compare alike.
    timezone: 'Z',
    charset: 'utf8mb4',
  });
  try {
    await conn.promise().connect();
    await conn.promise().query("SET time_zone = '+00:00'");
  } catch (err) {
    conn.destroy();
    throw new DqError(
      'DQ_LOAD_FAILED',
      `Source ${source.name}: cannot reach the source database (${(err as Error).message}).`,
      { cause: err, hint: `Check ${o.urlEnv} and that the server accepts connections.` },
    );
  }
  return conn;
}

/**
 * The `mysql` source kind (MySQL and MariaDB): a table or a query, streamed row by row with
 * mysql2's query stream, which pauses the socket while the staging COPY catches up, so a table of
 * any size runs in the memory of a few thousand rows. Every value loads as its text form. Full, or
 * incremental by a watermark column: the rows from the highest value already staged on (that value
 * included; the row_hash dedup drops what is staged), so the watermark lives in the staging table
 * itself and survives a failed run (the next run takes the same rows again; the dedup adds each
 * once).
 */
export class MysqlSource implements Source {
  readonly kind = 'mysql';
  readonly description = 'A table or query of a MySQL or MariaDB database, streamed with backpressure';
  readonly optionsSchema = OPTIONS_SCHEMA;

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    const o = mysqlOptions(source);
    return [{ name: `mysql:${o.table ?? 'query'}`, location: o.table ?? 'query' }];
  }

  async probe(source: SourceConfig): Promise<SourceProbe> {
    const o = mysqlOptions(source);
    const conn = await connect(source, o);
    try {
      const [, fields] = await conn.promise().query(`SELECT * FROM ${fromClause(conn, o)} AS dq_s LIMIT 0`);
      const what = o.table ? `table ${o.table}` : 'the query';
      return {
        ok: true,
        detail: `${o.urlEnv}: ${what} answers (${(fields as FieldPacket[]).length} columns)`,
      };
    } catch (err) {
      return {
        ok: false,
        detail: `${o.urlEnv}: ${o.table ? `table ${o.table}` : 'the query'} fails: ${(err as Error).message}`,
        hint: 'Check options.table or options.query of this source against the source database.',
      };
    } finally {
      conn.destroy();
    }
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const o = mysqlOptions(source);
    const conn = await connect(source, o);
    let done = false;
    try {
      const from = fromClause(conn, o);
      const [, fields] = await conn.promise().query(`SELECT * FROM ${from} AS dq_s LIMIT 0`);
      const columns = (fields as FieldPacket[]).map((f) => f.name);
      let where = '';
      const params: unknown[] = [];
      if (source.mode === 'incremental' && o.watermark) {
        const field = (fields as FieldPacket[]).find((f) => f.name === o.watermark);
        if (!field) {
          throw new DqError(
            'DQ_CONFIG_INVALID',
            `Source ${source.name}: the watermark column ${o.watermark} is not among the columns of ${o.table ?? 'the query'}.`,
          );
        }
        const last = await lastWatermark(ctx.db, source.table, o.watermark, field);
        // The staged text form compares as the column's own type on the server.
        if (last !== null) {
          // From the last value on, not past it: DATETIME keeps whole seconds by default, so a row
          // written after the last run in the second of the newest row it read would be lost; the
          // row_hash dedup drops the rows of that second already staged.
          where = `WHERE dq_s.${conn.escapeId(o.watermark)} >= ?`;
          params.push(last);
        }
      }
      const sql = `SELECT * FROM ${from} AS dq_s ${where}`;
      const result = await ctx.staging.write({
        sourceFile: batch.name,
        columns,
        data: {
          kind: 'copy',
          format: 'text',
          async *chunks(sink) {
            const rows = conn.query({ sql, values: params }).stream({ highWaterMark: BATCH });
            // COPY text written into Buffers, then the row hash over those bytes (as the postgres
            // source does): records as objects cost a third more time and let the heap grow with
            // the table (bench/db-copy). No line: a row's position in a result names nothing.
            const text = copyText(rows as AsyncIterable<(string | null)[]>, sink.reject, (read) =>
              ctx.onProgress?.({ rowsRead: read }),
            );
            yield* withRowHash(text, columns.length, sink.hashOrder);
          },
        },
      });
      done = true;
      return result;
    } finally {
      // A stream left half read holds the connection: destroy rather than wait for its end.
      if (done)
        await conn
          .promise()
          .end()
          .catch(() => conn.destroy());
      else conn.destroy();
    }
  }
}
