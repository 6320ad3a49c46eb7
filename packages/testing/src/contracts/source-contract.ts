import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestEngine, type SourceRunResult } from '@dq/core';
import { type Database, type DqPlugin, quoteIdent, type SourceConfig } from '@dq/plugin-api';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../describe-each-database.js';
import { contractKernel, migrateCore, resolved, tableChecksum } from './contract-kernel.js';

/** Files a case writes into the source's folder: file name to content. */
export type ContractFiles = Readonly<Record<string, string | Buffer>>;

/**
 * One batch for a case: files written into the source's folder, or, for a source that reads no
 * files (a database table), a function that puts the batch where the source reads it.
 */
export type ContractBatch = ContractFiles | (() => Promise<void>);

/** How the source under test is exercised. */
export interface SourceContractOptions {
  /** The source kind under test (`kind:` in config). */
  kind: string;
  /** Fields of the configured source besides name, kind, table, mode and path (pattern, options...). */
  source?: Partial<Omit<SourceConfig, 'name' | 'kind' | 'table' | 'mode' | 'path'>>;
  /** One batch to load; put a malformed record in it, so that something is rejected. */
  sample: ContractBatch;
  /** What loading `sample` reads, loads and rejects. */
  expect: { rowsRead: number; rowsLoaded: number; rowsRejected: number };
  /** A batch the source must refuse as a whole (e.g. every line malformed); it replaces the sample. */
  broken: ContractBatch;
  /** Options of the plugin's config entry. */
  options?: Record<string, unknown>;
}

/**
 * The source contract, on PGlite and (with DATABASE_URL) PostgreSQL: every line read is loaded
 * or rejected (rows read = loaded + rejected, in the result, the audit log, the staging table
 * and stg_rejects); a failed load keeps the previous staging data; an incremental load of the
 * same rows again (read anew, not skipped as an already-loaded file) adds nothing.
 *
 * ```ts
 * sourceContract(plugin, { kind: 'jsonl', source: { pattern: '*.jsonl' }, sample, expect, broken });
 * ```
 */
export function sourceContract(plugin: DqPlugin, options: SourceContractOptions): void {
  describeEachDatabase(`source contract of ${plugin.id} (${options.kind})`, ({ db }) => {
    const folder = async (files: ContractBatch) => {
      const dir = mkdtempSync(join(tmpdir(), 'dq-contract-src-'));
      await write(dir, files);
      return dir;
    };
    const write = async (dir: string, files: ContractBatch) => {
      if (typeof files === 'function') return files();
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    };
    const load = async (table: string, dir: string, mode: SourceConfig['mode']): Promise<SourceRunResult> => {
      const source = { name: table, kind: options.kind, table, mode, path: dir, ...options.source };
      const runtime = await contractKernel(db(), [resolved(plugin, options.options)], { sources: [source] });
      try {
        const { results } = await runtime.kernel.build(IngestEngine).load({ sources: [table] });
        expect(results).toHaveLength(1);
        return results[0]!;
      } finally {
        await runtime.close();
      }
    };

    beforeAll(async () => {
      await migrateCore(db());
    });

    it('accounts for every line: rows read = loaded + rejected, in the result, the audit log and the tables', async () => {
      const result = await load('stg_contract_full', await folder(options.sample), 'full');
      expect(result.error, result.error).toBeUndefined();
      expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
      expect({
        rowsRead: result.rowsRead,
        rowsLoaded: result.rowsLoaded,
        rowsRejected: result.rowsRejected,
      }).toEqual(options.expect);
      expect(result.status).toBe(options.expect.rowsRejected > 0 ? 'PARTIAL' : 'SUCCESS');
      const stored = await counts(db(), 'stg_contract_full');
      expect(stored).toEqual({
        staged: options.expect.rowsLoaded,
        rejects: options.expect.rowsRejected,
        audit: {
          rows_read: result.rowsRead,
          rows_loaded: result.rowsLoaded,
          rows_rejected: result.rowsRejected,
        },
      });
    });

    it('a failed load keeps the previous staging data and is audited FAILED', async () => {
      const dir = await folder(options.sample);
      expect((await load('stg_contract_keep', dir, 'full')).error).toBeUndefined();
      const before = await tableChecksum(db(), 'stg_contract_keep');
      await write(dir, options.broken);
      const failed = await load('stg_contract_keep', dir, 'full');
      expect(failed.status).toBe('FAILED');
      expect(await tableChecksum(db(), 'stg_contract_keep')).toBe(before);
      const audit = await db().query<{ status: string }>(
        'SELECT status FROM stg_audit_log WHERE table_name = $1 ORDER BY load_id DESC LIMIT 1',
        ['stg_contract_keep'],
      );
      expect(audit.rows[0]?.status).toBe('FAILED');
    });

    it('loading the same rows incrementally again adds nothing, read anew and not skipped', async () => {
      const dir = await folder(options.sample);
      const first = await load('stg_contract_incr', dir, 'incremental');
      expect(first.error).toBeUndefined();
      const before = await tableChecksum(db(), 'stg_contract_incr');
      // The backlog skips a file it has loaded before (same name, size and content): forget that
      // load, so the source really reads the batch again and the staging writer meets every row
      // a second time. Otherwise this test passes without the source doing anything.
      await db().query('DELETE FROM stg_audit_log WHERE table_name = $1', ['stg_contract_incr']);
      const again = await load('stg_contract_incr', dir, 'incremental');
      expect(again.error).toBeUndefined();
      if (typeof options.sample !== 'function') {
        expect(again.status).not.toBe('SKIPPED');
        expect(again.rowsRead).toBe(options.expect.rowsRead);
      }
      expect(again.rowsNew).toBe(0);
      expect(await tableChecksum(db(), 'stg_contract_incr')).toBe(before);
    });
  });
}

async function counts(db: Database, table: string) {
  const res = await db.query<{ staged: number; rejects: number; audit: Record<string, number> }>(
    `SELECT (SELECT count(*)::int FROM ${quoteIdent(table)}) AS staged,
            (SELECT count(*)::int FROM stg_rejects r WHERE r.table_name = $1
               AND r.load_id = (SELECT max(load_id) FROM stg_audit_log WHERE table_name = $1)) AS rejects,
            (SELECT json_build_object('rows_read', rows_read::int, 'rows_loaded', rows_loaded::int, 'rows_rejected', rows_rejected::int)
               FROM stg_audit_log WHERE table_name = $1 ORDER BY load_id DESC LIMIT 1) AS audit`,
    [table],
  );
  return res.rows[0];
}
