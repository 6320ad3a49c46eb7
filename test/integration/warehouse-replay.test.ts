import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '@dq/builtins';
import { IngestEngine, MigrationService, TransformEngine } from '@dq/core';
import type { Database, SourceConfig } from '@dq/plugin-api';
import { availableKinds, createTestDatabase, createTestKernel } from '@dq/testing';
import { describe, expect, it } from 'vitest';

const HEADER =
  'customer_id,first_name,last_name,email,phone_number,date_of_birth,gender,address,city,state,postal_code,country,registration_date,customer_segment,account_status';
const row = (id: number, city: string, email = `c${id}@example.com`) =>
  `CUST${String(id).padStart(6, '0')},Ann,Lee,${email},555-123-4567,1990-05-01,Female,${id} Main St,${city},NY,10001,USA,2023-01-15,Premium,Active`;

/** Three dated snapshots: some customers move, one changes only e-mail, one appears later. */
const SNAPSHOTS: [string, string[]][] = [
  ['20240101', [row(1, 'Albany'), row(2, 'Buffalo'), row(3, 'Ithaca')]],
  ['20240301', [row(1, 'Boston'), row(2, 'Buffalo', 'new2@example.com'), row(3, 'Ithaca'), row(4, 'Utica')]],
  [
    '20240601',
    [row(1, 'Denver'), row(2, 'Buffalo', 'new2@example.com'), row(3, 'Syracuse'), row(4, 'Utica')],
  ],
];

/** Replays the snapshots in order into a fresh database; returns dim_customer without surrogate keys. */
async function replay(db: Database): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dq-replay-'));
  const source: SourceConfig = {
    name: 'crm_customers',
    kind: 'csv',
    path: dir,
    pattern: 'crm_customers_*.csv',
    table: 'stg_crm_customers',
    mode: 'full',
  };
  const runtime = await createTestKernel({
    database: db,
    builtins: builtinPlugins(),
    overrides: { sources: [source] },
  });
  try {
    await runtime.kernel.build(MigrationService).migrate();
    for (const [date, rows] of SNAPSHOTS) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      writeFileSync(join(dir, `crm_customers_${date}.csv`), `${HEADER}\n${rows.join('\n')}\n`);
      expect((await runtime.kernel.build(IngestEngine).load()).failed).toBe(0);
      await runtime.kernel.build(TransformEngine).run();
    }
  } finally {
    await runtime.close();
  }
  const res = await db.query<{ v: string }>(
    `SELECT concat_ws('|', customer_id, city, email, valid_from, valid_to, is_current, age) AS v
       FROM dim_customer WHERE customer_key <> -1 ORDER BY customer_id, valid_from`,
  );
  return res.rows.map((r) => r.v);
}

describe('replaying dated customer snapshots', () => {
  it('builds the history from the feed dates, identically on every engine and every run', async () => {
    const results: string[][] = [];
    for (const kind of [...availableKinds(), 'pglite' as const]) {
      const test = await createTestDatabase(kind);
      try {
        results.push(await replay(test.db));
      } finally {
        await test.drop();
      }
    }
    expect(results[0]).toEqual([
      'CUST000001|Albany|c1@example.com|2023-01-15|2024-03-01|f|34',
      'CUST000001|Boston|c1@example.com|2024-03-01|2024-06-01|f|34',
      'CUST000001|Denver|c1@example.com|2024-06-01|9999-12-31|t|34',
      'CUST000002|Buffalo|new2@example.com|2023-01-15|9999-12-31|t|34',
      'CUST000003|Ithaca|c3@example.com|2023-01-15|2024-06-01|f|34',
      'CUST000003|Syracuse|c3@example.com|2024-06-01|9999-12-31|t|34',
      'CUST000004|Utica|c4@example.com|2023-01-15|9999-12-31|t|34',
    ]);
    // a second replay (another run, another day) and the other engine give the same rows
    for (const other of results.slice(1)) expect(other).toEqual(results[0]);
  });
});
