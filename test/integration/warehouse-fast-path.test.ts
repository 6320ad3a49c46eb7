import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService, TransformEngine } from '@dq/core';
import { type Database, type Generator, type SourceConfig, tokens } from '@dq/plugin-api';
import { availableKinds, createTestDatabase, createTestKernel } from '@dq/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FEEDS: [string, string][] = [
  ['crm_customers', 'stg_crm_customers'],
  ['products', 'stg_products'],
  ['ecom_transactions', 'stg_ecom_transactions'],
  ['ecom_transaction_items', 'stg_ecom_transaction_items'],
  ['marketing_campaigns', 'stg_marketing_campaigns'],
  ['campaign_responses', 'stg_campaign_responses'],
];
const FACT_FEEDS = ['ecom_transactions', 'ecom_transaction_items', 'campaign_responses'];
const CHECKSUMS = readFileSync(join(import.meta.dirname, '../fixtures/warehouse-checksums.sql'), 'utf8');

const work = mkdtempSync(join(tmpdir(), 'dq-fast-path-'));
const full = join(work, 'full');
const part = join(work, 'part');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sourcesIn = (dir: string): SourceConfig[] =>
  FEEDS.map(([name, table]) => ({
    name,
    kind: 'csv',
    path: dir,
    pattern: `${name}_*.csv`,
    table,
    mode: 'full',
  }));

/** Loads the feeds in `dir` and transforms; returns the fact steps' counts. */
async function loadAndTransform(db: Database, dir: string) {
  const runtime = await createTestKernel({
    database: db,
    builtins: builtinPlugins(),
    overrides: { sources: sourcesIn(dir) },
  });
  try {
    await runtime.kernel.build(MigrationService).migrate();
    expect((await runtime.kernel.build(IngestEngine).load()).failed).toBe(0);
    const result = await runtime.kernel.build(TransformEngine).run();
    return Object.fromEntries(result.steps.map((s) => [s.name, s.counts]));
  } finally {
    await runtime.close();
  }
}

const byValue = async (db: Database) =>
  Object.fromEntries(
    (await db.query<{ table: string; n: number; by_value: string }>(CHECKSUMS)).rows.map((r) => [
      r.table,
      `${r.n}:${r.by_value}`,
    ]),
  );

beforeAll(async () => {
  // The generated feeds, each fact feed ending with a second row for its first key (other
  // values: the last row in the file wins), and the same feeds with only the first 60% of each
  // fact feed: loaded first, they leave the rest and the corrections to the incremental path.
  const db = await createTestDatabase('pglite');
  const runtime = await createTestKernel({ database: db.db, builtins: builtinPlugins() });
  try {
    const generator = runtime.kernel.resolveAll<Generator>(tokens.generator)[0]!;
    await generator.generate(
      {
        outDir: full,
        scale: 0.02,
        seed: 7,
        date: '20260101',
        defects: false,
        volumes: { customers: 50000, products: 500, transactions: 200000, campaigns: 25 },
      },
      { logger: runtime.kernel.logger },
    );
  } finally {
    await runtime.close();
    await db.drop();
  }
  mkdirSync(part);
  for (const file of readdirSync(full).filter((f) => f.endsWith('.csv'))) {
    const text = readFileSync(join(full, file), 'utf8');
    if (!FACT_FEEDS.some((f) => file.startsWith(`${f}_`))) {
      writeFileSync(join(part, file), text);
      continue;
    }
    const [header, ...lines] = text.trimEnd().split('\n');
    const [key] = lines[0]!.split(',');
    const corrected = [key, ...lines[1]!.split(',').slice(1)].join(',');
    writeFileSync(join(full, file), `${[header, ...lines, corrected].join('\n')}\n`);
    const simple = lines.slice(0, Math.ceil(lines.length * 0.6));
    writeFileSync(join(part, file), `${[header, ...simple].join('\n')}\n`);
  }
});

for (const kind of availableKinds()) {
  describe(`The bulk path of an empty fact table [${kind}]`, () => {
    it('builds the same warehouse as the incremental path, row for row', async () => {
      const bulk = await createTestDatabase(kind);
      const incremental = await createTestDatabase(kind);
      try {
        // all at once: both fact tables are empty, so both take the bulk path
        const once = await loadAndTransform(bulk.db, full);
        expect(once.fact_transactions!.inserted).toBeGreaterThan(1000);
        // 60% first (bulk), then the whole feeds: the other 40% and every corrected duplicate go
        // through the incremental path
        await loadAndTransform(incremental.db, part);
        const rest = await loadAndTransform(incremental.db, full);
        expect(rest.fact_transactions!.inserted).toBeGreaterThan(100);
        expect(rest.fact_campaign_responses!.inserted).toBeGreaterThan(10);
        expect(await byValue(incremental.db)).toEqual(await byValue(bulk.db));
        // the bulk path rebuilt every index and constraint it dropped
        const indexes = async (db: Database) =>
          (
            await db.query<{ d: string }>(
              `SELECT indexdef AS d FROM pg_indexes WHERE tablename IN ('fact_transactions', 'fact_campaign_responses') ORDER BY 1`,
            )
          ).rows.map((r) => r.d);
        expect(await indexes(bulk.db)).toEqual(await indexes(incremental.db));
        expect((await indexes(bulk.db)).length).toBeGreaterThanOrEqual(6);
      } finally {
        await bulk.drop();
        await incremental.drop();
      }
    }, 600_000);
  });
}
