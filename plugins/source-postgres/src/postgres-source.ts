import {
  DqError,
  quoteIdent,
  quoteLiteral,
  type Source,
  type SourceBatch,
  type SourceConfig,
  type SourceLoadContext,
  type SourceLoadResult,
  type SourceProbe,
} from '@dq/plugin-api';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { withRowHash } from './copy-row-hash.js';

const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    urlEnv: {
      type: 'string',
      default: 'SOURCE_DATABASE_URL',
      description: 'The environment variable holding the source database URL.',
    },
    table: { type: 'string', description: 'The table (or schema.table) to copy.' },
    query: { type: 'string', description: 'A SELECT to copy instead of a table.' },
    watermark: {
      type: 'string',
      description: 'Incremental mode: copy the rows whose column is past the highest value staged.',
    },
  },
} as const;

interface PostgresOptions {
  urlEnv?: string;
  table?: string;
  query?: string;
  watermark?: string;
}

function optionsOf(source: SourceConfig): Required<Pick<PostgresOptions, 'urlEnv'>> & PostgresOptions {
  const o = (source.options ?? {}) as PostgresOptions;
  if (!o.table === !o.query) {
    throw new DqError(
      'DQ_CONFIG_INVALID',
      `Source ${source.name}: a postgres source needs options.table or options.query (one of them).`,
    );
  }
  return { ...o, urlEnv: o.urlEnv ?? 'SOURCE_DATABASE_URL' };
}

/**
 * The `postgres` source kind: a table or a query of another PostgreSQL database, streamed with
 * COPY TO STDOUT (text format) straight into the staging COPY, never held in memory. Values load as
 * their text forms. Incremental by a watermark column: the rows from the highest value already
 * staged on (that value included; the row_hash dedup drops what is staged), so the watermark
 * lives in the staging table itself and survives a failed run (the next run takes the same rows
 * again; the dedup adds each once).
 */
export class PostgresSource implements Source {
  readonly kind = 'postgres';
  readonly description = 'A table or query of another PostgreSQL database, streamed COPY to COPY';
  readonly optionsSchema = OPTIONS_SCHEMA;

  async discover(source: SourceConfig): Promise<SourceBatch[]> {
    const o = optionsOf(source);
    return [{ name: `postgres:${o.table ?? 'query'}`, location: o.table ?? 'query' }];
  }

  async probe(source: SourceConfig): Promise<SourceProbe> {
    const o = optionsOf(source);
    const client = await connect(source, o);
    const what = o.table ? `table ${o.table}` : 'the query';
    try {
      const res = await client.query(`SELECT * FROM ${fromOf(o)} AS dq_s LIMIT 0`);
      return { ok: true, detail: `${o.urlEnv}: ${what} answers (${res.fields.length} columns)` };
    } catch (err) {
      return {
        ok: false,
        detail: `${o.urlEnv}: ${what} fails: ${(err as Error).message}`,
        hint: 'Check options.table or options.query of this source against the source database.',
      };
    } finally {
      await client.end().catch(() => {});
    }
  }

  async load(source: SourceConfig, batch: SourceBatch, ctx: SourceLoadContext): Promise<SourceLoadResult> {
    const o = optionsOf(source);
    const from = fromOf(o);
    const client = await connect(source, o);
    try {
      const probe = await client.query(`SELECT * FROM ${from} AS dq_s LIMIT 0`);
      const columns = probe.fields.map((f) => f.name);
      let where = 'TRUE';
      if (source.mode === 'incremental' && o.watermark) {
        const wm = quoteIdent(o.watermark, 'column');
        const type = await typeOf(client, from, o.watermark);
        const last = await lastWatermark(ctx, source.table, o.watermark, NUMERIC.has(type));
        // Compared as the column's own type: the staged text form casts back to it.
        // From the last value on, not past it: a row written after the last run in the same instant
        // as the newest row it read (a second-precision column, a clock tick) is not lost; the
        // row_hash dedup drops the rows of that instant already staged.
        if (last !== null) where = `dq_s.${wm} >= (${quoteLiteral(last)})::${type}`;
      }
      return await ctx.staging.write({
        sourceFile: batch.name,
        columns,
        data: {
          kind: 'copy',
          format: 'text',
          async *chunks(sink) {
            const asText = columns.map((c) => `dq_s.${quoteIdent(c)}::text`).join(', ');
            const stream = client.query(
              copyTo(`COPY (SELECT ${asText} FROM ${from} AS dq_s WHERE ${where}) TO STDOUT`),
            );
            // The row hash is taken here, over the streamed bytes: md5 over convert_to() on the
            // source server cost it 3.4 s of a 5 s COPY of 1M rows (bench/db-copy).
            yield* withRowHash(stream as AsyncIterable<Buffer>, columns.length, sink.hashOrder);
          },
        },
      });
    } finally {
      await client.end().catch(() => {});
    }
  }
}

function fromOf(o: PostgresOptions): string {
  return o.table ? quoteIdent(o.table, 'table') : `(${o.query})`;
}

/** A connected client to the source database named by `o.urlEnv`. */
async function connect(source: SourceConfig, o: PostgresOptions & { urlEnv: string }): Promise<pg.Client> {
  const url = process.env[o.urlEnv];
  if (!url) {
    throw new DqError('DQ_CONFIG_INVALID', `Source ${source.name}: ${o.urlEnv} is not set.`, {
      hint: `Set ${o.urlEnv} to the source database URL (postgres://user@host:5432/db).`,
    });
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new DqError(
      'DQ_LOAD_FAILED',
      `Source ${source.name}: cannot reach the source database (${(err as Error).message}).`,
      { cause: err, hint: `Check ${o.urlEnv} and that the server accepts connections.` },
    );
  }
  return client;
}

/** Watermark types whose staged text must be compared as numbers ('999' sorts after '1000'). */
const NUMERIC = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

async function lastWatermark(
  ctx: SourceLoadContext,
  table: string,
  column: string,
  numeric: boolean,
): Promise<string | null> {
  const exists = await ctx.db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
    quoteIdent(table, 'table'),
  ]);
  if (!exists.rows[0]?.t) return null;
  const has = await ctx.db.query(
    `SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`,
    [table.split('.').pop(), column],
  );
  if (has.rows.length === 0) return null;
  const res = await ctx.db.query<{ m: string | null }>(
    `SELECT ${numeric ? `max(${quoteIdent(column, 'column')}::numeric)::text` : `max(${quoteIdent(column, 'column')})`} AS m
       FROM ${quoteIdent(table, 'table')}`,
  );
  return res.rows[0]?.m ?? null;
}

async function typeOf(client: pg.Client, from: string, column: string): Promise<string> {
  const res = await client.query<{ t: string }>(
    `SELECT pg_typeof(dq_s.${quoteIdent(column, 'column')})::text AS t FROM ${from} AS dq_s LIMIT 1`,
  );
  return res.rows[0]?.t ?? 'text';
}
