import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ResolvedPlugin } from '@dq/core';
import { QualityEngine, ReportService } from '@dq/core';
import { type DqPlugin, isDqError, type ReportOutput } from '@dq/plugin-api';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../describe-each-database.js';
import { createTestDatabase } from '../test-database.js';
import { contractKernel, migrateCore, resolved, ruleFolder } from './contract-kernel.js';

/** How a reporter under test is run. */
export interface ReporterContractOptions {
  /** The reporter's name (`dq report NAME`). */
  name: string;
  /** Reporter options, as `dq report` passes them (`out`, `dryRun`, ...). */
  options?: (outDir: string) => Record<string, unknown>;
  /** It writes files (default true); a delivery-only reporter returns none. */
  writesFiles?: boolean;
  /** Options of the plugin's config entry. */
  pluginOptions?: Record<string, unknown>;
  /** Other plugins it needs (a chart renderer, ...). */
  with?: readonly DqPlugin[];
  /** Config values by dotted path (e.g. `{ 'reporting.email.enabled': true }`). */
  overrides?: Record<string, unknown>;
  /**
   * Looks into what the reporter wrote for the latest run of the contract's two rules (one
   * passing, one failing): throw or `expect` to fail the contract.
   */
  inspect?: (output: ReportOutput) => void | Promise<void>;
}

/**
 * The reporter contract, on PGlite and (with DATABASE_URL) PostgreSQL: after a check run with a
 * passing and a failing rule, the reporter returns a summary and writes non-empty files at
 * absolute paths; it reports an earlier run by id; running it again works; before any check run
 * it either reports or fails with a DqError that says what to do, never a bare error.
 *
 * ```ts
 * reporterContract(plugin, { name: 'html', options: (out) => ({ out: join(out, 'r.html') }) });
 * ```
 */
export function reporterContract(plugin: DqPlugin, options: ReporterContractOptions): void {
  const plugins: ResolvedPlugin[] = [
    resolved(plugin, options.pluginOptions),
    ...(options.with ?? []).map((p) => resolved(p)),
  ];
  describeEachDatabase(`reporter contract of ${plugin.id} (${options.name})`, ({ kind, db }) => {
    const runIds: string[] = [];
    const report = async (database = db(), runId?: string): Promise<ReportOutput> => {
      const out = mkdtempSync(join(tmpdir(), 'dq-contract-report-'));
      const runtime = await contractKernel(database, plugins, {
        'quality.rules': ruleFolder(RULES),
        'reporting.html.outDir': out,
        'reporting.docs.outDir': out,
        ...options.overrides,
      });
      try {
        return await runtime.kernel.build(ReportService).run(options.name, {
          ...(runId ? { runId } : {}),
          options: options.options?.(out) ?? {},
        });
      } finally {
        await runtime.close();
      }
    };
    const looksRight = (output: ReportOutput) => {
      expect(typeof output.summary).toBe('string');
      expect(output.summary.length).toBeGreaterThan(0);
      if (options.writesFiles !== false) expect(output.files.length).toBeGreaterThan(0);
      for (const file of output.files) {
        expect(isAbsolute(file), file).toBe(true);
        expect(existsSync(file), file).toBe(true);
        expect(statSync(file).size, file).toBeGreaterThan(0);
      }
    };

    beforeAll(async () => {
      await migrateCore(db());
      await db().exec(
        "CREATE TABLE contract_people (id int PRIMARY KEY, email text); INSERT INTO contract_people VALUES (1, 'a@example.com'), (2, NULL), (3, 'c@example.com');",
      );
      await migrateCore(db());
      for (let i = 0; i < 2; i++) {
        const runtime = await contractKernel(db(), plugins, { 'quality.rules': ruleFolder(RULES) });
        try {
          runIds.push((await runtime.kernel.build(QualityEngine).run()).runId);
        } finally {
          await runtime.close();
        }
      }
    });

    it('reports the latest check run: a summary and non-empty files at absolute paths', async () => {
      const output = await report();
      looksRight(output);
      await options.inspect?.(output);
    });

    it('reports an earlier run by its id, and runs again without trouble', async () => {
      looksRight(await report(db(), runIds[0]));
      looksRight(await report());
    });

    it('before any check run: reports, or fails with a DqError saying what to do', async () => {
      const fresh = await createTestDatabase(kind);
      try {
        await migrateCore(fresh.db);
        const outcome = await report(fresh.db).then(
          (output) => ({ output }),
          (error: unknown) => ({ error }),
        );
        if ('output' in outcome) looksRight(outcome.output);
        else {
          expect(isDqError(outcome.error), String(outcome.error)).toBe(true);
          expect((outcome.error as { hint?: string }).hint).toBeTruthy();
        }
      } finally {
        await fresh.drop();
      }
    });
  });
}

/** A passing and a failing rule, so every report has both to show. */
const RULES = [
  { name: 'contract_people_all_good', table: 'contract_people', check: 'contract_flag' },
  { name: 'contract_people_all_bad', table: 'contract_people', check: 'contract_flag', violates: true },
];
