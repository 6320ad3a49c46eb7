import { basename } from 'node:path';
import {
  type Database,
  type Logger,
  quoteIdent,
  quoteLiteral,
  type SourceConfig,
  type SourceLoadResult,
  type SqlExecutor,
  type StagingBatch,
  type StagingRecord,
  type StagingReject,
  type StagingSink,
  type StagingWriter,
} from '@dq/plugin-api';
import { recordAligned } from './record-aligned.js';
import { RejectSpool } from './reject-spool.js';
import { RowHasher } from './row-hash.js';
import {
  addStagingColumns,
  createStagingTable,
  ensureLineColumn,
  headerDrift,
  rowHashSql,
  StagingTarget,
  stagingColumns,
} from './staging-table.js';

/** Bytes of formatted records handed to COPY at a time. */
const CHUNK_CHARS = 1 << 18;

/** Where one source load stages: the table, mode and load id, on the load's (locking) database. */
export interface StagingWriterOptions {
  db: Database;
  logger: Logger;
  source: SourceConfig;
  loadId: number;
  /** The engine's part of each batch's transaction (see {@link StagingHooks}). */
  hooks?: StagingHooks;
}

/**
 * What the ingest engine does inside a batch's transaction, which holds the staging table's lock:
 * deciding then and there that the batch is still to load, and recording it before it commits.
 * Two loads of one file then cannot both stage it: the second takes the lock after the first
 * committed its rows and its audit row together, and finds the file loaded.
 */
export interface StagingHooks {
  /** First in the transaction, the lock held: throws to stage nothing. */
  begin(tx: SqlExecutor): Promise<void>;
  /** Last in it, before commit, with the batch's result and the file hash the source computed. */
  end(tx: SqlExecutor, result: SourceLoadResult, contentHash: string | undefined): Promise<void>;
}

/**
 * The kernel's {@link StagingWriter}: one batch, one transaction. Everything the batch would change
 * is undone to a savepoint when it cannot be staged, so the previous staging data stays; the
 * rejects are stored all the same (they say why).
 */
export class KernelStagingWriter implements StagingWriter {
  private readonly hasher = new RowHasher();

  constructor(private readonly o: StagingWriterOptions) {}

  rowHashSql(columns: readonly string[], alias?: string): string {
    return rowHashSql(columns, alias);
  }

  rowHash(values: readonly (string | null)[]): string {
    return this.hasher.hash(values);
  }

  async write(batch: StagingBatch): Promise<SourceLoadResult> {
    const { db, source, loadId } = this.o;
    const notes: string[] = [...(batch.notes ?? [])];
    const spool = new RejectSpool(loadId, source.table, batch.sourceFile);
    try {
      return await db.transaction(async (tx) => {
        await this.o.hooks?.begin(tx);
        const result = await this.stage(tx, batch, spool, notes);
        await this.o.hooks?.end(tx, result, batch.contentHash?.());
        return result;
      });
    } finally {
      await spool.dispose();
    }
  }

  private async stage(
    tx: SqlExecutor,
    batch: StagingBatch,
    spool: RejectSpool,
    notes: string[],
  ): Promise<SourceLoadResult> {
    const { source, loadId, logger } = this.o;
    const table = source.table;
    const name = basename(batch.sourceFile);
    await tx.exec('SAVEPOINT dq_staging');
    let tableColumns = await stagingColumns(tx, table);
    let added: string[] = [];
    if (!tableColumns) {
      await createStagingTable(tx, table, batch.columns);
      tableColumns = [...batch.columns];
      notes.push(`created ${table} from the header of ${name} (${batch.columns.length} text columns)`);
      logger.info({ table, file: batch.sourceFile }, 'staging table created from the batch columns');
    } else {
      added = headerDrift(table, tableColumns, batch.columns, name);
      await ensureLineColumn(tx, table);
      if (added.length > 0) {
        await addStagingColumns(tx, table, added);
        tableColumns = [...tableColumns, ...added];
        notes.push(
          `added the column${added.length > 1 ? 's' : ''} ${added.join(', ')} of ${name} to ${table} (text)`,
        );
        logger.warn({ table, file: batch.sourceFile, added }, 'the feed gained columns: added to staging');
      }
    }
    const target = new StagingTarget(tx, table, source.mode, tableColumns);
    const rehashed = await target.prepare(loadId, batch.sourceFile, added.length > 0);
    if (rehashed !== undefined) {
      notes.push(
        `re-hashed the ${rehashed} rows of ${table} by value (row hashes from before dq hashed values)`,
      );
    }
    const sink: StagingSink = {
      tableColumns,
      hashOrder: tableColumns.map((c) => batch.columns.indexOf(c)),
      reject: (rejects) => spool.add(rejects),
    };
    const records = await this.copy(tx, target.loadTable, batch, sink, spool);

    const refuse = async (failure: string): Promise<SourceLoadResult> => {
      await tx.exec('ROLLBACK TO SAVEPOINT dq_staging');
      await spool.flush(tx);
      return {
        rowsRead: records + spool.count,
        rowsLoaded: 0,
        rowsRejected: spool.count,
        rowsNew: 0,
        failure,
      };
    };
    if (records === 0 && spool.count > 0) {
      const where = spool.first?.line !== undefined ? `line ${spool.first.line}: ` : '';
      return refuse(
        `every data line was rejected (${where}${spool.first?.reason}); the previous staging data is kept. Check the delimiter and encoding (or the mapping) configured for this source.`,
      );
    }
    if (records === 0 && source.mode === 'full') {
      if (batch.emptyBatch === 'fail') {
        return refuse(`${name} has no data lines; ${table} is kept as it was (options.emptyFile: fail).`);
      }
      notes.push(
        `${name} has no data lines: ${table} is now empty (options.emptyFile: fail refuses such files)`,
      );
      logger.warn({ table, file: batch.sourceFile }, 'a batch without records emptied the staging table');
    }
    await spool.flush(tx);
    const rowsNew = await target.finish(records);
    return {
      rowsRead: records + spool.count,
      rowsLoaded: records,
      rowsRejected: spool.count,
      rowsNew,
      ...(notes.length ? { notes } : {}),
    };
  }

  /** COPYs the batch's records into the load table; returns how many were copied. */
  private async copy(
    tx: SqlExecutor,
    loadTable: string,
    batch: StagingBatch,
    sink: StagingSink,
    spool: RejectSpool,
  ): Promise<number> {
    const cols = `${batch.columns.map((c) => quoteIdent(c, 'column')).join(', ')}, row_hash, source_line`;
    const into = `COPY ${quoteIdent(loadTable, 'table')} (${cols}) FROM STDIN`;
    const data = batch.data;
    if (data.kind === 'copy') {
      if (data.format === 'text') {
        return tx.copyFrom(`${into} WITH (FORMAT text, ENCODING 'UTF8')`, recordAligned(data.chunks(sink)));
      }
      const delimiter = data.delimiter ?? ',';
      return tx.copyFrom(
        `${into} WITH (FORMAT csv, DELIMITER ${quoteLiteral(delimiter)}, ENCODING 'UTF8')`,
        data.chunks(sink),
      );
    }
    return tx.copyFrom(
      `${into} WITH (FORMAT csv, ENCODING 'UTF8')`,
      this.format(data.records(sink), batch.columns.length, sink, spool),
    );
  }

  /** Records as CSV for COPY, each with its row hash and line; a record that cannot be staged is a reject. */
  private async *format(
    batches: AsyncIterable<readonly StagingRecord[]>,
    width: number,
    sink: StagingSink,
    spool: RejectSpool,
  ): AsyncIterable<string> {
    const order = sink.hashOrder;
    const inTableOrder: (string | null)[] = new Array(order.length);
    let text = '';
    for await (const records of batches) {
      const rejects: StagingReject[] = [];
      for (const record of records) {
        const values = record.values;
        const problem = recordProblem(values, width);
        if (problem) {
          rejects.push({
            ...(record.line !== undefined ? { line: record.line } : {}),
            raw: rawOf(values),
            reason: problem,
          });
          continue;
        }
        for (let k = 0; k < order.length; k++) inTableOrder[k] = values[order[k]!] ?? null;
        let line = '';
        for (let f = 0; f < width; f++) {
          const v = values[f] ?? null;
          if (f > 0) line += ',';
          if (v !== null) line += `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
        }
        text += `${line},${this.hasher.hash(inTableOrder)},${record.line ?? ''}\n`;
        if (text.length >= CHUNK_CHARS) {
          yield text;
          text = '';
        }
      }
      if (rejects.length > 0) await spool.add(rejects);
    }
    if (text.length > 0) yield text;
  }
}

function recordProblem(values: readonly (string | null)[], width: number): string | undefined {
  if (values.length !== width) return `wrong number of values: expected ${width}, found ${values.length}`;
  for (const v of values) {
    if (v !== null && typeof v !== 'string')
      return 'a value that is not text (the source must give text or null)';
    if (v?.includes('\0')) return 'contains a NUL character';
  }
  return undefined;
}

function rawOf(values: readonly (string | null)[]): string {
  try {
    return JSON.stringify(values);
  } catch {
    return String(values);
  }
}
